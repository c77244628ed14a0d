"""Documents a group uploads: checked by what the file is, not what it is called, and stored under a
random name in private storage (see Document.file's upload_to)."""

import zipfile
from pathlib import PurePath

from django.db import transaction

from ..models import Application, Document

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
    """Check and keep one file for an application, or raise DocumentRefused and keep nothing."""
    content_type = document_check(uploaded)
    document = Document(
        application=application,
        kind=kind,
        original_name=PurePath(uploaded.name).name[-255:],
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=actor,
    )
    document.file.save(uploaded.name, uploaded, save=False)
    document.save()
    return document


def document_remove(*, document: Document) -> None:
    """Delete a document and its stored file (once the deletion has committed)."""
    name, storage = document.file.name, document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


def document_view_record(*, document: Document, viewer) -> None:
    """Write to the audit log that someone on the council's side (an officer, the panel, a councillor)
    opened a group's document. The group's own members opening it are not recorded."""
    from kbt.audit.models import AuditEntry
    from kbt.audit.services import audit_record

    audit_record(
        actor=viewer,
        action=AuditEntry.Action.VIEWED,
        target=document,
        subject_user=document.uploaded_by,
        detail=f"Document of application {document.application.reference or document.application_id}",
    )
