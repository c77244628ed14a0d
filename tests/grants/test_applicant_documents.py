"""Documents are checked by what they are, kept under random names, and given only to members and officers."""

import re

import pytest
from django.urls import reverse

from grants.models import Document
from grants.services import DocumentRefused, document_add, document_check
from tests.factories import UserFactory, draft, member_of, officer
from tests.grants.applicant_factories import JPG, PDF, PNG, office_file, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("a.pdf", PDF, "application/pdf"),
        ("a.PNG", PNG, "image/png"),
        ("a.jpeg", JPG, "image/jpeg"),
        ("a.docx", office_file("word"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("a.xlsx", office_file("xl"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_allowed_files_are_recognised_by_their_content(name, content, content_type):
    assert document_check(upload(name, content, "application/octet-stream")) == content_type


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("virus.pdf", b"MZ\x90\x00 not a pdf", "must be a PDF, Word (DOCX), Excel (XLSX), JPG or PNG"),
        ("photo.png", PDF, "is a PDF but its name ends in .png"),
        ("sheet.docx", office_file("xl"), "is a XLSX but its name ends in .docx"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "must be a PDF"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_other_files_are_refused_with_a_reason(name, content, message):
    with pytest.raises(DocumentRefused) as refused:
        document_check(upload(name, content))
    assert message in refused.value.message


def test_a_file_over_10_mb_is_refused():
    big = upload("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(DocumentRefused, match="smaller than 10 MB"):
        document_check(big)


def test_a_kept_file_has_a_random_name_and_its_own_name_is_remembered():
    application = draft()
    document = document_add(
        application=application, kind=Document.Kind.ACCOUNTS, uploaded=upload("Our Accounts 2025.pdf"), actor=None
    )
    assert document.original_name == "Our Accounts 2025.pdf"
    assert document.file.name.startswith("documents/") and "Accounts" not in document.file.name
    assert document.size == len(PDF) and document.content_type == "application/pdf"


def test_members_and_officers_download_a_document_and_nobody_else_can(client):
    application = draft()
    document = document_add(
        application=application, kind=Document.Kind.ACCOUNTS, uploaded=upload("accounts.pdf"), actor=None
    )
    url = reverse("grants:document_download", args=[document.pk])
    for person in (application.applicant, member_of(application.organisation), officer()):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert 'attachment; filename="accounts.pdf"' in response["Content-Disposition"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_documents_page_keeps_the_answer_when_a_file_is_refused(client):
    application = draft()
    client.force_login(application.applicant)
    response = client.post(
        reverse("grants:section_documents", args=[application.pk]),
        {
            "save": "upload",
            "q-works_with_people_at_risk": "yes",
            "d-kind": "accounts",
            "d-file": upload("accounts.pdf", b"GIF89a not allowed"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Error: Documents" in page
    assert "The selected file must be a PDF" in page
    assert re.search(r'value="accounts"\s+checked', page)  # what they chose is kept
    assert re.search(r'value="yes"\s+checked', page)
    assert not application.documents.exists()
    application.refresh_from_db()
    assert application.works_with_people_at_risk is True  # the answer was saved


def test_uploading_and_removing_a_document_on_the_documents_page(client):
    application = draft()
    client.force_login(application.applicant)
    url = reverse("grants:section_documents", args=[application.pk])
    response = client.post(
        url,
        {"save": "upload", "q-works_with_people_at_risk": "no", "d-kind": "accounts", "d-file": upload("a.pdf")},
    )
    assert response.status_code == 302
    document = application.documents.get()
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    remove = reverse("grants:document_remove", args=[application.pk, document.pk])
    assert client.get(remove).status_code == 200
    assert client.post(remove).status_code == 302
    assert not application.documents.exists()
