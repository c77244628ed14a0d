from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db.models import Sum

from grants.models import (
    HOLDING_MONEY,
    Application,
    BankDetails,
    Councillor,
    LedgerEntry,
    Offer,
    Organisation,
    OutcomeTarget,
    Report,
    ReportState,
    Status,
    Strand,
    Ward,
    WardPot,
)
from grants.selectors.published import published_grants
from grants.wards import ward_codes
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
    # The groups and bids of every status, and the register's groups and grants (one group in each ward).
    assert 30 <= Organisation.objects.count() <= 40
    assert 85 <= Application.objects.count() <= 110
    for strand in Strand.objects.all():
        statuses = set(strand.applications.values_list("status", flat=True))
        # "Councillors split" needs a majority-rule strand: tests/grants/test_split_decisions.py covers it.
        assert statuses == set(Status) - {Status.COUNCILLORS_SPLIT}, strand
    # The ledger agrees with the approvals: every approved or running grant has its award committed
    # (committed: every entry but "paid" ones, which record payments of committed money).
    for application in Application.objects.filter(status__in=[s for s in HOLDING_MONEY]):
        assert application.ledger_entries.committed().aggregate(s=Sum("amount"))["s"] == application.amount_awarded
    for application in Application.objects.filter(status=Status.OFFER_DECLINED):
        assert application.ledger_entries.committed().aggregate(s=Sum("amount"))["s"] == 0
    # Offers in each state: issued, varied, expired, declined, accepted with the signed letter kept, and
    # bank details confirmed, waiting for a name check, and changed after acceptance.
    assert Offer.objects.filter(version__gt=1, is_current=True, application__status=Status.OFFER_ISSUED).exists()
    assert all(o.signed_pdf for o in Offer.objects.filter(is_current=True, application__status=Status.GRANT_ACTIVE))
    assert Application.objects.filter(
        organisation__memberships__user__email="applicant@example.org", status=Status.OFFER_ISSUED
    ).exists()
    current = BankDetails.objects.filter(is_current=True)
    assert current.filter(needs_confirmation=False).exists()
    assert current.filter(needs_confirmation=True, changed_after_acceptance=True).exists()
    assert current.filter(needs_confirmation=True).exclude(name_mismatch_reason="").exists()
    for strand in Strand.objects.all():
        committed = LedgerEntry.objects.committed().filter(strand=strand).aggregate(s=Sum("amount"))["s"]
        assert strand.committed == (committed or 0)
    for pot in WardPot.objects.all():
        assert pot.committed == (pot.ledger_entries.committed().aggregate(s=Sum("amount"))["s"] or 0)
    # Reports in each state, one overdue, and the demo applicant's grant has one in progress.
    assert set(Report.objects.values_list("state", flat=True)) == set(ReportState)
    assert Report.objects.filter(overdue_at__isnull=False, state=ReportState.NOT_STARTED).exists()
    assert Report.objects.filter(
        application__organisation__memberships__user__email="applicant@example.org", state=ReportState.IN_PROGRESS
    ).exists()
    assert OutcomeTarget.objects.exists()
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
    # Held, not marked sent: nobody received them, and no sweep will send them.
    assert not OutboxEmail.objects.exclude(status=OutboxEmail.Status.HELD).exists()
    assert not OutboxEmail.objects.filter(sent_at__isnull=False).exists()
    assert not any("_queue_deliveries" in repr(callback) for callback in callbacks)
    assert mail.outbox == []


def test_seed_demo_has_shared_drafts_comments_support_and_ideas_in_several_wards():
    from grants.models import CouncillorIdea, CouncillorSupport, DraftComment, DraftShare

    call_command("seed_demo", stdout=StringIO())
    before = counts()
    shared_wards = set(DraftShare.objects.values_list("application__ward__name", flat=True))
    assert {"Longview", "Whiston North", "Kirkby Central"} <= shared_wards
    assert DraftComment.objects.filter(reply_to__isnull=True).count() >= 3
    assert DraftComment.objects.filter(reply_to__isnull=False).count() >= 2
    assert CouncillorSupport.objects.count() >= 2
    assert len(set(CouncillorIdea.objects.values_list("ward__name", flat=True))) >= 4
    call_command("seed_demo", stdout=StringIO())
    assert counts() == before


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


def test_the_two_finance_sign_ins_are_shown_and_only_while_they_are_in_the_finance_group():
    call_command("seed_demo", "--no-sign-ins", stdout=StringIO())
    out = StringIO()
    call_command("demo_sign_ins", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("| Finance")]
    assert [line.split()[1:4] for line in lines] == [
        ["Finance", "(builds", "runs)"],
        ["Finance", "(approves", "runs)"],
    ]
    assert "finance@knowsley.example" in lines[0] and "finance2@knowsley.example" in lines[1]
    User.objects.get(email="finance2@knowsley.example").groups.clear()
    out = StringIO()
    call_command("demo_sign_ins", stdout=out)
    assert "finance2@knowsley.example" not in out.getvalue()
