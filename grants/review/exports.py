"""CSV and XLSX exports of a list of applications, one row per application, in a fixed number of
queries: the caller's queryset is shaped here with select_related and prefetch_related."""

import csv
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

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


def shaped(queryset):
    return queryset.select_related(
        "organisation", "strand", "round", "ward", "assigned_officer", "assessment"
    ).prefetch_related("priorities")


def days_waiting(application, today=None) -> int | None:
    """Days since the bid was sent, while it waits for a decision."""
    if application.submitted_at is None or application.decided_at is not None:
        return None
    if application.status not in ("submitted", "in_assessment", "info_requested", "awaiting_decision"):
        return None
    today = today or timezone.localdate()
    return (today - timezone.localtime(application.submitted_at).date()).days


def score_of(application):
    try:
        return application.assessment.total_score
    except application._meta.get_field("assessment").related_model.DoesNotExist:
        return None


def rows(queryset):
    today = timezone.localdate()
    for a in shaped(queryset).iterator(chunk_size=2000):
        yield [
            a.reference,
            a.title,
            a.organisation.name,
            a.organisation.postcode,
            a.strand.name,
            a.round.name,
            a.ward.name if a.ward else "",
            ", ".join(str(p.number) for p in a.priorities.all()),
            a.amount_requested,
            score_of(a),
            a.get_recommendation_display() if a.recommendation else "",
            a.recommended_amount,
            a.amount_awarded,
            a.get_status_display(),
            str(a.assigned_officer) if a.assigned_officer else "",
            timezone.localtime(a.submitted_at).date() if a.submitted_at else None,
            days_waiting(a, today),
        ]


def _safe(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet: make it plain text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
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


def xlsx_response(queryset) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Applications")
    sheet.append(HEADERS)
    for row in rows(queryset):
        sheet.append([_safe(v) for v in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
