"""The legal pages, and a person's own data pages, pass axe's WCAG 2.2 A and AA checks, and work by keyboard."""

import pytest
from playwright.sync_api import expect

from grants.models import Status
from tests.e2e.conftest import assert_accessible
from tests.factories import UserFactory, application_at

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "link,url,heading",
    [
        ("Accessibility statement", "/accessibility/", "Accessibility statement for Knowsley Better Together"),
        ("Privacy", "/privacy/", "Privacy notice"),
        ("Cookies", "/cookies/", "Cookies"),
        ("Contact", "/contact/", "Contact the fund team"),
    ],
)
def test_each_legal_page_is_accessible_and_reached_from_the_footer(page, link, url, heading):
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name=link, exact=True).click()
    expect(page).to_have_url(page.url.split(url)[0] + url)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_the_account_data_pages_are_accessible(page, sign_in):
    sign_in(page, UserFactory())
    page.goto("/accounts/")
    page.get_by_role("link", name="Download your data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Download your data")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download your data").click()
    assert download.value.suggested_filename.endswith(".zip")

    page.goto("/accounts/delete/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    assert_accessible(page)
    page.get_by_role("button", name="Delete your account").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    # By keyboard: tick the box and send.
    page.get_by_label("I understand").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Delete your account").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account has been deleted")
    assert_accessible(page)


def test_the_refusal_and_the_equality_questions_are_accessible(page, sign_in):
    application = application_at(Status.APPROVED)
    sign_in(page, application.applicant)
    page.goto("/accounts/delete/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot delete your account yet")
    assert_accessible(page)

    page.goto(f"/applications/{application.pk}/equality-questions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality monitoring questions")
    assert_accessible(page)
    page.get_by_role("button", name="Save your answers").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
