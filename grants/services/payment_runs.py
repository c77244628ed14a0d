"""Payment runs: one member of Finance builds a run from due instalments, a different one approves it
(which fixes its instalments and makes the payment file), and Finance marks it paid or imports the
finance system's remittance. Each paid instalment writes a "paid" ledger entry.

Every step runs in a fixed number of queries whatever the run's size (emails on payment apart: one
per grant paid). Runs lock instalments (by id order), never applications: a schedule change locks the
application first and then the same instalments, so a change that races a run waits, then sees the
instalment in the run and leaves it alone.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils import timezone

from kbt.reminders.days import is_working_day

from ..models import BankDetails, Instalment, PaymentRun
from ..money import pounds
from . import ledger
from .errors import ActionForbidden, MissingInput, PaymentRefused, TransitionNotAllowed

ZERO = Decimal("0.00")
# BACS: money sent today reaches the account on the third working day.
CLEARING_WORKING_DAYS = 3
S = Instalment.Status


def _finance_only(actor, doing: str):
    if not getattr(actor, "is_finance", False):
        raise ActionForbidden(f"Only a member of Finance can {doing}.")


def _lock_run(run: PaymentRun) -> PaymentRun:
    return PaymentRun.objects.select_for_update().get(pk=run.pk)


def run_totals_refresh(run_ids) -> None:
    """Bring each run's count and total up to date with its instalments."""
    for run_id in run_ids:
        figures = Instalment.objects.filter(payment_run_id=run_id).aggregate(n=Count("id"), total=Sum("amount"))
        PaymentRun.objects.filter(pk=run_id).update(instalment_count=figures["n"], total=figures["total"] or ZERO)


def run_build(*, actor, today: dt.date | None = None) -> PaymentRun:
    """Build a payment run from every instalment due today: its date reached, its condition met, its
    grant running and not on hold, its bank details given and confirmed.

    Guarantees: only Finance builds; each instalment is locked and put in this run only if it is still
    unpaid and in no run, so two runs built at once never share one; five queries, whatever the size."""
    _finance_only(actor, "build a payment run")
    today = today or timezone.localdate()
    with transaction.atomic():
        due = Instalment.objects.due(today).select_for_update(of=("self",)).order_by("pk")
        due = list(due.values_list("pk", flat=True))
        if not due:
            raise PaymentRefused("No instalments are due for payment, so there is nothing to put in a run.")
        run = PaymentRun.objects.create(built_by=actor)
        Instalment.objects.filter(pk__in=due, status=S.SCHEDULED, payment_run=None).update(
            status=S.IN_RUN, payment_run=run, updated_at=timezone.now()
        )
        run_totals_refresh([run.pk])
        run.refresh_from_db()
        return run


def run_approve(*, run: PaymentRun, actor) -> tuple[PaymentRun, int]:
    """Approve a built run: its instalments are fixed and its payment file can be downloaded.

    Guarantees: only Finance approves, and never the person who built the run (the database refuses it
    too); an instalment held, or whose grant is no longer payable, since the run was built is taken
    out and goes back to its schedule; each instalment records the bank details it pays to, so a later
    change of details never reaches this run's file. Returns the run and how many were taken out."""
    _finance_only(actor, "approve a payment run")
    with transaction.atomic():
        locked = _lock_run(run)
        if locked.status != PaymentRun.Status.BUILT:
            raise TransitionNotAllowed(f"{locked} is {locked.get_status_display().lower()}: it cannot be approved.")
        if locked.built_by_id == actor.pk:
            raise ActionForbidden("You built this run: a different member of Finance must approve it.")
        ids = list(locked.instalments.select_for_update().order_by("pk").values_list("pk", flat=True))
        still_payable = Instalment.objects.payable().filter(pk__in=ids)
        left_out = (
            Instalment.objects.filter(pk__in=ids)
            .exclude(pk__in=still_payable)
            .update(status=S.SCHEDULED, payment_run=None, updated_at=timezone.now())
        )
        if left_out == len(ids):
            raise PaymentRefused(f"Every instalment in {locked} is now on hold: discard the run instead.")
        _fix_bank_details(locked)
        locked.status, locked.approved_by, locked.approved_at = PaymentRun.Status.APPROVED, actor, timezone.now()
        locked.save(update_fields=["status", "approved_by", "approved_at"])
        run_totals_refresh([locked.pk])
        locked.refresh_from_db()
        return locked, left_out


