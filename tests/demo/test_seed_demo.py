from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db.models import Sum

from grants.models import Application, Councillor, LedgerEntry, Organisation, Status, Strand, Ward, WardPot
from kbt.accounts.models import User
from tests.demo.test_demo_settings import ROOT

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
    assert 8 <= Organisation.objects.count() <= 12
    assert 35 <= Application.objects.count() <= 45
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
    # Held, not marked sent: nobody received them, and no sweep will send them.
    assert not OutboxEmail.objects.exclude(status=OutboxEmail.Status.HELD).exists()
    assert not OutboxEmail.objects.filter(sent_at__isnull=False).exists()
    assert not any("_queue_deliveries" in repr(callback) for callback in callbacks)
    assert mail.outbox == []


def test_held_demo_emails_are_never_sent_by_the_sweep(django_capture_on_commit_callbacks):
    from kbt.outbox.models import OutboxEmail
    from kbt.outbox.services import emails_sweep

    call_command("seed_demo", stdout=StringIO())
    held = OutboxEmail.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert emails_sweep().queued == 0
    assert OutboxEmail.objects.filter(status=OutboxEmail.Status.HELD).count() == held
    assert mail.outbox == []


def test_make_run_leaves_the_sign_ins_to_be_printed_once_the_portal_is_up():
    out = StringIO()
    call_command("seed_demo", "--no-sign-ins", stdout=out)
    assert "Demo data ready" in out.getvalue() and "+--" not in out.getvalue()
    assert "seed_demo --no-sign-ins" in (ROOT / "Makefile").read_text()
    assert "signins: python manage.py demo_sign_ins --when-up" in (ROOT / "Procfile.dev").read_text()


def test_a_finance_sign_in_is_shown_once_someone_is_in_the_finance_group():
    from django.contrib.auth.models import Group

    call_command("seed_demo", "--no-sign-ins", stdout=StringIO())
    out = StringIO()
    call_command("demo_sign_ins", stdout=out)
    assert "Finance" not in out.getvalue()
    finance = User.objects.create_user(email="finance@knowsley.example", password="x" * 12, is_staff=True)
    finance.groups.add(Group.objects.get_or_create(name="Finance")[0])
    out = StringIO()
    call_command("demo_sign_ins", stdout=out)
    [line] = [line for line in out.getvalue().splitlines() if "finance@knowsley.example" in line]
    assert line.startswith("| Finance ")
