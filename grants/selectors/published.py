"""What is published (issue 15): the public register, the ward pages, the map, the charts and the open
data files all read grants from here, so they agree on what is public.

Published = status GRANT_ACTIVE or COMPLETED (the offer was accepted) and not withheld by an officer.
Paid = the sum of the grant's ledger entries of kind "paid" (positive, written by payments, issue 13);
zero until payments exist."""

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from ..models import PUBLISHED_STATUSES, Application, LedgerEntry

PAID_KIND = "paid"  # LedgerEntry.Kind.PAID once payments (issue 13) is merged
ZERO = Decimal("0.00")


def published_grants() -> QuerySet[Application]:
    """Every published grant, with what a public page shows of it joined in (organisation, ward,
    strand, round). Add `.prefetch_related("priorities")` where priorities are listed, and
    `with_paid(...)` where the amount paid is. Never read contact people or bank details from these."""
    return Application.objects.filter(status__in=PUBLISHED_STATUSES, withheld=False).select_related(
        "organisation", "ward", "strand", "round"
    )


def paid_subquery():
    """The amount paid to the application at OuterRef("pk"), or 0."""
    paid = (
        LedgerEntry.objects.filter(application=OuterRef("pk"), kind=PAID_KIND)
        .order_by()
        .values("application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=12, decimal_places=2)
    return Coalesce(Subquery(paid, output_field=money), Value(ZERO), output_field=money)


def with_paid(grants: QuerySet[Application]) -> QuerySet[Application]:
    """The grants, each with `paid` (Decimal, 0 when nothing was paid yet)."""
    return grants.annotate(paid=paid_subquery())


def paid_total(grants: QuerySet[Application]) -> Decimal:
    """What was paid to these grants altogether, in one query."""
    return (
        LedgerEntry.objects.filter(kind=PAID_KIND, application__in=grants.order_by().values("pk")).aggregate(
            s=Sum("amount")
        )["s"]
        or ZERO
    )


def grant_page_path(grant: Application) -> str:
    """The grant's public page, like /grants/KBT-ENV-00042/ (360Giving's dataSource, with the site's address)."""
    return reverse("grants:grant", args=[grant.reference])
