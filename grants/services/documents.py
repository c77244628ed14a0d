"""Documents a group uploads: checked by what the file is, not what it is called, and stored under a
random name in private storage (see Document.file's upload_to)."""

import datetime as dt
import logging
import zipfile
from functools import partial
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kbt.scanning.clamav import ScannerUnavailable, scan_stream

from ..models import Application, Document

logger = logging.getLogger(__name__)
# A document still being checked this long after upload is queued for a scan again by the sweep.
SCAN_SWEEP_AFTER = dt.timedelta(minutes=10)

MAX_SIZE = 10 * 1024 * 1024  # 10 MB

# What each allowed kind of file starts with, and the names it may have.
KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "png": ("image/png", {".png"}),
    "jpg": ("image/jpeg", {".jpg", ".jpeg"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
}
ALLOWED_NAMES = "PDF, Word (DOCX), Excel (XLSX), JPG or PNG"


class DocumentNotCleared(PermissionDenied):
    """Someone on the council's side asked for a document the virus check has not cleared. The 403
    page shows `user_message`."""

    def __init__(self, message: str):
        super().__init__(message)
        self.user_message = message


class DocumentRefused(Exception):
    """A file we will not keep. `message` says what to do, fit to show next to the file input."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _sniff(uploaded) -> str | None:
    """What the file's content says it is: a key of KINDS, or None."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        # Word and Excel files are zip archives with a known layout inside.
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            uploaded.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
    return None


def document_check(uploaded) -> str:
    """Return the content type of an allowed file, or raise DocumentRefused saying why not.

    Allowed: PDF, DOCX, XLSX, JPG and PNG up to 10 MB, recognised by their content, and named as
    what they are (a PDF called photo.png is refused, so what officers open is what it says)."""
    if uploaded.size == 0:
        raise DocumentRefused("The selected file is empty")
    if uploaded.size > MAX_SIZE:
        raise DocumentRefused("The selected file must be smaller than 10 MB")
    kind = _sniff(uploaded)
    suffix = PurePath(uploaded.name or "").suffix.lower()
    if kind is None:
        raise DocumentRefused(f"The selected file must be a {ALLOWED_NAMES}")
    content_type, suffixes = KINDS[kind]
    if suffix not in suffixes:
        raise DocumentRefused(f"The selected file is a {kind.upper()} but its name ends in {suffix or 'nothing'}")
    return content_type


@transaction.atomic
def document_add(*, application: Application, kind: str, uploaded, actor) -> Document:
    """Check and keep one file for an application, or raise DocumentRefused and keep nothing.

    With SCAN_UPLOADS on, the document is "being checked" until clamd has scanned it (a task queued
    once this commits); nobody on the council's side can open it before then. With it off (the
    demo), it is "not scanned"."""
    content_type = document_check(uploaded)
    scanning = settings.SCAN_UPLOADS
    document = Document(
        application=application,
        kind=kind,
        original_name=PurePath(uploaded.name).name[-255:],
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=actor,
        scan_status=Document.ScanStatus.PENDING if scanning else Document.ScanStatus.NOT_SCANNED,
    )
    document.file.save(uploaded.name, uploaded, save=False)
    document.save()
    if scanning:
        transaction.on_commit(partial(_queue_scan, document.pk))
    return document


def _queue_scan(document_id: int) -> None:
    """Queue the scan. Never raises: with the broker down the document stays being checked and the
    sweep queues it later."""
    from kbt.scanning.tasks import scan_document

    try:
        scan_document.delay(document_id)
    except Exception:  # noqa: BLE001 - any broker failure; the sweep is the fallback
        logger.warning("Could not queue the virus scan of document %s; the sweep will", document_id, exc_info=True)


def document_scan(*, document_id: int) -> str:
    """Scan a document that is being checked with clamd, and record what it found. Returns the
    document's scan status afterwards ("gone" if it was removed meanwhile).

    Clean: officers and councillors may open it. Infected: the file is deleted from storage once this
    commits, the group sees why on its documents page, and the officer (or the fund team) is emailed.
    Raises ScannerUnavailable, and changes nothing, when clamd cannot answer: the caller retries.
    The scan runs outside any transaction (it may take seconds); the result is written under a row
    lock only if the document is still waiting for it, so two scans of one file record it once."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None or document.scan_status != Document.ScanStatus.PENDING:
        return document.scan_status if document else "gone"
    try:
        with document.file.open("rb") as stream:
            result = scan_stream(stream)
    except FileNotFoundError:
        # Removed between the read above and the open: nothing to scan.
        return "gone"
    except ScannerUnavailable:
        logger.warning("clamd is unavailable; document %s stays being checked", document_id)
        raise
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("application__organisation", "application__assigned_officer")
            .filter(pk=document_id)
            .first()
        )
        if document is None or document.scan_status != Document.ScanStatus.PENDING:
            return document.scan_status if document else "gone"
        document.scanned_at = timezone.now()
        if result.clean:
            document.scan_status = Document.ScanStatus.CLEAN
            document.save(update_fields=["scan_status", "scanned_at"])
            return document.scan_status
        name, storage = document.file.name, document.file.storage
        document.scan_status = Document.ScanStatus.INFECTED
        document.scan_finding = result.finding[:200]
        document.file = ""
        document.save(update_fields=["scan_status", "scan_finding", "scanned_at", "file"])
        transaction.on_commit(partial(storage.delete, name))
        _infected_email(document)
        logger.warning("Document %s was infected (%s); its file is deleted", document.pk, result.finding)
        return document.scan_status


def _infected_email(document: Document) -> None:
    from ..emails import queue

    application = document.application
    officer = application.assigned_officer
    queue(
        to=[officer.email] if officer and officer.is_active else [settings.FUND_TEAM_EMAIL],
        subject=f"A virus was found in a file uploaded to {application.reference or 'a draft application'}",
        template="document_infected",
        context={
            "application": application,
            "document": document,
            "admin_path": reverse("admin:grants_application_change", args=[application.pk]),
        },
        key=f"document_infected:{document.pk}",
        about=application,
    )


def document_scan_sweep(*, now: dt.datetime | None = None) -> int:
    """Queue a scan again for each document still being checked some minutes after its upload (clamd
    or the broker was down, a task was lost). Returns how many were queued."""
    now = now or timezone.now()
    ids = list(
        Document.objects.filter(scan_status=Document.ScanStatus.PENDING, uploaded_at__lte=now - SCAN_SWEEP_AFTER)
        .order_by("uploaded_at")
        .values_list("pk", flat=True)[:500]
    )
    for document_id in ids:
        _queue_scan(document_id)
    return len(ids)


def document_remove(*, document: Document) -> None:
    """Delete a document and its stored file (once the deletion has committed)."""
    name, storage = document.file.name, document.file.storage
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def document_view_record(*, document: Document, viewer) -> None:
    """Write to the audit log that someone on the council's side (an officer, the panel, a councillor)
    opened a group's document. The group's own members opening it are not recorded.

    Every staff and councillor path to a document passes here first, so here a document the virus
    check has not cleared (being checked, or infected) is refused: DocumentNotCleared, a 403."""
    if not document.cleared:
        if document.scan_status == Document.ScanStatus.INFECTED:
            raise DocumentNotCleared("This file was deleted: our virus check found a virus in it.")
        raise DocumentNotCleared("This file is being checked for viruses. Try again in a few minutes.")
    from kbt.audit.models import AuditEntry
    from kbt.audit.services import audit_record

    audit_record(
        actor=viewer,
        action=AuditEntry.Action.VIEWED,
        target=document,
        subject_user=document.uploaded_by,
        detail=f"Document of application {document.application.reference or document.application_id}",
    )
