"""The officers' budget panel: every strand's and ward pot's budget, committed and pending figures."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from ..financial_year import financial_year_label
from ..models import Application, BudgetLine, LedgerEntry, Recommendation, Status, Strand, WardPot

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")


@dataclass(frozen=True)
class BudgetFigures:
    name: str
    budget: Decimal
    committed: Decimal  # the sum of the ledger's entries, to the penny
    pending: Decimal  # recommended, not yet decided

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed

    @property
    def remaining_after_pending(self) -> Decimal:
        return self.remaining - self.pending


@dataclass(frozen=True)
class StrandBudget(BudgetFigures):
    strand_id: int = 0
    ward_pots: tuple[BudgetFigures, ...] = ()
    by_financial_year: tuple[tuple[str, Decimal], ...] = ()


def _pending(group_by: str) -> dict:
    rows = (
        Application.objects.filter(status=Status.AWAITING_DECISION, recommendation=Recommendation.RECOMMENDED)
        .values(*group_by.split(","))
        .annotate(total=Sum("recommended_amount"))
    )
    return {tuple(row[k] for k in group_by.split(",")): row["total"] or ZERO for row in rows}


def budget_panel() -> list[StrandBudget]:
    """Every strand and ward pot: budget, committed (summed from the ledger), remaining and pending;
    and the priorities strands' commitments by financial year. Seven queries, whatever the data size."""
    strands = list(Strand.objects.order_by("kind", "name"))
    pots = list(WardPot.objects.select_related("ward").order_by("ward__name"))
    strand_ledger = dict(LedgerEntry.objects.values_list("strand").annotate(total=Sum("amount")).order_by())
    pot_ledger = dict(
        LedgerEntry.objects.filter(ward_pot__isnull=False)
        .values_list("ward_pot")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    strand_pending = _pending("strand_id")
    pot_pending = _pending("strand_id,ward_id")
    by_year = commitments_by_financial_year([s.pk for s in strands if not s.councillors_decide])

    panel = []
    for strand in strands:
        ward_pots = tuple(
            BudgetFigures(
                name=pot.ward.name,
                budget=pot.budget,
                committed=pot_ledger.get(pot.pk) or ZERO,
                pending=pot_pending.get((strand.pk, pot.ward_id), ZERO),
            )
            for pot in pots
            if pot.strand_id == strand.pk
        )
        panel.append(
            StrandBudget(
                name=strand.name,
                strand_id=strand.pk,
                budget=strand.budget,
                committed=strand_ledger.get(strand.pk) or ZERO,
                pending=strand_pending.get((strand.pk,), ZERO),
                ward_pots=ward_pots,
                by_financial_year=tuple(sorted(by_year.get(strand.pk, {}).items())),
            )
        )
    return panel


def commitments_by_financial_year(strand_ids: list[int]) -> dict[int, dict[str, Decimal]]:
    """What is committed to each strand in each financial year. Each grant's net commitment (from the
    ledger) is spread over its budget lines' years in proportion to their cost, rounded to the penny,
    with the last year taking what rounding leaves, so each strand's years add up to its ledger total."""
    if not strand_ids:
        return {}
    net = dict(
        LedgerEntry.objects.filter(strand_id__in=strand_ids)
        .values_list("application")
        .annotate(total=Sum("amount"))
        .filter(total__gt=0)
        .order_by()
    )
    if not net:
        return {}
    lines = (
        BudgetLine.objects.filter(application_id__in=list(net))
        .values_list("application_id", "financial_year")
        .annotate(cost=Sum("cost"))
        .order_by("application_id", "financial_year")
    )
    per_application: dict[int, list[tuple[int, Decimal]]] = {}
    for application_id, year, cost in lines:
        per_application.setdefault(application_id, []).append((year, cost))
    strand_of = dict(Application.objects.filter(pk__in=list(net)).values_list("pk", "strand_id"))

    totals: dict[int, dict[str, Decimal]] = {}
    for application_id, committed in net.items():
        years = per_application.get(application_id) or [(None, committed)]
        whole = sum(cost for _, cost in years) or committed
        left = committed
        for index, (year, cost) in enumerate(years):
            share = left if index == len(years) - 1 else (committed * cost / whole).quantize(PENNY, ROUND_HALF_UP)
            left -= share
            label = financial_year_label(year) if year else "year not given"
            bucket = totals.setdefault(strand_of[application_id], {})
            bucket[label] = bucket.get(label, ZERO) + share
    return totals
