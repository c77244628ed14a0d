"""The pages virus scanning adds to: the group's documents page while a file is being checked and after
one was refused, and the page an officer sees for a file not cleared yet. Accessible (axe)."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from grants.models import Document
from tests.e2e.conftest import assert_accessible
from tests.factories import draft, officer

pytestmark = pytest.mark.django_db(transaction=True)


def _document(application, name, status, finding=""):
    document = Document(
        application=application,
        kind=Document.Kind.ACCOUNTS,
        original_name=name,
        content_type="application/pdf",
        size=9,
        scan_status=status,
        scan_finding=finding,
    )
    if status != Document.ScanStatus.INFECTED:
        document.file.save(name, ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    return document


def test_the_documents_page_shows_a_file_being_checked_and_one_refused(page, sign_in):
    application = draft(documents=False, works_with_people_at_risk=None)
    checking = _document(application, "accounts-2025.pdf", Document.ScanStatus.PENDING)
    _document(application, "constitution.pdf", Document.ScanStatus.INFECTED, "Kbt.Test.EICAR-NDB")
    sign_in(page, application.applicant)
    page.goto(f"/applications/{application.pk}/documents/")
    expect(page.get_by_text("Being checked")).to_be_visible()
    expect(page.get_by_text("We refused constitution.pdf: our virus check found a virus in it.")).to_be_visible()
    expect(page.get_by_text("constitution.pdf was refused")).to_be_visible()
    assert_accessible(page)

    sign_in(page, officer())
    response = page.goto(f"/documents/{checking.pk}/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot open this file yet")
    expect(page.get_by_text("This file is being checked for viruses.")).to_be_visible()
    assert_accessible(page)
