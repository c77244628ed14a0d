"""The officers' budget panel: every strand's and ward pot's budget, committed and pending figures."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from kbt.snapshot_cache import cached

from ..financial_year import financial_year_label
from ..models import Application, BudgetLine, LedgerEntry, Recommendation, Status, Strand, WardPot

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")


@dataclass(frozen=True)
class BudgetFigures:
    name: str
    budget: Decimal
    committed: Decimal  # the sum of the ledger's entries (payments left out), to the penny
    pending: Decimal  # recommended, not yet decided
    paid: Decimal = ZERO  # the ledger's payments: money paid out of what is committed

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


# The payments work writes LedgerEntry rows of this kind (a positive amount, money paid out): they are
# part of neither what is committed nor what is left; the panel shows them as "paid".
PAID = "paid"
NOT_PAID = ~Q(kind=PAID)


def _ledger_sums(prefix: str = "ledger_entries__") -> dict:
    """Annotations: what the ledger commits (every entry but payments) and what it has paid."""
    return {
        "ledger_committed": Coalesce(Sum(f"{prefix}amount", filter=~Q(**{f"{prefix}kind": PAID})), ZERO),
        "ledger_paid": Coalesce(Sum(f"{prefix}amount", filter=Q(**{f"{prefix}kind": PAID})), ZERO),
    }


def _pending() -> dict[tuple[int, int | None], Decimal]:
    """Recommended bids waiting for a decision: their recommended amounts by strand and ward. One query."""
    rows = (
        Application.objects.filter(status=Status.AWAITING_DECISION, recommendation=Recommendation.RECOMMENDED)
        .values_list("strand_id", "ward_id")
        .annotate(total=Sum("recommended_amount"))
        .order_by()
    )
    return {(strand_id, ward_id): total or ZERO for strand_id, ward_id, total in rows}


def ledger_figures() -> "LedgerFigures":
    """What the ledger says, by strand, by ward pot and by financial year, for the ledger as it is now.

    Kept in the cache under the database's snapshot (kbt/snapshot_cache.py): any commit gives a new
    one, so no page shows a figure from before it. Three queries when something has changed since
    the figures were last summed, one (the snapshot's name) when not."""
    return cached("grants:ledger-figures", _ledger_figures)


def _ledger_figures() -> "LedgerFigures":
    return LedgerFigures(
        strands={row["pk"]: (row["ledger_committed"], row["ledger_paid"])
                 for row in Strand.objects.values("pk").annotate(**_ledger_sums()).order_by()},
        pots={row["pk"]: (row["ledger_committed"], row["ledger_paid"])
              for row in WardPot.objects.values("pk").annotate(**_ledger_sums()).order_by()},
        by_year=commitments_by_financial_year(None),
    )  # fmt: skip


@dataclass(frozen=True)
class LedgerFigures:
    strands: dict[int, tuple[Decimal, Decimal]]  # strand id: (committed, paid)
    pots: dict[int, tuple[Decimal, Decimal]]  # ward pot id: (committed, paid)
    by_year: dict[int, dict[str, Decimal]]  # strand id: {"2026/27": committed}


def budget_panel() -> list[StrandBudget]:
    """Every strand and ward pot: budget, committed and paid (summed from the ledger, grouped in SQL),
    remaining and pending; and the priorities strands' commitments by financial year. Four queries,
    whatever the data size (three more when the ledger has changed since the figures were last summed)."""
    strands = list(Strand.objects.order_by("kind", "name"))
    pots = list(WardPot.objects.select_related("ward").order_by("ward__name"))
    pending = _pending()
    ledger = ledger_figures()
    none = (ZERO, ZERO)

    panel = []
    for strand in strands:
        ward_pots = tuple(
            BudgetFigures(
                name=pot.ward.name,
                budget=pot.budget,
                committed=ledger.pots.get(pot.pk, none)[0],
                paid=ledger.pots.get(pot.pk, none)[1],
                pending=pending.get((strand.pk, pot.ward_id), ZERO),
            )
            for pot in pots
            if pot.strand_id == strand.pk
        )
        panel.append(
            StrandBudget(
                name=strand.name,
                strand_id=strand.pk,
                budget=strand.budget,
                committed=ledger.strands.get(strand.pk, none)[0],
                paid=ledger.strands.get(strand.pk, none)[1],
                pending=sum((v for (s, _), v in pending.items() if s == strand.pk), ZERO),
                ward_pots=ward_pots,
                by_financial_year=()
                if strand.councillors_decide
                else tuple(sorted(ledger.by_year.get(strand.pk, {}).items())),
            )
        )
    return panel


# Each grant's net commitment spread over its budget lines' years in proportion to their cost, rounded
# to the penny, the last year taking what rounding leaves; then summed by strand and year. All in SQL.
BY_YEAR_SQL = """
WITH net AS (
    SELECT application_id, strand_id, SUM(amount) AS net
    FROM grants_ledgerentry
    WHERE kind <> %(paid)s AND (%(every)s OR strand_id = ANY(%(strands)s))
    GROUP BY application_id, strand_id
    HAVING SUM(amount) > 0
), years AS (
    SELECT net.application_id, net.strand_id, net.net, line.financial_year AS year, SUM(line.cost) AS cost
    FROM net LEFT JOIN grants_budgetline line ON line.application_id = net.application_id
    GROUP BY net.application_id, net.strand_id, net.net, line.financial_year
), rounded AS (
    SELECT application_id, strand_id, net, year,
        COALESCE(ROUND(net * cost / SUM(cost) OVER (PARTITION BY application_id), 2), net) AS share,
        ROW_NUMBER() OVER (PARTITION BY application_id ORDER BY year DESC) AS from_last
    FROM years
), shares AS (
    SELECT strand_id, year,
        CASE WHEN from_last = 1 THEN net - (SUM(share) OVER (PARTITION BY application_id) - share) ELSE share END
            AS share
    FROM rounded
)
SELECT strand_id, year, SUM(share) FROM shares GROUP BY strand_id, year
"""


def commitments_by_financial_year(strand_ids: list[int] | None) -> dict[int, dict[str, Decimal]]:
    """What is committed to each strand in each financial year. Each grant's net commitment (from the
    ledger, payments left out) is spread over its budget lines' years in proportion to their cost,
    rounded to the penny, with the last year taking what rounding leaves, so each strand's years add up
    to its ledger total. `None` for every strand. One query on PostgreSQL."""
    if strand_ids is not None and not strand_ids:
        return {}
    if connection.vendor != "postgresql":
        return _commitments_by_financial_year_in_python(strand_ids)
    with connection.cursor() as cursor:
        cursor.execute(BY_YEAR_SQL, {"paid": PAID, "every": strand_ids is None, "strands": list(strand_ids or [])})
        rows = cursor.fetchall()
    totals: dict[int, dict[str, Decimal]] = {}
    for strand_id, year, amount in rows:
        label = financial_year_label(year) if year else "year not given"
        totals.setdefault(strand_id, {})[label] = amount
    return totals


def _commitments_by_financial_year_in_python(strand_ids: list[int]) -> dict[int, dict[str, Decimal]]:
    """The same figures, worked out here: for SQLite (the demo), whose decimals are floats in SQL."""
    entries = LedgerEntry.objects.filter(NOT_PAID)
    if strand_ids is not None:
        entries = entries.filter(strand_id__in=strand_ids)
    net = dict(entries.values_list("application").annotate(total=Sum("amount")).filter(total__gt=0).order_by())
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
