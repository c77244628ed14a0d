"""The outcomes page in the officers' site: what the running and finished grants promised against what
their accepted reports say they achieved, by strand, ward, priority, principle or financial year, with
totals of people, volunteers and hours; and the same as CSV. Reads grants.selectors.outcomes only."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse

from kbt.accounts.reauth import has_recent_auth, reauth_redirect

from ..models import Application, Status, Ward
from ..selectors.outcomes import GROUPINGS, outcomes_by, outcomes_for
from .exports import _safe, export_record

FUNDED = (Status.GRANT_ACTIVE, Status.COMPLETED)


def funded_grants(ward_id=None):
    grants = Application.objects.filter(status__in=FUNDED)
    return grants.filter(ward_id=ward_id) if ward_id else grants


def _ward(request):
    value = request.GET.get("ward", "")
    return int(value) if value.isdigit() else None


def outcomes_view(model_admin):
    def view(request):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        by = request.GET.get("by") if request.GET.get("by") in GROUPINGS else "strand"
        ward_id = _ward(request)
        grants = funded_grants(ward_id)
        groups = outcomes_by(grants, by)
        if request.GET.get("format") == "csv":
            if not has_recent_auth(request):
                return reauth_redirect(request)
            export_record(actor=request.user, fmt="csv", what=f"the outcomes page (by {by}, ward {ward_id or 'all'})")
            return csv_response(groups, GROUPINGS[by])
        wards = list(Ward.objects.order_by("name"))
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": "Outcomes: what the grants promised and achieved",
            "total": outcomes_for(grants),
            "groups": groups,
            "by": by,
            "groupings": GROUPINGS.items(),
            "wards": wards,
            "ward_id": ward_id,
            "ward_name": next((w.name for w in wards if w.pk == ward_id), ""),
            "query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/grants/report/outcomes.html", context)

    return view


def csv_response(groups, grouping_label: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kbt-outcomes.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [grouping_label, "Grants", "Awarded (£)", "Grants with an accepted report", "People", "Volunteers",
         "Volunteer hours", "Measure", "Planned", "Achieved"]
    )  # fmt: skip
    for group in groups:
        head = [_safe(group.label), group.grants, f"{group.awarded:.2f}", group.reported, group.people,
                group.volunteers, group.volunteer_hours]  # fmt: skip
        if not group.measures:
            writer.writerow([*head, "", "", ""])
        for row in group.measures:
            writer.writerow([*head, _safe(row.measure.name), row.planned, row.achieved])
    return response
