"""The smallest journeys: the public home page, and an officer signing in to the officers' site."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import RoundFactory, StrandFactory, officer

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_home_page_describes_the_fund_and_is_accessible(page):
    RoundFactory(strand=StrandFactory(), name="Round 1")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Knowsley Better Together social sector fund")
    expect(page.get_by_text("Round 1 is open until")).to_be_visible()
    assert page.title() == "Apply for a Knowsley Better Together grant – Knowsley Better Together"
    assert_accessible(page)


def test_an_officer_signs_in_to_the_officers_site(page):
    person = officer(email="olivia@knowsley.example")
    page.goto("/admin/")
    page.get_by_label("Email address").fill("olivia@knowsley.example")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Applications")).to_be_visible()
    assert person.is_officer


def test_the_sign_in_fixture_starts_the_browser_signed_in(page, sign_in):
    sign_in(page, officer(email="oscar@knowsley.example"))
    page.goto("/admin/")
    expect(page.get_by_role("link", name="Applications")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_count(0)
