"""The rows of the officers' applications list, written straight out.

Django admin builds each of the list's 550 cells through `items_for_result`: a field lookup, a display
function and `format_html` a cell, and a form widget rendered through a template for every row's
checkbox. At 50 rows that is most of the page's time (issue 18). These rows say exactly what
Django's would (tests/grants/test_admin_list_speed.py compares them cell by cell, with filters kept
in the links), from values read once a row.
"""

from html import escape

from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_value
from django.urls import reverse
from django.utils.safestring import mark_safe

from ..models import Status
from . import exports

ROW = (
    '<td class="action-checkbox"><input type="checkbox" name="_selected_action" value="{pk}" class="action-select"'
    ' aria-label="Select this object for an action - {label}"></td>'
    '<th class="field-reference"><a href="{url}">{reference}</a></th>'
    '<td class="field-title"><a href="{url}">{title}</a></td>'
    '<td class="field-organisation_name">{organisation}</td>'
    '<td class="field-strand_code">{strand}</td>'
    '<td class="field-ward_or_priorities">{where}</td>'
    '<td class="field-amount">{amount}</td>'
    '<td class="field-assessment_score">{score}</td>'
    '<td class="field-status">{status}</td>'
    '<td class="field-days_waiting">{days}</td>'
    '<td class="field-assigned_officer nowrap">{officer}</td>'
)
# The columns these rows write, in order: ApplicationAdmin.list_display must say the same.
COLUMNS = (
    "reference",
    "title",
    "organisation_name",
    "strand_code",
    "ward_or_priorities",
    "amount",
    "assessment_score",
    "status",
    "days_waiting",
    "assigned_officer",
)
STATUS_LABELS = dict(Status.choices)


def _text(value, empty: str) -> str:
    """A value as the admin shows it (None as `empty`, numbers localised, blank text as nothing), escaped."""
    if value is None:
        return empty
    if isinstance(value, str):
        return escape(value) if value.strip() else ""
    return escape(str(display_for_value(value, empty)))


def _field(value, empty: str) -> str:
    """A model field's text as the admin shows it: blank or None as `empty`, escaped."""
    return escape(value) if value and value.strip() else empty


def rows(cl) -> list[list[str]]:
    """Each row of the page as one cell of HTML (the template joins a row's cells)."""
    model_admin = cl.model_admin
    empty = escape(str(model_admin.get_empty_value_display()))
    dash = "—"  # the columns that say empty_value="—"
    marker = 987654321
    url_pattern = add_preserved_filters(
        {"preserved_filters": cl.preserved_filters, "opts": cl.opts},
        reverse("admin:grants_application_change", args=[marker], current_app=model_admin.admin_site.name),
    )
    before, after = (escape(part) for part in url_pattern.split(str(marker), 1))
    found = []
    for application in cl.result_list:
        officer = application.assigned_officer
        found.append(
            [
                mark_safe(  # noqa: S308 (every value below is escaped)
                    ROW.format(
                        pk=application.pk,
                        label=escape(str(application)),
                        url=f"{before}{application.pk}{after}",
                        reference=_field(application.reference, empty),
                        title=_field(application.title, empty),
                        organisation=_text(model_admin.organisation_name(application), empty),
                        strand=_text(model_admin.strand_code(application), empty),
                        where=_text(model_admin.ward_or_priorities(application), empty),
                        amount=_text(model_admin.amount(application), dash),
                        score=_text(exports.score_of(application), dash),
                        status=escape(str(STATUS_LABELS.get(application.status, empty))),
                        days=_text(exports.days_waiting(application), dash),
                        officer=empty if officer is None else _text(str(officer), empty),
                    )
                )
            ]
        )
    return found


def result_list(cl) -> dict:
    """The context Django's `result_list` tag gives admin/change_list_results.html, with these rows."""
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": rows(cl),
    }
