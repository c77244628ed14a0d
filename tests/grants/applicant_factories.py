"""Files and drafts for the applicant portal's tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from grants.models import Document
from grants.services import document_add

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office_file(kind: str) -> bytes:
    """A minimal DOCX ("word") or XLSX ("xl") archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "word" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


def upload(name="constitution.pdf", content=PDF, content_type="application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def with_documents(application, *, at_risk=False):
    """Give a draft what the documents section needs."""
    application.works_with_people_at_risk = at_risk
    application.beneficiaries_description = application.beneficiaries_description or "Local families"
    application.save()
    for kind in (Document.Kind.GOVERNING_DOCUMENT, Document.Kind.ACCOUNTS, Document.Kind.BANK_STATEMENT):
        document_add(application=application, kind=kind, uploaded=upload(f"{kind}.pdf"), actor=application.applicant)
    return application
