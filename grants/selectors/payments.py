"""What a grant has been awarded, paid and has still to come, read from the ledger; its schedule as its
group and officers see it; and the priorities strand's money by financial year. Each a fixed number of
queries, whatever the data."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from ..financial_year import financial_year_label, financial_year_of
from ..models import Application, Instalment, LedgerEntry, PaymentHold, Strand
from ..models.payments import bank_details_ready_q

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class GrantMoney:
    awarded: Decimal
    committed: Decimal  # the award less anything released or returned
    paid: Decimal

    @property
    def to_pay(self) -> Decimal:
        return max(self.committed - self.paid, ZERO)

    @property
    def returned(self) -> Decimal:
        return self.awarded - self.committed


def grant_money(application: Application) -> GrantMoney:
    """Awarded, paid and still to pay, to the penny, from the ledger. One query."""
    sums = LedgerEntry.objects.filter(application=application).aggregate(
        committed=Sum("amount", filter=~Q(kind=LedgerEntry.Kind.PAID)),
        paid=Sum("amount", filter=Q(kind=LedgerEntry.Kind.PAID)),
    )
    return GrantMoney(application.amount_awarded or ZERO, sums["committed"] or ZERO, sums["paid"] or ZERO)


@dataclass(frozen=True)
class ScheduleRow:
    instalment: Instalment
    state: str  # what the group reads: Paid, Being paid, Due, On hold, Waiting for a report, Scheduled, Cancelled
    tag: str  # the GOV.UK tag colour class
    detail: str


@dataclass
class GrantSchedule:
    rows: list[ScheduleRow] = field(default_factory=list)
    holds: list[PaymentHold] = field(default_factory=list)
    bank_details_ready: bool = True


def grant_schedule(application: Application, today: dt.date | None = None) -> GrantSchedule:
    """The grant's instalments with what each is waiting for, and its open holds. Three queries."""
    today = today or timezone.localdate()
    instalments = list(application.instalments.order_by("number"))
    if not instalments:
        return GrantSchedule()
    holds = list(application.payment_holds.filter(released_at=None).order_by("created_at"))
    ready = Instalment.objects.filter(pk=instalments[0].pk).filter(bank_details_ready_q()).exists()
    schedule = GrantSchedule(holds=holds, bank_details_ready=ready)
    for instalment in instalments:
        schedule.rows.append(ScheduleRow(instalment, *_state(instalment, holds, ready, today)))
    return schedule


def _state(instalment: Instalment, holds, ready: bool, today: dt.date) -> tuple[str, str, str]:
    S = Instalment.Status
    if instalment.status == S.PAID:
        return "Paid", "govuk-tag--green", f"Paid on {instalment.paid_on:%-d %B %Y}"
    if instalment.status == S.CANCELLED:
        return "Cancelled", "govuk-tag--grey", instalment.cancelled_reason
    if instalment.status == S.IN_RUN:
        return "Being paid", "govuk-tag--blue", "In this week's payments"
    if holds:
        return "On hold", "govuk-tag--red", "; ".join(hold.get_reason_display() for hold in holds)
    if not ready:
        return "On hold", "govuk-tag--red", "Bank details not yet confirmed"
    if instalment.condition and instalment.condition_met_at is None:
        return "Waiting for a report", "govuk-tag--yellow", "Paid once your progress report is accepted"
    if instalment.due_date <= today:
        return "Due", "govuk-tag--turquoise", "In the next payment run"
    return "Scheduled", "govuk-tag--grey", f"Due on {instalment.due_date:%-d %B %Y}"


@dataclass(frozen=True)
class YearFigures:
    label: str
    paid: Decimal
    to_pay: Decimal


def priorities_by_financial_year() -> dict[Strand, list[YearFigures]]:
    """For each priorities strand, each financial year's instalments: paid, and still to pay (scheduled
    or being paid, not cancelled), by the year each falls due. Two queries."""
    strands = {s.pk: s for s in Strand.objects.filter(kind=Strand.Kind.PRIORITIES)}
    rows = (
        Instalment.objects.filter(application__strand_id__in=list(strands))
        .exclude(status=Instalment.Status.CANCELLED)
        .values_list("application__strand_id", "due_date", "status")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    years: dict[int, dict[int, list[Decimal]]] = {}
    for strand_id, due_date, status, total in rows:
        bucket = years.setdefault(strand_id, {}).setdefault(financial_year_of(due_date), [ZERO, ZERO])
        bucket[0 if status == Instalment.Status.PAID else 1] += total
    return {
        strands[strand_id]: [
            YearFigures(financial_year_label(year), paid, to_pay) for year, (paid, to_pay) in sorted(by_year.items())
        ]
        for strand_id, by_year in years.items()
    }


def due_summary(today: dt.date | None = None) -> tuple[int, Decimal]:
    """How many instalments are due for the next run, and their total. One query."""
    figures = Instalment.objects.due(today or timezone.localdate()).aggregate(n=Count("id"), total=Sum("amount"))
    return figures["n"] or 0, figures["total"] or ZERO
