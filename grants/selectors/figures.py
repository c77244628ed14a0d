"""The fund's figures for the public map and charts and the officers' admin index (issue 15): what
published grants were awarded and paid, by ward, strand, priority and financial year, and each
strand's committed, paid and remaining money. A fixed number of queries, whatever the data size: the
published grants are read once grouped by strand, ward and month (from the register's covering index),
once by priority, and their payments the same way."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse

from ..financial_year import financial_year_label, financial_year_of
from ..models import LedgerEntry, Priority, Strand, Ward, WardPot
from .published import PAID_KIND, ZERO, published_grants


@dataclass(frozen=True)
class Group:
    """Published grants (or their payments) of one strand, ward and month: how many, and how much."""

    strand_id: int
    ward_id: int | None
    financial_year: int | None
    count: int
    amount: Decimal


@dataclass
class Groups:
    awarded: list[Group]
    paid: list[Group]

    def total(self, which: str, key: str) -> dict:
        totals: dict = defaultdict(lambda: ZERO)
        for group in getattr(self, which):
            totals[getattr(group, key)] += group.amount
        return totals

    def counts(self, key: str) -> dict:
        counts: dict = defaultdict(int)
        for group in self.awarded:
            counts[getattr(group, key)] += group.count
        return counts


def _year(month) -> int | None:
    return financial_year_of(month) if month is not None else None


def grouped() -> Groups:
    """The published grants' awards by (strand, ward, month of the decision), and their payments by
    (strand, ward, month paid). Two queries."""
    awarded = (
        published_grants()
        .annotate(month=TruncMonth("decided_at"))
        .values_list("strand", "ward", "month")
        .annotate(n=Count("pk"), s=Sum("amount_awarded"))
        .order_by()
    )
    paid = (
        _paid_entries()
        .annotate(month=TruncMonth("created_at"))
        .values_list("application__strand", "application__ward", "month")
        .annotate(n=Count("pk"), s=Sum("amount"))
    )
    return Groups(
        awarded=[Group(s, w, _year(m), n, total or ZERO) for s, w, m, n, total in awarded],
        paid=[Group(s, w, _year(m), n, total or ZERO) for s, w, m, n, total in paid],
    )


@dataclass(frozen=True)
class WardFigures:
    ward: Ward
    pot: Decimal | None
    count: int
    awarded: Decimal
    paid: Decimal


def _paid_entries():
    return LedgerEntry.objects.filter(kind=PAID_KIND, application__in=published_grants().values("pk")).order_by()


def ward_figures(groups: Groups | None = None) -> list[WardFigures]:
    """Every ward, with its pot, and its published grants' count, awarded and paid. Four queries (two
    when given the `grouped()` figures)."""
    groups = grouped() if groups is None else groups
    wards = list(Ward.objects.order_by("name"))
    pots = dict(WardPot.objects.values_list("ward").annotate(s=Sum("budget")).order_by())
    counts = groups.counts("ward_id")
    awarded, paid = groups.total("awarded", "ward_id"), groups.total("paid", "ward_id")
    return [
        WardFigures(ward=w, pot=pots.get(w.pk), count=counts[w.pk], awarded=awarded[w.pk], paid=paid[w.pk])
        for w in wards
    ]


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Decimal, ...]
    href: str = ""


@dataclass(frozen=True)
class Table:
    """One chart's figures: a row per category, a value per series (like "Awarded", "Paid")."""

    key: str
    title: str
    description: str
    series: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)


AWARDED_PAID = ("Awarded", "Paid")


def _by_strand(strands, groups: Groups) -> Table:
    awarded, paid = groups.total("awarded", "strand_id"), groups.total("paid", "strand_id")
    rows = [Row(s.name, (awarded[s.pk], paid[s.pk])) for s in strands]
    description = "Money awarded to published grants, and paid so far, in each strand of the fund."
    return Table("strand", "Awarded and paid by strand", description, AWARDED_PAID, rows)


def _by_priority() -> Table:
    priorities = list(Priority.objects.order_by("number"))
    awarded = dict(
        published_grants()
        .filter(priorities__isnull=False)
        .values_list("priorities")
        .annotate(s=Sum("amount_awarded"))
        .order_by()
    )
    paid = dict(
        _paid_entries()
        .filter(application__priorities__isnull=False)
        .values_list("application__priorities")
        .annotate(s=Sum("amount"))
    )
    rows = [Row(p.name, (awarded.get(p.pk) or ZERO, paid.get(p.pk) or ZERO)) for p in priorities]
    description = (
        "Money awarded to published grants, and paid so far, for each of the council's priorities. A grant that "
        "supports more than one priority counts under each, so these add up to more than the total."
    )
    return Table("priority", "Awarded and paid by council priority", description, AWARDED_PAID, rows)


def _by_ward(wards: list[WardFigures]) -> Table:
    rows = [Row(w.ward.name, (w.awarded, w.paid), href=reverse("grants:ward", args=[w.ward.slug])) for w in wards]
    description = (
        "Money awarded to published grants for projects in each ward, and paid so far. Grants for projects "
        "across Knowsley (the council priorities strand) are not in a ward."
    )
    return Table("ward", "Awarded and paid by ward", description, AWARDED_PAID, rows)


def _by_financial_year(groups: Groups) -> Table:
    awarded, paid = groups.total("awarded", "financial_year"), groups.total("paid", "financial_year")
    years = sorted(year for year in {*awarded, *paid} if year is not None)
    rows = [Row(financial_year_label(year), (awarded[year], paid[year])) for year in years]
    description = (
        "Money awarded to published grants in each financial year (April to March) by the date of the decision, "
        "and money paid in each year."
    )
    return Table("year", "Awarded and paid by financial year", description, AWARDED_PAID, rows)


def _committed_paid_remaining(strands) -> Table:
    paid = dict(LedgerEntry.objects.filter(kind=PAID_KIND).values_list("strand").annotate(s=Sum("amount")).order_by())
    rows = [Row(s.name, (s.committed, paid.get(s.pk) or ZERO, s.budget - s.committed)) for s in strands]
    description = (
        "For each strand: the money committed to grants, how much of it has been paid, and the budget that is "
        "not yet committed."
    )
    return Table("budget", "Committed, paid and remaining", description, ("Committed", "Paid", "Remaining"), rows)


def fund_charts() -> list[Table]:
    """The five charts' figures, in the order the pages show them. Nine queries."""
    groups = grouped()
    strands = list(Strand.objects.order_by("kind", "name"))
    return [
        _committed_paid_remaining(strands),
        _by_strand(strands, groups),
        _by_priority(),
        _by_ward(ward_figures(groups)),
        _by_financial_year(groups),
    ]
