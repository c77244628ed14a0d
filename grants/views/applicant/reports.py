"""A funded group's reports: the task list, each section (save and come back later), photos and
evidence, checking the answers and sending. Reports of someone else's grant answer 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ... import services
from ...forms import reports as forms
from ...models import Report, ReportEvent, ReportEvidence
from ...services import report_answers
from ...services.reports import report_send
from .common import my_applications

SECTION_TITLES = dict(report_answers.SECTIONS)


def _my_report(request, pk, report_pk) -> Report:
    application = get_object_or_404(my_applications(request.user).select_related("strand", "organisation"), pk=pk)
    report = get_object_or_404(Report.objects.filter(application=application), pk=report_pk)
    report.application = application
    return report


def _rows(report):
    return (
        list(report.measures.select_related("measure")),
        list(report.spending.select_related("budget_line")),
    )


@login_required
def report(request, pk, report_pk):
    """The report's task list while the group may change it; what was sent, once it has gone."""
    report = _my_report(request, pk, report_pk)
    if report.editable:
        report_answers.report_rows_ensure(report)
    measures, spending = _rows(report)
    progress = report_answers.report_progress(report, measures, spending)
    tasks = [
        {
            "key": key,
            "title": title,
            "status": progress.status[key],
            "url": reverse("grants:report_section", args=[pk, report.pk, key]),
        }
        for key, title in report_answers.SECTIONS
    ]
    changes = report.events.filter(action=ReportEvent.Action.CHANGES_REQUESTED).order_by("-created_at").first()
    return render(
        request,
        "grants/reports/task_list.html" if report.editable else "grants/reports/view.html",
        {
            "application": report.application,
            "report": report,
            "tasks": tasks,
            "progress": progress,
            "completed": sum(1 for t in tasks if t["status"] == report_answers.COMPLETED),
            "changes": changes if report.state == "changes_requested" else None,
            "measures": measures,
            "spending": spending,
            "evidence": list(report.evidence.select_related("document")),
            "nav_current": "applications",
        },
    )


def _after_save(request, report, key):
    if request.POST.get("save") == "later":
        messages.success(request, "Your answers have been saved. You can come back to this report later.")
        return redirect("grants:report", pk=report.application_id, report_pk=report.pk)
    keys = report_answers.SECTION_KEYS
    index = keys.index(key)
    if index + 1 < len(keys):
        return redirect("grants:report_section", pk=report.application_id, report_pk=report.pk, section=keys[index + 1])
    return redirect("grants:report", pk=report.application_id, report_pk=report.pk)


def _closed(request, report):
    messages.info(request, "This report has been sent, so it can no longer be changed.")
    return redirect("grants:report", pk=report.application_id, report_pk=report.pk)


@login_required
def report_section(request, pk, report_pk, section):
    report = _my_report(request, pk, report_pk)
    if section not in SECTION_TITLES:
        raise Http404("No such section")
    if not report.editable:
        return _closed(request, report)
    if section == "evidence":
        return _evidence(request, report)
    strict = request.POST.get("save") != "later"
    data = request.POST if request.method == "POST" else None
    if section in ("measures", "spending"):
        measures, spending = _rows(report)
        form_class = forms.MeasuresForm if section == "measures" else forms.SpendingForm
        form = form_class(data, rows=measures if section == "measures" else spending, strict=strict)
    else:
        form = forms.SECTION_FORMS[section](data, instance=report, strict=strict)
    if request.method == "POST" and form.is_valid():
        try:
            if section == "measures":
                report_answers.report_measures_save(report=report, actor=request.user, answers=form.answers())
            elif section == "spending":
                report_answers.report_spending_save(report=report, actor=request.user, answers=form.answers())
            else:
                report_answers.report_save(report=report, actor=request.user, section=section, **form.cleaned_data)
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            return _after_save(request, report, section)
    return render(
        request,
        "grants/reports/section.html",
        {
            "application": report.application,
            "report": report,
            "form": form,
            "heading": SECTION_TITLES[section],
            "section": section,
            "nav_current": "applications",
        },
    )


def _evidence(request, report):
    save = request.POST.get("save")
    uploading = request.method == "POST" and (save == "upload" or bool(request.FILES.get("file")))
    form = forms.EvidenceForm(request.POST if uploading else None, request.FILES if uploading else None)
    if request.method == "POST":
        if not uploading or form.is_valid():
            try:
                if uploading:
                    data = form.cleaned_data
                    report_answers.report_evidence_add(
                        report=report,
                        actor=request.user,
                        uploaded=data["file"],
                        caption=data["caption"],
                        publish_consent=data["publish_consent"],
                    )
                    messages.success(request, f"{data['file'].name} has been uploaded.")
                else:
                    report_answers.report_save(report=report, actor=request.user, section="evidence")
            except services.DocumentRefused as refused:
                form.add_error("file", refused.message)
            except services.WorkflowError as error:
                form.add_error(None, error.message)
            else:
                if save == "upload":
                    return redirect(
                        "grants:report_section", pk=report.application_id, report_pk=report.pk, section="evidence"
                    )
                return _after_save(request, report, "evidence")
    return render(
        request,
        "grants/reports/evidence.html",
        {
            "application": report.application,
            "report": report,
            "form": form,
            "evidence": list(report.evidence.select_related("document")),
            "heading": SECTION_TITLES["evidence"],
            "has_errors": bool(form.errors),
            "nav_current": "applications",
        },
    )


@login_required
def report_evidence_remove(request, pk, report_pk, evidence_pk):
    report = _my_report(request, pk, report_pk)
    evidence = get_object_or_404(ReportEvidence.objects.select_related("document"), pk=evidence_pk, report=report)
    if not report.editable:
        return _closed(request, report)
    if request.method == "POST":
        report_answers.report_evidence_remove(report=report, actor=request.user, evidence=evidence)
        messages.success(request, f"{evidence.document.original_name} has been removed.")
        return redirect("grants:report_section", pk=pk, report_pk=report.pk, section="evidence")
    return render(
        request,
        "grants/reports/evidence_remove.html",
        {"application": report.application, "report": report, "evidence": evidence},
    )


@login_required
def report_check(request, pk, report_pk):
    """Check the answers, then send the report to the council."""
    report = _my_report(request, pk, report_pk)
    if not report.editable:
        return _closed(request, report)
    measures, spending = _rows(report)
    progress = report_answers.report_progress(report, measures, spending)
    error = None
    if request.method == "POST":
        try:
            report_send(report=report, actor=request.user)
        except services.WorkflowError as refused:
            error = refused.message
        else:
            messages.success(request, "Your report has been sent. We will email you when an officer has read it.")
            return redirect("grants:report", pk=pk, report_pk=report.pk)
    return render(
        request,
        "grants/reports/check.html",
        {
            "application": report.application,
            "report": report,
            "progress": progress,
            "problems": [p[0].upper() + p[1:] for p in progress.all_problems],
            "error": error,
            "has_errors": bool(error),
            "measures": measures,
            "spending": spending,
            "evidence": list(report.evidence.select_related("document")),
            "nav_current": "applications",
        },
    )
