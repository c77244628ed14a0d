"""The fund's figures for the public map and charts and the officers' admin index (issue 15): what
published grants were awarded and paid, by ward, strand, priority and financial year, and each
strand's committed, paid and remaining money. A fixed number of queries, whatever the data size."""

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
class WardFigures:
    ward: Ward
    pot: Decimal | None
    count: int
    awarded: Decimal
    paid: Decimal


def _paid_entries():
    return LedgerEntry.objects.filter(kind=PAID_KIND, application__in=published_grants().values("pk")).order_by()


def ward_figures() -> list[WardFigures]:
    """Every ward, with its pot, and its published grants' count, awarded and paid. Four queries."""
    wards = list(Ward.objects.order_by("name"))
    pots = dict(WardPot.objects.values_list("ward").annotate(s=Sum("budget")).order_by())
    awarded = {
        row["ward"]: row
        for row in published_grants()
        .filter(ward__isnull=False)
        .values("ward")
        .annotate(n=Count("pk"), s=Sum("amount_awarded"))
        .order_by()
    }
    paid = dict(_paid_entries().values_list("application__ward").annotate(s=Sum("amount")))
    return [
        WardFigures(
            ward=ward,
            pot=pots.get(ward.pk),
            count=awarded.get(ward.pk, {}).get("n", 0),
            awarded=awarded.get(ward.pk, {}).get("s") or ZERO,
            paid=paid.get(ward.pk) or ZERO,
        )
        for ward in wards
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


def _by_strand() -> Table:
    strands = list(Strand.objects.order_by("kind", "name"))
    awarded = dict(published_grants().values_list("strand").annotate(s=Sum("amount_awarded")).order_by())
    paid = dict(_paid_entries().values_list("application__strand").annotate(s=Sum("amount")))
    rows = [Row(s.name, (awarded.get(s.pk) or ZERO, paid.get(s.pk) or ZERO)) for s in strands]
    return Table(
        "strand",
        "Awarded and paid by strand",
        "Money awarded to published grants, and paid so far, in each strand of the fund.",
        AWARDED_PAID,
        rows,
    )


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


def _by_financial_year() -> Table:
    totals: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    awarded = published_grants().filter(decided_at__isnull=False).annotate(month=TruncMonth("decided_at"))
    for month, amount in awarded.values_list("month").annotate(s=Sum("amount_awarded")).order_by():
        totals[financial_year_of(month)][0] += amount or ZERO
    for month, amount in (
        _paid_entries().annotate(month=TruncMonth("created_at")).values_list("month").annotate(s=Sum("amount"))
    ):
        totals[financial_year_of(month)][1] += amount or ZERO
    rows = [Row(financial_year_label(year), tuple(totals[year])) for year in sorted(totals)]
    description = (
        "Money awarded to published grants in each financial year (April to March) by the date of the decision, "
        "and money paid in each year."
    )
    return Table("year", "Awarded and paid by financial year", description, AWARDED_PAID, rows)


def _committed_paid_remaining() -> Table:
    strands = list(Strand.objects.order_by("kind", "name"))
    paid = dict(LedgerEntry.objects.filter(kind=PAID_KIND).values_list("strand").annotate(s=Sum("amount")).order_by())
    rows = [Row(s.name, (s.committed, paid.get(s.pk) or ZERO, s.budget - s.committed)) for s in strands]
    description = (
        "For each strand: the money committed to grants, how much of it has been paid, and the budget that is "
        "not yet committed."
    )
    return Table("budget", "Committed, paid and remaining", description, ("Committed", "Paid", "Remaining"), rows)


def fund_charts(wards: list[WardFigures] | None = None) -> list[Table]:
    """The five charts' figures, in the order the pages show them. Eleven queries (seven with `wards`)."""
    wards = ward_figures() if wards is None else wards
    return [_committed_paid_remaining(), _by_strand(), _by_priority(), _by_ward(wards), _by_financial_year()]
