"""Uploads are scanned by the real clamd (started by scripts/ensure-services.sh with a signature
database made locally: an MD5 signature of the EICAR test string). An infected file never reaches an
officer or a councillor; a document waits as "being checked" until clamd clears it; clamd being down
leaves it waiting and retried, never a 500."""

import io
import os
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from grants.models import Document
from grants.services import document_add
from grants.services import documents as document_services
from kbt.outbox.models import OutboxEmail
from kbt.scanning import clamav
from tests.factories import UserFactory, draft, officer
from tests.grants.applicant_factories import PDF, upload

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CLAMD_DIR = Path(os.environ.get("CLAMD_DIR", "/tmp/kbt-clamd"))  # noqa: S108 - the script's default
# Built from parts so that no file in the repository is itself the EICAR test file.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
# A PDF carrying the EICAR string: our type check lets it through; only the scanner can tell.
INFECTED_PDF = b"%PDF-1.4\n" + EICAR + b"\n%%EOF\n"


@pytest.fixture(scope="session")
def clamd_socket():
    """The tests' clamd, started (and installed, if missing) like PostgreSQL and Redis."""
    subprocess.run([ROOT / "scripts/ensure-services.sh", "clamd"], check=True, capture_output=True)  # noqa: S603
    return str(CLAMD_DIR / "clamd.sock")


@pytest.fixture
def scanning(settings, clamd_socket):
    settings.SCAN_UPLOADS = True
    settings.CLAMAV_SOCKET = clamd_socket
    settings.CLAMAV_HOST = ""
    settings.CLAMAV_TIMEOUT = 10
    return settings


def test_clamd_finds_eicar_and_passes_a_clean_pdf(scanning):
    assert clamav.ping()
    bare = clamav.scan_stream(io.BytesIO(EICAR))
    assert not bare.clean and bare.finding.startswith("Kbt.Test.EICAR")
    assert not clamav.scan_stream(io.BytesIO(INFECTED_PDF)).clean
    assert clamav.scan_stream(io.BytesIO(PDF)).clean


def test_a_clean_pdf_is_being_checked_until_clamd_clears_it_then_officers_open_it(
    client, scanning, django_capture_on_commit_callbacks
):
    application = draft(documents=False, works_with_people_at_risk=None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = document_add(
            application=application, kind=Document.Kind.ACCOUNTS, uploaded=upload("accounts.pdf"), actor=None
        )
    assert document.scan_status == Document.ScanStatus.PENDING
    url = reverse("grants:document_download", args=[document.pk])
    client.force_login(officer())
    refused = client.get(url)
    assert refused.status_code == 403
    assert "being checked for viruses" in refused.content.decode()

    client.force_login(application.applicant)
    page = client.get(reverse("grants:section_documents", args=[application.pk])).content.decode()
    assert "Being checked" in page

    for callback in callbacks:  # the scan task, queued on commit (eager here), against the real clamd
        callback()
    document.refresh_from_db()
    assert document.scan_status == Document.ScanStatus.CLEAN and document.scanned_at is not None
    client.force_login(officer())
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_an_eicar_upload_is_refused_deleted_never_reaches_an_officer_and_the_officer_is_told(
    client, scanning, django_capture_on_commit_callbacks
):
    case_officer = officer(email="case.officer@knowsley.gov.uk")
    application = draft(documents=False, works_with_people_at_risk=None)
    application.assigned_officer = case_officer
    application.save(update_fields=["assigned_officer"])
    documents_page = reverse("grants:section_documents", args=[application.pk])
    client.force_login(application.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            documents_page,
            {
                "save": "upload",
                "q-works_with_people_at_risk": "no",
                "d-kind": "accounts",
                "d-file": upload("accounts.pdf", INFECTED_PDF),
            },
        )
    assert response.status_code == 302
    document = application.documents.get()
    assert document.scan_status == Document.ScanStatus.INFECTED
    assert document.scan_finding.startswith("Kbt.Test.EICAR")
    assert not document.file and not list(
        (Path(scanning.STORAGES["default"]["OPTIONS"]["location"]) / "documents").iterdir()
    )

    # The group reads why on its page, and the upload does not count towards what is needed.
    page = client.get(documents_page).content.decode()
    assert "accounts.pdf was refused: our virus check found a virus in it" in page
    assert "upload a clean copy" in page
    assert not application.documents.filter(scan_status="clean").exists()

    # No officer, panel member or councillor can open it; the file is gone and the link is a 403/404.
    for person in (case_officer, officer()):
        client.force_login(person)
        assert client.get(reverse("grants:document_download", args=[document.pk])).status_code in (403, 404)
    with pytest.raises(document_services.DocumentNotCleared):
        document_services.document_view_record(document=document, viewer=case_officer)

    email = OutboxEmail.objects.get(kind="document_infected")
    assert email.recipient == "case.officer@knowsley.gov.uk"
    assert "virus" in email.subject and "accounts.pdf" in email.body_text
    assert "Kbt.Test.EICAR" in email.body_text


def test_with_clamd_down_a_document_stays_being_checked_and_is_retried_without_a_500(
    client, scanning, tmp_path, django_capture_on_commit_callbacks
):
    scanning.CLAMAV_SOCKET = str(tmp_path / "nobody-listens.sock")
    application = draft(documents=False, works_with_people_at_risk=None)
    client.force_login(application.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("grants:section_documents", args=[application.pk]),
            {"save": "upload", "q-works_with_people_at_risk": "no", "d-kind": "accounts", "d-file": upload("a.pdf")},
        )
    assert response.status_code == 302  # the eager task retried and gave up quietly; no 500
    document = application.documents.get()
    assert document.scan_status == Document.ScanStatus.PENDING
    with pytest.raises(clamav.ScannerUnavailable):
        document_services.document_scan(document_id=document.pk)

    # Ten minutes on, clamd is back: the sweep queues it again and it is cleared.
    scanning.CLAMAV_SOCKET = str(CLAMD_DIR / "clamd.sock")
    assert document_services.document_scan_sweep(now=document.uploaded_at + document_services.SCAN_SWEEP_AFTER) == 1
    document.refresh_from_db()
    assert document.scan_status == Document.ScanStatus.CLEAN


def test_without_clamd_configured_documents_are_marked_not_scanned_and_open_as_before(client, settings):
    settings.SCAN_UPLOADS = False
    application = draft(documents=False, works_with_people_at_risk=None)
    document = document_add(
        application=application, kind=Document.Kind.ACCOUNTS, uploaded=upload("accounts.pdf"), actor=None
    )
    assert document.scan_status == Document.ScanStatus.NOT_SCANNED
    client.force_login(officer())
    assert client.get(reverse("grants:document_download", args=[document.pk])).status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("grants:document_download", args=[document.pk])).status_code == 404
