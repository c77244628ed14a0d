"""Grants' reports in the officers' site: the list, a report's page, and the small forms that accept
it, ask for changes, change its due date or waive an underspend, each calling one service. Outcome
measures are data officers edit here too."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .. import services
from ..forms.fields import date_field
from ..models import OutcomeMeasure, Report, ReportState
from ..models.reports import NOT_SENT
from ..services import reports
from ..services.report_answers import report_progress
from . import outcomes
from .readonly import ReadOnlyMixin


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="What the group needs to change",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what the group needs to change"},
    )


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label="Why the group need not return the underspend",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the underspend need not be returned"},
    )


class RescheduleForm(forms.Form):
    due_date = date_field("New due date", "For example, 31 3 2028")
    reason = forms.CharField(
        label="Why the date changes",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the date changes"},
    )

    def clean_due_date(self):
        if self.cleaned_data.get("due_date") is None:
            raise forms.ValidationError("Enter the new due date")
        return self.cleaned_data["due_date"]


class AddReportForm(RescheduleForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_date"].label = "Due date of the new report"
        self.fields["reason"].label = "Why the grant needs another report"
        self.fields["reason"].error_messages["required"] = "Enter why the grant needs another report"


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue and not sent")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(state__in=NOT_SENT, overdue_at__isnull=False)
        return queryset


@admin.register(OutcomeMeasure)
class OutcomeMeasureAdmin(admin.ModelAdmin):
    list_display = ("name", "strand_kind", "priority_number", "order", "active")
    list_filter = ("strand_kind", "priority_number", "active")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Report)
class ReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("application", "kind", "due_date", "state", "sent_at", "overdue_at")
    list_filter = ("state", OverdueFilter, "kind", "application__strand")
    search_fields = ("application__reference", "application__title", "application__organisation__name")
    list_select_related = ("application",)
    date_hierarchy = "due_date"
    change_form_template = "admin/grants/report/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("outcomes/", view(outcomes.outcomes_view(self)), name="grants_report_outcomes"),
            path("<int:pk>/accept/", view(self.accept_view), name="grants_report_accept"),
            path("<int:pk>/changes/", view(self.changes_view), name="grants_report_changes"),
            path("<int:pk>/reschedule/", view(self.reschedule_view), name="grants_report_reschedule"),
            path("<int:pk>/waive/", view(self.waive_view), name="grants_report_waive"),
            path("<int:pk>/add-progress/", view(self.add_view_progress), name="grants_report_add_progress"),
        ] + super().get_urls()

    def _report(self, request, pk) -> Report:
        report = get_object_or_404(
            self.get_queryset(request).select_related(
                "application__organisation", "application__strand", "application__ward"
            ),
            pk=pk,
        )
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        return report

    def _context(self, request, report, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": report,
            "report": report,
            "application": report.application,
            "title": title,
            "change_url": reverse("admin:grants_report_change", args=[report.pk]),
            **extra,
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {}
        report = self.get_object(request, object_id)
        if report is not None:
            measures = list(report.measures.select_related("measure"))
            spending = list(report.spending.select_related("budget_line"))
            final = report.kind == Report.Kind.FINAL
            extra = {
                "report": report,
                "application": report.application,
                "measures": measures,
                "spending": spending,
                "evidence": list(report.evidence.select_related("document")),
                "events": list(report.events.select_related("actor")),
                "progress": report_progress(report, measures, spending),
                "can_review": request.user.is_officer and report.state == ReportState.SENT,
                "can_reschedule": request.user.is_officer and report.editable,
                "can_add": request.user.is_officer and report.application.status == "grant_active",
                "can_waive": request.user.is_officer
                and final
                and report.state == ReportState.ACCEPTED
                and (report.underspend or 0) > 0
                and not report.underspend_waived_reason,
                "completion_problems": reports.completion_problems(report.application) if final else [],
            }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def _form_page(self, request, pk, form_class, title, button, act):
        report = self._report(request, pk)
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                message = act(report, form.cleaned_data)
            except services.WorkflowError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:grants_report_change", args=[report.pk]))
        context = self._context(request, report, title, form=form, button=button)
        return TemplateResponse(request, "admin/grants/report/form.html", context)

    def accept_view(self, request, pk):
        report = self._report(request, pk)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:grants_report_change", args=[report.pk]))
        try:
            reports.report_accept(report=report, actor=request.user)
        except services.WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, f"The report on {report.application.reference} is accepted.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:grants_report_change", args=[report.pk]))

    def changes_view(self, request, pk):
        def act(report, data):
            reports.report_ask_for_changes(report=report, actor=request.user, reason=data["reason"])
            return f"The report on {report.application.reference} is back with the group, who have been emailed."

        return self._form_page(request, pk, ReasonForm, "Ask the group for changes", "Send back to the group", act)

    def reschedule_view(self, request, pk):
        def act(report, data):
            due = data["due_date"]
            reports.report_reschedule(report=report, due_date=due, actor=request.user, reason=data["reason"])
            return f"The report is now due on {data['due_date']:%-d %B %Y}."

        return self._form_page(request, pk, RescheduleForm, "Change the due date", "Change the due date", act)

    def waive_view(self, request, pk):
        def act(report, data):
            reports.underspend_waive(report=report, actor=request.user, reason=data["reason"])
            return "The underspend is waived."

        return self._form_page(request, pk, WaiveForm, "Waive the underspend", "Waive the underspend", act)

    def add_view_progress(self, request, pk):
        def act(report, data):
            due = data["due_date"]
            reports.report_add(application=report.application, due_date=due, actor=request.user, reason=data["reason"])
            return f"A progress report due on {due:%-d %B %Y} is added to {report.application.reference}."

        title = "Add a progress report to this grant"
        return self._form_page(request, pk, AddReportForm, title, "Add the report", act)
