"""A grant's payment schedule and what holds it: the only writer of instalments outside a payment run.

Lock order, the same as the ledger's: application, then its instalments (then strand and ward pot, in
the ledger). Payment runs (grants/services/payment_runs.py) lock instalments only, never applications,
so the two never wait on each other in a circle. The database backs the main rules: instalments add up
to the award (checked at commit), a paid instalment never changes (migration 0013).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from ..models import Application, Condition, Instalment, LedgerEntry, PaymentHold, ScheduleChange, Strand
from ..models.payments import PAYABLE_STATUSES
from ..money import pounds
from . import ledger
from .errors import ActionForbidden, MissingInput, PaymentRefused, TransitionNotAllowed
from .payment_runs import run_totals_refresh

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
Reason = PaymentHold.Reason
PAYABLE = PAYABLE_STATUSES
__all__ = ["PaymentRefused", "Planned", "make_schedule", "schedule_change", "hold_unpaid", "release_holds"]


@dataclass(frozen=True)
class Planned:
    """One instalment of a new schedule, as an officer types it."""

    due_date: dt.date
    amount: Decimal
    condition: str = Condition.NONE


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("strand").get(pk=application.pk)


def _describe(instalments) -> str:
    return "; ".join(
        f"{i.number}: {pounds(i.amount)} due {i.due_date:%-d %B %Y}"
        + (" once a report is accepted" if i.condition else "")
        + ("" if i.status == Instalment.Status.SCHEDULED else f" ({i.get_status_display().lower()})")
        for i in instalments
    )


def _first_april(year: int) -> dt.date:
    return dt.date(year, 4, 1)


def planned_schedule(application: Application, today: dt.date) -> list[Planned]:
    """The default schedule: one payment on acceptance for the environmental strand; for the priorities
    strand one instalment per financial year of the budget, in proportion to each year's costs (the last
    takes what rounding leaves), each due on 1 April of its year (or now), and each after the first
    paid once the previous period's report is accepted."""
    award = application.amount_awarded
    years: list[tuple[int, Decimal]] = []
    if application.strand.kind == Strand.Kind.PRIORITIES:
        years = list(
            application.budget_lines.values_list("financial_year").annotate(cost=Sum("cost")).order_by("financial_year")
        )
    if len(years) <= 1:
        return [Planned(today, award)]
    whole = sum(cost for _, cost in years)
    planned, left = [], award
    for index, (year, cost) in enumerate(years):
        last = index == len(years) - 1
        share = left if last else (award * cost / whole).quantize(PENNY, ROUND_HALF_UP)
        left -= share
        condition = Condition.NONE if index == 0 else Condition.REPORT_ACCEPTED
        planned.append(Planned(max(today, _first_april(year)), share, condition))
    return [p for p in planned if p.amount > 0]


def make_schedule(application: Application, *, actor, today: dt.date | None = None) -> list[Instalment]:
    """Make the grant's payment schedule from its award, once: a second call returns the schedule there is.

    Guarantees: the instalments add up to the award (the database checks it at commit); called inside
    the acceptance's transaction, the schedule exists exactly when the accepted grant does."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _lock(application)
        existing = list(locked.instalments.all())
        if existing:
            return existing
        if not locked.amount_awarded:
            raise PaymentRefused(f"{locked.reference} has no award to pay.")
        instalments = Instalment.objects.bulk_create(
            Instalment(application=locked, number=n, due_date=p.due_date, amount=p.amount, condition=p.condition)
            for n, p in enumerate(planned_schedule(locked, today), start=1)
        )
        return instalments


def schedule_change(application: Application, *, planned: list[Planned], reason: str, actor) -> ScheduleChange:
    """Replace the grant's instalments not yet in a payment run with `planned`.

    Guarantees: only an officer changes a schedule, always with a reason, recorded with the schedule
    before and after; instalments in a run, paid or cancelled stay as they are; the new schedule adds up
    to the award, or nothing changes and the message says by how much it is out."""
    reason = (reason or "").strip()
    if not getattr(actor, "is_officer", False):
        raise ActionForbidden("Only an officer can change a payment schedule.")
    if not reason:
        raise MissingInput("Enter why the schedule is changing.")
    if not planned:
        raise MissingInput("Enter at least one instalment.")
    if any(p.amount is None or p.amount <= 0 for p in planned):
        raise MissingInput("Each instalment must be more than £0.")
    with transaction.atomic():
        locked = _lock(application)
        if locked.status not in PAYABLE:
            raise TransitionNotAllowed(f"{locked.reference} is not a running grant: its schedule cannot change.")
        instalments = list(locked.instalments.select_for_update().order_by("number"))
        kept = [i for i in instalments if i.status != Instalment.Status.SCHEDULED]
        to_plan = locked.amount_awarded - sum((i.amount for i in kept), ZERO)
        total = sum((p.amount for p in planned), ZERO)
        if total != to_plan:
            raise MissingInput(
                f"The instalments add up to {pounds(total)}, but {pounds(to_plan)} is left to schedule "
                f"(the award of {pounds(locked.amount_awarded)}, less what is paid, being paid or cancelled)."
            )
        before = _describe(instalments)
        Instalment.objects.filter(pk__in=[i.pk for i in instalments if i not in kept]).delete()
        start = max((i.number for i in kept), default=0) + 1
        Instalment.objects.bulk_create(
            Instalment(application=locked, number=n, due_date=p.due_date, amount=p.amount, condition=p.condition)
            for n, p in enumerate(sorted(planned, key=lambda p: p.due_date), start=start)
        )
        after = _describe(locked.instalments.order_by("number"))
        return ScheduleChange.objects.create(
            application=locked, reason=reason, before=before, after=after, changed_by=actor
        )


def hold_unpaid(application: Application, *, reason: str, actor, note: str = "") -> PaymentHold:
    """Hold every unpaid instalment of the grant for `reason` ("bank_details", "report_overdue" or
    "officer"), until `release_holds` with the same reason. Holding twice for one reason keeps one hold.

    Guarantees: while a hold is open no instalment of the grant goes into a payment run, and a run
    built before the hold leaves it out when approved; only an officer places an officer's hold."""
    if reason not in Reason.values:
        raise MissingInput("Choose why the payments are held.")
    if reason == Reason.OFFICER and not getattr(actor, "is_officer", False):
        raise ActionForbidden("Only an officer can hold a grant's payments.")
    if reason == Reason.OFFICER and not (note or "").strip():
        raise MissingInput("Enter why the payments are held.")
    with transaction.atomic():
        locked = _lock(application)
        hold = PaymentHold.objects.filter(application=locked, reason=reason, released_at=None).first()
        if hold is None:
            hold = PaymentHold.objects.create(
                application=locked, reason=reason, note=(note or "").strip(), created_by=_person(actor)
            )
        return hold


