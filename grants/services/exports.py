"""Spreadsheets (XLSX) of applications, made away from the web request.

An officer asks from the list (the list as filtered on screen, or the rows they ticked): one row is
written and a Celery task queued once it commits. The task builds the workbook, keeps it in the private
document storage, and writes an email with a link to the outbox. The link is an officers' site page
that serves the file only to the person who asked, while they may still read applications (404 to
anyone else). CSV exports still stream straight from the request."""

from io import BytesIO

from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from .. import emails, tasks
from ..models import Application, ApplicationExport


def application_export_request(*, user, query: str = "", selected: list[int] | None = None) -> ApplicationExport:
    """Ask for a spreadsheet of the applications list as filtered by `query` (a query string), or of the
    `selected` ids; it is made by a task and the link emailed to `user`."""
    with transaction.atomic():
        export = ApplicationExport.objects.create(requested_by=user, query=query, selected=selected)
        transaction.on_commit(lambda: tasks.build_application_export.delay(export.pk))
    return export


def _applications(export: ApplicationExport):
    """The applications the officer saw: the officers' list's own filters, search and order, as they
    apply to the person who asked (drafts only for administrators; "assigned to me" is them)."""
    model_admin = admin.site._registry[Application]
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(export.query)
    request.user = export.requested_by
    if export.selected is not None:
        return model_admin.get_queryset(request).filter(pk__in=export.selected).order_by("-submitted_at", "-id")
    return model_admin.get_changelist_instance(request).get_queryset(request)


def workbook_bytes(queryset) -> tuple[bytes, int]:
    """The applications as an XLSX workbook (written row by row, never all in memory), and how many."""
    from ..admin.exports import HEADERS, _safe, rows

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Applications")
    sheet.append(HEADERS)
    count = 0
    for row in rows(queryset):
        sheet.append([_safe(v) for v in row])
        count += 1
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def application_export_build(*, export_id: int) -> ApplicationExport:
    """Make the spreadsheet and email its link. Once made, running again does nothing."""
    export = ApplicationExport.objects.select_related("requested_by").get(pk=export_id)
    if export.state != ApplicationExport.State.WAITING:
        return export
    content, count = workbook_bytes(_applications(export))
    name = f"applications-{timezone.localtime():%Y-%m-%d-%H%M}-{export.pk}.xlsx"
    export.file.save(name, ContentFile(content), save=False)
    export.state, export.rows, export.finished_at = ApplicationExport.State.READY, count, timezone.now()
    with transaction.atomic():
        export.save(update_fields=["file", "state", "rows", "finished_at"])
        emails.queue(
            to=[export.requested_by.email],
            subject="Your applications spreadsheet is ready",
            template="application_export_ready",
            context={"export": export, "path": reverse("admin:grants_application_export_file", args=[export.pk])},
            key=f"application-export-{export.pk}",
            about=export,
        )
    return export
