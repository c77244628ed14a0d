"""After sending: answering an officer's question with a document, withdrawing, and the account and
organisation pages, each checked with axe-core on a phone-sized window."""

import pytest
from playwright.sync_api import expect

from grants.models import Status
from tests.e2e.conftest import assert_accessible
from tests.factories import application_at

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_group_answers_a_question_then_withdraws(page, sign_in):
    application = application_at(Status.INFO_REQUESTED)
    sign_in(page, application.applicant)
    page.goto("/applications/")
    assert_accessible(page)
    expect(page.get_by_text("We need more information")).to_be_visible()
    page.get_by_role("link", name=application.title).click()
    assert_accessible(page)
    page.get_by_role("link", name="Answer the question").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send your answer").click()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Your answer").fill("Our quotes are attached.")
    page.get_by_label("Add documents (optional)").set_input_files(
        {"name": "quote.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_text("Your answer has been sent to the officer.")).to_be_visible()
    assert_accessible(page)
    application.refresh_from_db()
    assert application.status == Status.IN_ASSESSMENT

    page.get_by_role("link", name="Withdraw this application").click()
    assert_accessible(page)
    page.get_by_label("Why are you withdrawing your application?").fill("We found other funding")
    page.get_by_role("button", name="Withdraw your application").click()
    assert_accessible(page)
    expect(page.get_by_text("Withdrawn", exact=True)).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN


def test_the_account_and_organisation_pages_are_accessible(page, sign_in):
    application = application_at(Status.SUBMITTED)
    sign_in(page, application.applicant)
    for path in (
        "/accounts/",
        "/accounts/change-email/",
        "/accounts/change-password/",
        "/organisation/",
        f"/organisation/{application.organisation.pk}/",
        f"/organisation/{application.organisation.pk}/change/",
        f"/organisation/{application.organisation.pk}/invite/",
    ):
        page.goto(path)
        assert_accessible(page)
    page.get_by_label("Email address of the person to invite").fill("friend@example.org")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("We have sent an invitation to friend@example.org.")).to_be_visible()
    assert_accessible(page)


def test_the_password_reset_pages_are_accessible(page):
    page.goto("/accounts/sign-in/")
    page.get_by_role("link", name="I have forgotten my password").click()
    assert_accessible(page)
    page.get_by_label("Email address").fill("nobody@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)
