"""The public register of awarded grants (issue 15): the filters, the search, the totals for what is
shown, and one grant or ward for its page. Every function here does a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from ..financial_year import FIRST_MONTH
from ..models import Application, Organisation, Priority, Status, Strand, Ward, WardPot
from .published import ZERO, paid_total, published_grants, with_paid


@dataclass(frozen=True)
class RegisterFilters:
    strand: Strand | None = None
    ward: Ward | None = None
    priority: Priority | None = None
    financial_year: int | None = None  # the financial year the grant was awarded in (2026 is 2026/27)
    status: str = ""  # "active" or "completed", or "" for both
    search: str = ""  # words in the grant's title or the group's name


STATUS_FILTERS = {"active": Status.GRANT_ACTIVE, "completed": Status.COMPLETED}


def financial_year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of financial year `year` and of the next, in the council's time zone."""
    start = timezone.make_aware(dt.datetime(year, FIRST_MONTH, 1))
    return start, timezone.make_aware(dt.datetime(year + 1, FIRST_MONTH, 1))


def register_grants(filters: RegisterFilters | None = None) -> QuerySet[Application]:
    """Published grants matching the filters, newest award first (the order of the published index).
    Show a page of them with `register_page`, which loads what the page shows."""
    filters = filters or RegisterFilters()
    grants = published_grants()
    if filters.strand is not None:
        grants = grants.filter(strand=filters.strand)
    if filters.ward is not None:
        grants = grants.filter(ward=filters.ward)
    if filters.priority is not None:
        # One row per grant: a grant has each priority at most once.
        grants = grants.filter(priorities=filters.priority)
    if filters.financial_year is not None:
        start, end = financial_year_bounds(filters.financial_year)
        grants = grants.filter(decided_at__gte=start, decided_at__lt=end)
    if filters.status in STATUS_FILTERS:
        grants = grants.filter(status=STATUS_FILTERS[filters.status])
    if search := " ".join(filters.search.split()):
        # The groups first (one small query on the trigram index), so the grants' condition is an OR of two
        # indexed conditions on one table, which PostgreSQL answers with a bitmap of both indexes.
        groups = list(Organisation.objects.filter(name__icontains=search).values_list("pk", flat=True))
        grants = grants.filter(Q(title__icontains=search) | Q(organisation_id__in=groups))
    return grants.order_by("-decided_at", "-id")


@dataclass(frozen=True)
class Totals:
    count: int
    awarded: Decimal
    paid: Decimal

    @property
    def unpaid(self) -> Decimal:
        return self.awarded - self.paid


def register_totals(grants: QuerySet[Application]) -> Totals:
    """How many grants, what they were awarded and what was paid to them: two queries."""
    row = grants.order_by().aggregate(count=Count("pk"), awarded=Sum("amount_awarded"))
    return Totals(count=row["count"], awarded=row["awarded"] or ZERO, paid=paid_total(grants))


def grant_for_page(reference: str) -> Application | None:
    """One published grant with what its public page shows (never contact people or bank details)."""
    return with_paid(published_grants()).prefetch_related("priorities").filter(reference=reference).first()


def register_page(grants: QuerySet[Application], *, number, per_page: int, count: int) -> Page:
    """Page `number` (a bad or too-big number gives the first or last page) of `grants`, which number
    `count` (from register_totals). Two steps, so a deep page stays fast: the page's ids from the
    published index alone, then those grants with what the page shows (`paid`, priorities). Three queries."""
    paginator = Paginator(grants.values_list("pk", flat=True), per_page)
    paginator.__dict__["count"] = count  # counted with the totals already
    page = paginator.get_page(number)
    ids = list(page.object_list)
    rows = with_paid(published_grants()).prefetch_related("priorities").in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


@dataclass(frozen=True)
class WardSummary:
    ward: Ward
    pot: Decimal | None  # the ward's pot in the environmental strand, if it has one
    totals: Totals


def ward_summary(ward: Ward) -> WardSummary:
    """A ward's pot, and what its published grants were awarded and paid."""
    pot = WardPot.objects.filter(ward=ward).aggregate(s=Sum("budget"))["s"]
    return WardSummary(ward=ward, pot=pot, totals=register_totals(published_grants().filter(ward=ward)))
