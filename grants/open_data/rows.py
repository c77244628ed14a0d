"""The published grants as plain rows for the open data files, read in batches at flat memory.

Rows come from `published_grants()` (the one definition of what is public) as `.values()` through a
server-side cursor: no model instances and never a list of every grant. Priorities are fetched once per
batch. Only the columns below are read: nothing about the people in a group, its contacts or its bank."""

from collections.abc import Iterator
from itertools import islice

from ..models import PUBLISHED_STATUSES, Application, Organisation
from ..selectors.published import published_grants, with_paid

BATCH = 2000

COLUMNS = (
    "pk",
    "reference",
    "title",
    "public_summary",
    "amount_awarded",
    "decided_at",
    "start_date",
    "end_date",
    "updated_at",
    "status",
    "organisation_id",
    "organisation__name",
    "organisation__charity_number",
    "organisation__company_number",
    "organisation__society_number",
    "organisation__postcode",
    "organisation__postcode_withheld",
    "organisation__ward__name",
    "organisation__ward__code",
    "strand__code",
    "strand__name",
    "strand__slug",
    "round_id",
    "round__name",
    "ward__name",
    "ward__code",
)


def _priorities(application_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    found: dict[int, list[tuple[int, str]]] = {}
    through = Application.priorities.through.objects.filter(application_id__in=application_ids)
    for application_id, number, name in through.order_by("priority__number").values_list(
        "application_id", "priority__number", "priority__name"
    ):
        found.setdefault(application_id, []).append((number, name))
    return found


def published_rows(batch: int = BATCH) -> Iterator[dict]:
    """Every published grant as a dict of COLUMNS plus `paid` (Decimal) and `priorities` ([(number,
    name)]), newest decision first. Two queries per `batch` rows; memory stays flat whatever the count."""
    values = (
        with_paid(published_grants()).order_by("-decided_at", "-pk").values(*COLUMNS, "paid").iterator(chunk_size=batch)
    )
    while chunk := list(islice(values, batch)):
        priorities = _priorities([row["pk"] for row in chunk])
        for row in chunk:
            row["priorities"] = priorities.get(row["pk"], [])
            yield row


def withheld_grants():
    """Accepted grants an officer kept off the register and the files: reference, title and why."""
    return (
        Application.objects.filter(status__in=PUBLISHED_STATUSES, withheld=True)
        .order_by("reference")
        .values("reference", "title", "withheld_reason")
    )


def withheld_postcode_count() -> int:
    """Groups with a published grant whose postcode an officer kept private."""
    return (
        Organisation.objects.filter(
            postcode_withheld=True, applications__status__in=PUBLISHED_STATUSES, applications__withheld=False
        )
        .distinct()
        .count()
    )