def _fix_bank_details(run: PaymentRun) -> None:
    """Record the confirmed, current bank details each instalment of the run pays to, in one query."""
    current = BankDetails.objects.filter(
        application=OuterRef("application"), is_current=True, needs_confirmation=False
    ).values("pk")[:1]
    run.instalments.update(paid_to=Subquery(current))


def run_discard(*, run: PaymentRun, actor) -> PaymentRun:
    """Discard a run not yet approved: its instalments go back to their schedules, to be paid later."""
    _finance_only(actor, "discard a payment run")
    with transaction.atomic():
        locked = _lock_run(run)
        if locked.status != PaymentRun.Status.BUILT:
            raise TransitionNotAllowed(f"{locked} is {locked.get_status_display().lower()}: it cannot be discarded.")
        locked.instalments.update(status=S.SCHEDULED, payment_run=None, updated_at=timezone.now())
        locked.status = PaymentRun.Status.DISCARDED
        locked.save(update_fields=["status"])
        return locked


def run_mark_paid(*, run: PaymentRun, actor, paid_on: dt.date, finance_reference: str) -> PaymentRun:
    """Record that the finance system paid an approved run: every instalment in it is paid, each with a
    "paid" ledger entry, and each grant's members are told when the money reaches their account.

    Guarantees: only Finance; only an approved run; a date not in the future and the finance system's
    reference are required; a paid instalment never changes again (the database refuses it)."""
    _finance_only(actor, "mark a payment run paid")
    finance_reference = (finance_reference or "").strip()
    if not finance_reference:
        raise MissingInput("Enter the finance system's reference for this payment.")
    if paid_on is None or paid_on > timezone.localdate():
        raise MissingInput("Enter the date the payment was made: today or earlier.")
    with transaction.atomic():
        locked = _lock_run(run)
        if locked.status != PaymentRun.Status.APPROVED:
            raise TransitionNotAllowed(f"{locked} is {locked.get_status_display().lower()}: it cannot be marked paid.")
        instalments = list(
            locked.instalments.select_for_update(of=("self",)).filter(status=S.IN_RUN).select_related("application")
        )
        instalments_pay(instalments, actor=actor, paid_on=paid_on, finance_reference=finance_reference)
        locked.status, locked.paid_by = PaymentRun.Status.PAID, actor
        locked.paid_on, locked.finance_reference = paid_on, finance_reference
        locked.save(update_fields=["status", "paid_by", "paid_on", "finance_reference"])
        return locked


def instalments_pay(instalments: list[Instalment], *, actor, paid_on: dt.date, finance_reference: str) -> None:
    """Mark locked instalments of approved runs paid, write their ledger entries and the emails."""
    Instalment.objects.filter(pk__in=[i.pk for i in instalments], status=S.IN_RUN).update(
        status=S.PAID, paid_on=paid_on, finance_reference=finance_reference[:100], updated_at=timezone.now()
    )
    ledger.pay(instalments=instalments, actor=actor, note=f"Paid on {paid_on:%-d %B %Y}, {finance_reference}")
    by_grant = defaultdict(list)
    for instalment in instalments:
        by_grant[instalment.application_id].append(instalment)
    from ..payment_emails import payment_sent_emails

    payment_sent_emails(by_grant, arrives_by=arrival_date(paid_on))


def arrival_date(paid_on: dt.date) -> dt.date:
    day, left = paid_on, CLEARING_WORKING_DAYS
    while left:
        day += dt.timedelta(days=1)
        left -= is_working_day(day)
    return day


def run_summary(run: PaymentRun) -> str:
    return f"{run}: {run.instalment_count} instalments, {pounds(run.total)}"