def release_holds(application: Application, *, reason: str, actor) -> int:
    """End the grant's open holds for `reason`. Returns how many ended (0 or 1). Only an officer ends an
    officer's hold."""
    if reason == Reason.OFFICER and not getattr(actor, "is_officer", False):
        raise ActionForbidden("Only an officer can release an officer's hold.")
    with transaction.atomic():
        locked = _lock(application)
        return PaymentHold.objects.filter(application=locked, reason=reason, released_at=None).update(
            released_at=timezone.now(), released_by=_person(actor)
        )


def condition_met(application: Application, report=None, *, actor=None) -> Instalment | None:
    """A report of the grant was accepted: the earliest unpaid instalment waiting for one may now be
    paid. Returns it, or None when no instalment was waiting."""
    with transaction.atomic():
        _lock(application)
        waiting = (
            Instalment.objects.select_for_update()
            .filter(application=application, status=Instalment.Status.SCHEDULED, condition=Condition.REPORT_ACCEPTED)
            .filter(condition_met_at=None)
            .order_by("number")
            .first()
        )
        if waiting is not None:
            waiting.condition_met_at = timezone.now()
            waiting.save(update_fields=["condition_met_at", "updated_at"])
        return waiting


def cancel_unpaid(application: Application, *, actor, reason: str) -> int:
    """Cancel every instalment not yet paid (the grant is withdrawn), taking any out of a run still
    waiting for approval. Call inside the caller's transaction with the application locked.

    Guarantees: refuses, changing nothing, while an instalment is in an approved run (its payment file
    has gone to the finance system): mark that run paid first. Paid instalments stay paid."""
    instalments = Instalment.objects.select_for_update(of=("self",)).select_related("payment_run")
    unpaid = [i for i in instalments.filter(application=application) if i.status in ("scheduled", "in_run")]
    if any(i.payment_run and i.payment_run.status != "built" for i in unpaid):
        raise PaymentRefused(
            f"An instalment of {application.reference} is in an approved payment run: mark that run paid first."
        )
    runs = {i.payment_run_id for i in unpaid if i.payment_run_id}
    count = Instalment.objects.filter(pk__in=[i.pk for i in unpaid]).update(
        status=Instalment.Status.CANCELLED, payment_run=None, cancelled_reason=reason[:200], updated_at=timezone.now()
    )
    if runs:
        run_totals_refresh(runs)
    return count


def underspend_record(application: Application, *, amount: Decimal, actor, note: str = "") -> LedgerEntry:
    """Record money the grant will not use, or has given back: a "returned" (underspend) ledger entry,
    and the money back to the strand and ward pot. As much of it as is still to pay is taken off the
    last unpaid instalments (cancelled, or split with the part not needed cancelled), so the grant is
    never paid money it has returned; the instalments still add up to the award."""
    with transaction.atomic():
        locked = _lock(application)
        try:
            wanted = max(Decimal(str(amount)).quantize(PENNY), ZERO) if amount not in (None, "") else ZERO
        except (ArithmeticError, ValueError):
            wanted = ZERO  # the ledger says what is wrong with the amount
        _cancel_from_last(locked, min(wanted, sum((i.amount for i in locked.instalments.unpaid()), ZERO)))
        return ledger.return_money(application=locked, amount=amount, actor=actor, note=note)


def _cancel_from_last(application: Application, cut: Decimal) -> None:
    unpaid = list(application.instalments.unpaid().select_for_update().order_by("-number"))
    number = (application.instalments.aggregate(n=Max("number"))["n"] or 0) + 1
    for instalment in unpaid:
        if cut <= 0:
            break
        if instalment.amount <= cut:
            cut -= instalment.amount
            instalment.status, instalment.cancelled_reason = Instalment.Status.CANCELLED, "Not needed: underspend"
            instalment.save(update_fields=["status", "cancelled_reason", "updated_at"])
            continue
        instalment.amount -= cut
        instalment.save(update_fields=["amount", "updated_at"])
        Instalment.objects.create(
            application=application,
            number=number,
            due_date=instalment.due_date,
            amount=cut,
            status=Instalment.Status.CANCELLED,
            cancelled_reason=f"Not needed: underspend (from instalment {instalment.number})",
        )
        cut = ZERO


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
