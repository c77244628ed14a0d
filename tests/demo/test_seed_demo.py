from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db.models import Sum

from grants.models import Application, Councillor, LedgerEntry, Organisation, Status, Strand, Ward, WardPot
from grants.selectors.published import published_grants
from grants.wards import ward_codes
from kbt.accounts.models import User

pytestmark = pytest.mark.django_db


def counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_seed_demo_creates_the_fund_people_and_applications_in_every_status():
    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert Ward.objects.count() == 21
    assert all(ward.councillors.count() == 3 for ward in Ward.objects.all())
    assert Councillor.objects.count() == 63
    assert {s.code: s.budget for s in Strand.objects.all()} == {"ENV": Decimal("300000"), "PRI": Decimal("700000")}
    assert all(strand.criteria.count() >= 5 and strand.rounds.open().exists() for strand in Strand.objects.all())
    # The groups and bids of every status, and the register's groups and grants (one group in each ward).
    assert 30 <= Organisation.objects.count() <= 36
    assert 85 <= Application.objects.count() <= 100
    for strand in Strand.objects.all():
        statuses = set(strand.applications.values_list("status", flat=True))
        assert statuses == set(Status), strand
    # The ledger agrees with the approvals: every approved or running grant has its award committed.
    for application in Application.objects.filter(status__in=[Status.APPROVED, Status.GRANT_ACTIVE, Status.COMPLETED]):
        assert application.ledger_entries.aggregate(s=Sum("amount"))["s"] == application.amount_awarded
    for strand in Strand.objects.all():
        assert strand.committed == (LedgerEntry.objects.filter(strand=strand).aggregate(s=Sum("amount"))["s"] or 0)
    for pot in WardPot.objects.all():
        assert pot.committed == (pot.ledger_entries.aggregate(s=Sum("amount"))["s"] or 0)
    # The sign-ins it prints work.
    text = out.getvalue()
    for email in (
        "officer@knowsley.example",
        "panel@knowsley.example",
        "cllr.longview.1@knowsley.example",
        "applicant@example.org",
    ):
        assert email in text
        assert User.objects.get(email=email).check_password("better-together-demo")
    assert User.objects.get(email="officer@knowsley.example").is_officer
    # The public register has grants in every ward, with the wards' official codes for the map and the
    # open data, and one grant and one group's postcode kept off it with a reason.
    published = published_grants()
    assert published.count() >= 40
    assert set(published.exclude(ward=None).values_list("ward__name", flat=True)) == set(ward_codes())
    assert all(ward.code == ward_codes()[ward.name] for ward in Ward.objects.all())
    assert published.filter(strand__code="PRI").count() >= 8
    assert Application.objects.filter(withheld=True).exclude(withheld_reason="").count() == 1
    assert Organisation.objects.filter(postcode_withheld=True).exclude(postcode_withheld_reason="").count() == 1
    assert not published.filter(public_summary="").exists()
    assert User.objects.get(email="panel@knowsley.example").is_panel_member


def test_running_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    before = counts()
    committed = list(Strand.objects.values_list("code", "committed"))

    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert counts() == before
    assert list(Strand.objects.values_list("code", "committed")) == committed
    assert "0 new applications" in out.getvalue()


def test_the_sign_ins_come_last_in_a_box_with_a_councillor_for_every_ward_and_the_partner():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()

    box = text[text.index("+--") :]
    assert text.index("Demo data ready") < text.index("+--")
    lines = box.strip().splitlines()
    assert lines[0] == lines[-1] and set(lines[0]) == {"+", "-"}
    assert all(line.startswith("| ") and line.endswith(" |") and len(line) == len(lines[0]) for line in lines[1:-1])
    for email in (
        "officer@knowsley.example",
        "panel@knowsley.example",
        "admin@knowsley.example",
        "applicant@example.org",
        "network@employers.example.org",
    ):
        assert email in box
        assert User.objects.get(email=email).check_password("better-together-demo")
    for ward in Ward.objects.all():
        (line,) = [line for line in lines if f" {ward.name} ward" in line]
        email = line.split()[2]
        assert Councillor.objects.get(user__email=email).wards.filter(pk=ward.pk).exists()
        assert User.objects.get(email=email).check_password("better-together-demo")


def test_seeding_writes_its_emails_to_the_outbox_but_delivers_none(django_capture_on_commit_callbacks):
    from kbt.outbox.models import OutboxEmail

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("seed_demo", stdout=StringIO())

    assert OutboxEmail.objects.count() > 50
    assert not OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT).exists()
    assert not any("_queue_deliveries" in repr(callback) for callback in callbacks)
    assert mail.outbox == []
