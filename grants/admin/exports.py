"""CSV and XLSX exports of a list of applications, one row per application: two queries per 2,000
rows, whatever the caller's queryset selected."""

import csv
from itertools import islice

from django.http import StreamingHttpResponse
from django.utils import timezone

from ..models import OPEN_FOR_INTEREST, Application, Assessment, Recommendation, Status

WAITING = OPEN_FOR_INTEREST  # sent, not yet decided: its days waiting count

HEADERS = [
    "Reference",
    "Project",
    "Organisation",
    "Postcode",
    "Strand",
    "Round",
    "Ward",
    "Priorities",
    "Amount requested (£)",
    "Score (%)",
    "Recommendation",
    "Recommended amount (£)",
    "Amount awarded (£)",
    "Status",
    "Assigned officer",
    "Submitted",
    "Days waiting",
]


def days_waiting(application, today=None) -> int | None:
    """Days since the bid was sent, while it waits for a decision."""
    return _days_waiting(application.status, application.submitted_at, application.decided_at, today)


def _days_waiting(status, submitted_at, decided_at, today=None) -> int | None:
    if submitted_at is None or decided_at is not None or status not in WAITING:
        return None
    today = today or timezone.localdate()
    return (today - timezone.localtime(submitted_at).date()).days


def score_of(application):
    try:
        return application.assessment.total_score
    except Assessment.DoesNotExist:
        return None


COLUMNS = (
    "pk",
    "reference",
    "title",
    "organisation__name",
    "organisation__postcode",
    "strand__name",
    "round__name",
    "ward__name",
    "amount_requested",
    "assessment__total_score",
    "recommendation",
    "recommended_amount",
    "amount_awarded",
    "status",
    "assigned_officer__full_name",
    "assigned_officer__email",
    "submitted_at",
    "decided_at",
)
BATCH = 2000


def rows(queryset):
    """One list per application, read as plain values (no model instances: 50,000 rows take
    seconds, not minutes), with priorities fetched once per batch of rows."""
    today = timezone.localdate()
    statuses, recommendations = dict(Status.choices), dict(Recommendation.choices)
    Through = Application.priorities.through
    values = queryset.prefetch_related(None).values_list(*COLUMNS).iterator(chunk_size=BATCH)
    while batch := list(islice(values, BATCH)):
        priorities: dict[int, list[str]] = {}
        for application_id, number in (
            Through.objects.filter(application_id__in=[r[0] for r in batch])
            .order_by("priority__number")
            .values_list("application_id", "priority__number")
        ):
            priorities.setdefault(application_id, []).append(str(number))
        for (
            pk,
            reference,
            title,
            organisation,
            postcode,
            strand,
            round_,
            ward,
            requested,
            score,
            recommendation,
            recommended,
            awarded,
            status,
            officer_name,
            officer_email,
            submitted_at,
            decided_at,
        ) in batch:
            yield [
                reference,
                title,
                organisation,
                postcode,
                strand,
                round_,
                ward or "",
                ", ".join(priorities.get(pk, [])),
                requested,
                score,
                recommendations.get(recommendation, "") if recommendation else "",
                recommended,
                awarded,
                statuses.get(status, status),
                officer_name or officer_email or "",
                timezone.localtime(submitted_at).date() if submitted_at else None,
                _days_waiting(status, submitted_at, decided_at, today),
            ]


# What a spreadsheet may read as the start of a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    # A cell that could run as a formula in a spreadsheet is made plain text.
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


class _Echo:
    def write(self, value):
        return value


def _filename(extension: str) -> str:
    return f"applications-{timezone.localtime():%Y-%m-%d-%H%M}.{extension}"


def csv_response(queryset) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so Excel reads the file as UTF-8 (names with accents, the £ sign)
        yield writer.writerow(HEADERS)
        for row in rows(queryset):
            yield writer.writerow([_safe(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def export_record(*, actor, fmt: str, what: str) -> None:
    """Every export of applications is written to the audit log: who, when, which format and which list."""
    from kbt.audit.models import AuditEntry
    from kbt.audit.services import audit_record

    audit_record(actor=actor, action=AuditEntry.Action.EXPORTED, detail=f"{fmt.upper()} export of {what}")
