"""Payment runs: built by Finance from due instalments, approved by a different person, the payment
file downloaded (and audited), then paid by hand or by a remittance file, each payment in the ledger."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from grants import services
from grants.models import Instalment, LedgerEntry, PaymentRun, Strand
from grants.services import ledger, payments
from grants.services.payment_files import RemittanceInvalid, payment_file_lines, remittance_import
from grants.services.payment_runs import arrival_date, run_approve, run_build, run_discard, run_mark_paid
from grants.services.payments import Planned
from kbt.audit.models import AuditEntry
from tests.grants.payment_factories import TODAY, finance, give_bank_details, running_grant

pytestmark = pytest.mark.django_db
D = Decimal
PAID_ON = timezone.localdate()


@pytest.fixture
def team():
    return finance(full_name="Fay Builder"), finance(full_name="Gus Approver")


def approved_run(team, **fields):
    grant = running_grant(**fields)
    builder, approver = team
    run = run_build(actor=builder, today=TODAY)
    run = run_approve(run=run, actor=approver)[0]
    run.grant = grant
    return run


def test_a_run_holds_every_due_instalment_and_only_those(team):
    due = running_grant(amount="5000.00")
    running_grant(amount="2000.00", today=TODAY + dt.timedelta(days=1))  # not due yet
    held = running_grant(amount="3000.00")
    payments.hold_unpaid(held, reason="report_overdue", actor=None)
    unconfirmed = running_grant(amount="1000.00")
    give_bank_details(unconfirmed, needs_confirmation=True)

    run = run_build(actor=team[0], today=TODAY)

    assert run.status == PaymentRun.Status.BUILT
    assert list(run.instalments.values_list("application", flat=True)) == [due.pk]
    assert (run.instalment_count, run.total) == (1, D("5000.00"))
    assert due.instalments.get().status == Instalment.Status.IN_RUN


def test_nothing_due_builds_no_run(team):
    with pytest.raises(payments.PaymentRefused, match="No instalments are due"):
        run_build(actor=team[0], today=TODAY)
    assert not PaymentRun.objects.exists()


def test_only_finance_builds_approves_and_pays(team):
    grant = running_grant()
    for person in (grant.cast.officer, grant.applicant, grant.cast.panel):
        with pytest.raises(services.ActionForbidden, match="Only a member of Finance"):
            run_build(actor=person, today=TODAY)
    run = run_build(actor=team[0], today=TODAY)
    with pytest.raises(services.ActionForbidden):
        run_approve(run=run, actor=grant.cast.officer)
    with pytest.raises(services.ActionForbidden):
        list(payment_file_lines(run=run, actor=grant.cast.officer))


def test_the_builder_never_approves_their_own_run(team):
    running_grant()
    run = run_build(actor=team[0], today=TODAY)
    with pytest.raises(services.ActionForbidden, match="a different member of Finance must approve it"):
        run_approve(run=run, actor=team[0])
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.BUILT and run.approved_by is None


def test_the_database_refuses_a_run_approved_by_its_builder(team):
    running_grant()
    run = run_build(actor=team[0], today=TODAY)
    with pytest.raises(IntegrityError, match="payment_run_approver_is_not_builder"):
        with transaction.atomic():
            PaymentRun.objects.filter(pk=run.pk).update(
                status="approved", approved_by=team[0], approved_at=timezone.now()
            )


def test_approving_leaves_out_a_grant_held_since_the_run_was_built(team):
    kept, held = running_grant(amount="5000.00"), running_grant(amount="3000.00")
    run = run_build(actor=team[0], today=TODAY)
    payments.hold_unpaid(held, reason="bank_details", actor=None)

    run, left_out = run_approve(run=run, actor=team[1])

    assert left_out == 1
    assert (run.status, run.instalment_count, run.total) == ("approved", 1, D("5000.00"))
    assert held.instalments.get().status == Instalment.Status.SCHEDULED
    assert kept.instalments.get().paid_to == kept.bank_details.get(is_current=True)


def test_a_run_whose_every_instalment_is_now_held_is_not_approved(team):
    grant = running_grant()
    run = run_build(actor=team[0], today=TODAY)
    payments.hold_unpaid(grant, reason="officer", actor=grant.cast.officer, note="Fraud check")
    with pytest.raises(payments.PaymentRefused, match="discard the run"):
        run_approve(run=run, actor=team[1])


def test_an_approved_run_is_not_approved_again_nor_discarded(team):
    run = approved_run(team)
    with pytest.raises(services.TransitionNotAllowed):
        run_approve(run=run, actor=finance())
    with pytest.raises(services.TransitionNotAllowed):
        run_discard(run=run, actor=team[0])


def test_discarding_a_run_puts_its_instalments_back_for_the_next(team):
    grant = running_grant()
    run = run_discard(run=run_build(actor=team[0], today=TODAY), actor=team[1])
    assert run.status == PaymentRun.Status.DISCARDED
    assert grant.instalments.get().status == Instalment.Status.SCHEDULED
    assert run_build(actor=team[0], today=TODAY).instalment_count == 1


def test_the_payment_file_has_full_details_and_its_download_is_audited(team):
    run = approved_run(team, amount="2500.00")
    grant = run.grant
    give_bank_details(grant, account_number="99990000")  # a change after approval never reaches the file

    lines = list(payment_file_lines(run=run, actor=team[0]))

    rows = list(csv.reader(io.StringIO("".join(lines))))
    assert rows == [
        ["Payee name", "Sort code", "Account number", "Building society roll number", "Amount", "Reference"],
        [grant.organisation.name, "12-34-56", "12345678", "", "2500.00", f"{grant.reference}-1"],
    ]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORTED, target_id=str(run.pk))
    assert entry.actor == team[0] and "1 payments, £2,500" in entry.detail
    assert "12345678" not in entry.detail


def test_a_built_run_has_no_payment_file(team):
    running_grant()
    run = run_build(actor=team[0], today=TODAY)
    with pytest.raises(services.TransitionNotAllowed):
        payment_file_lines(run=run, actor=team[1])


def test_a_payee_name_that_looks_like_a_formula_is_made_plain_text(team):
    running_grant()
    grant = Instalment.objects.get().application
    details = grant.bank_details.get(is_current=True)
    details.account_name = "=HYPERLINK(1)"
    details.save()
    run = run_approve(run=run_build(actor=team[0], today=TODAY), actor=team[1])[0]
    assert "'=HYPERLINK(1)" in "".join(payment_file_lines(run=run, actor=team[0]))


def test_marking_a_run_paid_writes_the_ledger_and_tells_the_group(team, django_capture_on_commit_callbacks):
    run = approved_run(team, amount="2500.00")
    instalment = run.instalments.get()
    grant = run.grant
    strand = Strand.objects.get(pk=grant.strand_id)
    committed_before = strand.committed

    with django_capture_on_commit_callbacks(execute=True):
        run = run_mark_paid(run=run, actor=team[0], paid_on=PAID_ON, finance_reference="BACS-0042")

    instalment.refresh_from_db()
    assert (run.status, run.paid_on, run.finance_reference) == ("paid", PAID_ON, "BACS-0042")
    assert (instalment.status, instalment.paid_on) == ("paid", PAID_ON)
    entry = LedgerEntry.objects.get(kind=LedgerEntry.Kind.PAID)
    assert (entry.amount, entry.instalment, entry.application) == (D("2500.00"), instalment, grant)
    strand.refresh_from_db()
    assert strand.committed == committed_before  # paying does not change what is committed
    assert ledger.paid_from_strand(strand) == D("2500.00")
    arrives = arrival_date(PAID_ON)
    subject = f"£2,500 will reach your account ending 5678 by {arrives:%-d %B}"
    assert [m.subject for m in mail.outbox] == [subject]
    assert mail.outbox[0].to == [grant.applicant.email]
    assert f"{grant.reference}-1" in mail.outbox[0].body


@pytest.mark.parametrize(
    "paid_on, reference, message",
    [(PAID_ON, " ", "finance system's reference"), (PAID_ON + dt.timedelta(days=1), "X1", "today or earlier")],
)
def test_marking_paid_needs_a_date_not_in_the_future_and_a_reference(team, paid_on, reference, message):
    run = approved_run(team)
    with pytest.raises(services.MissingInput, match=message):
        run_mark_paid(run=run, actor=team[0], paid_on=paid_on, finance_reference=reference)
    assert not LedgerEntry.objects.paid().exists()


def test_only_an_approved_run_is_marked_paid_and_only_once(team):
    running_grant()
    built = run_build(actor=team[0], today=TODAY)
    with pytest.raises(services.TransitionNotAllowed):
        run_mark_paid(run=built, actor=team[0], paid_on=PAID_ON, finance_reference="X1")
    run = run_approve(run=built, actor=team[1])[0]
    run_mark_paid(run=run, actor=team[0], paid_on=PAID_ON, finance_reference="X1")
    with pytest.raises(services.TransitionNotAllowed):
        run_mark_paid(run=run, actor=team[0], paid_on=PAID_ON, finance_reference="X1")
    assert LedgerEntry.objects.paid().count() == 1


def test_a_paid_instalment_never_changes_and_is_never_paid_twice(team):
    run = approved_run(team)
    run_mark_paid(run=run, actor=team[0], paid_on=PAID_ON, finance_reference="X1")
    instalment = run.instalments.get()
    with pytest.raises(IntegrityError, match="a paid instalment never changes"):
        with transaction.atomic():
            Instalment.objects.filter(pk=instalment.pk).update(due_date=TODAY)
    with pytest.raises(IntegrityError, match="ledger_instalment_paid_once"):
        with transaction.atomic():
            ledger.pay(instalments=[instalment], actor=team[0])


def test_a_schedule_change_leaves_paid_and_running_instalments_alone(team):
    grant = running_grant(amount="5000.00")
    payments.schedule_change(
        grant,
        planned=[Planned(TODAY, D("3000.00")), Planned(TODAY + dt.timedelta(days=90), D("2000.00"))],
        reason="Split",
        actor=grant.cast.officer,
    )
    run = run_approve(run=run_build(actor=team[0], today=TODAY), actor=team[1])[0]
    change = payments.schedule_change(
        grant, planned=[Planned(TODAY + dt.timedelta(days=30), D("2000.00"))], reason="Sooner", actor=grant.cast.officer
    )
    assert "(in a payment run)" in change.after
    assert list(grant.instalments.order_by("number").values_list("number", "status", "payment_run")) == [
        (1, "in_run", run.pk),
        (2, "scheduled", None),
    ]


def test_withdrawing_a_grant_in_an_approved_run_is_refused_until_paid(team):
    run = approved_run(team)
    grant = run.grant
    withdraw = dict(application=grant, action="withdraw_grant", actor=grant.cast.officer, reason="x")
    with pytest.raises(payments.PaymentRefused, match="approved payment run"):
        services.application_transition(**withdraw)
    run_mark_paid(run=run, actor=team[0], paid_on=PAID_ON, finance_reference="X1")
    services.application_transition(**withdraw)
    assert LedgerEntry.objects.paid().count() == 1
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.WITHDRAWAL_REVERSAL).exists()  # all was paid


def test_withdrawing_takes_an_instalment_out_of_a_run_waiting_for_approval(team):
    grant = running_grant()
    run = run_build(actor=team[0], today=TODAY)
    services.application_transition(application=grant, action="withdraw_grant", actor=grant.cast.officer, reason="x")
    run.refresh_from_db()
    assert (run.instalment_count, run.total) == (0, D("0"))
    assert grant.instalments.get().status == "cancelled"


def remittance(*rows):
    return "reference,amount,date paid\n" + "".join(f"{r},{a},{d}\n" for r, a, d in rows)


def test_a_remittance_file_marks_instalments_and_whole_runs_paid(team):
    run = approved_run(team, amount="2500.00")
    reference = run.instalments.get().reference
    runs = remittance_import(text=remittance((reference, "2500.00", PAID_ON)), actor=team[0], finance_reference="R1")
    assert [r.pk for r in runs] == [run.pk]
    run.refresh_from_db()
    assert (run.status, run.paid_on) == ("paid", PAID_ON)
    assert LedgerEntry.objects.paid().get().amount == D("2500.00")


def test_a_remittance_with_any_problem_changes_nothing_and_says_which_lines(team):
    run = approved_run(team, amount="2500.00")
    reference = run.instalments.get().reference
    text = remittance(
        (reference, "2400.00", PAID_ON), ("KBT-ENV-99999-1", "10", PAID_ON), (reference, "x", "2027-01-01")
    )
    with pytest.raises(RemittanceInvalid) as refused:
        remittance_import(text=text, actor=team[0], finance_reference="R1")
    assert refused.value.problems == ["line 4: the amount “x” is not an amount in pounds"]
    text = remittance((reference, "2400.00", PAID_ON), ("KBT-ENV-99999-1", "10", PAID_ON))
    with pytest.raises(RemittanceInvalid) as refused:
        remittance_import(text=text, actor=team[0], finance_reference="R1")
    assert refused.value.problems == [
        f"line 2: {reference} is for £2,500, not £2,400",
        "line 3: KBT-ENV-99999-1 is not waiting for payment",
    ]
    with pytest.raises(RemittanceInvalid, match="headings"):
        remittance_import(text="ref,amt\n", actor=team[0], finance_reference="R1")
    assert not LedgerEntry.objects.paid().exists()
    assert run.instalments.get().status == "in_run"


def test_after_payment_the_counters_still_match_the_ledger_and_money_can_be_returned(team):
    from grants.services.budgets import budgets_reconcile

    run = approved_run(team, amount="2500.00")
    run_mark_paid(run=run, actor=team[0], paid_on=PAID_ON, finance_reference="X1")
    grant = run.grant
    # Returning money moves the committed counter: PostgreSQL's trigger checks it against the ledger
    # without the paid entry, and the hourly check agrees.
    payments.underspend_record(grant, amount=D("500.00"), actor=grant.cast.officer, note="Left over")
    strand = Strand.objects.get(pk=grant.strand_id)
    assert strand.committed == ledger.committed_to_strand(strand)
    assert ledger.paid_from_strand(strand) == D("2500.00")
    check = budgets_reconcile()
    assert check.mismatches == []
