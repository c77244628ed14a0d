"""The smallest journeys: the public home page, and an officer signing in to the officers' site."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import totp
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


def code_from_key(key_text: str, *, later: int = 0) -> str:
    """What an authenticator app shows for this key now (or `later` seconds from now)."""
    key = key_text.replace(" ", "")
    return f"{totp(b32decode(key + '=' * (-len(key) % 8)), t0=-later):06d}"


def test_an_officer_enrols_an_authenticator_app_then_signs_in_with_a_code(page):
    person = officer(email="olivia@knowsley.example")
    page.goto("/admin/")
    page.get_by_label("Email address").fill("olivia@knowsley.example")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()

    # A password alone does not open the officers' site: she sets up an app first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)
    key = page.get_by_test_id("totp-key").inner_text()
    page.get_by_label("Code from your app").fill("000000")
    page.get_by_role("button", name="Finish setting up").click()
    expect(page.get_by_text("The code is not right").first).to_be_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    time.sleep(1.1)  # django-otp makes the device wait a second after a wrong code
    page.get_by_label("Code from your app").fill(code_from_key(key))
    page.get_by_role("button", name="Finish setting up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in is set up")
    expect(page.get_by_test_id("backup-codes").get_by_role("listitem")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my backup codes").click()
    expect(page.get_by_role("link", name="Applications")).to_be_visible()

    # Next time: password, then the code from the app.
    page.context.clear_cookies()
    page.goto("/admin/")
    page.get_by_label("Email address").fill("olivia@knowsley.example")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    assert_accessible(page)
    # The code just used cannot be used twice; the app's next code is accepted.
    page.get_by_label("Code").fill(code_from_key(key, later=30))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Applications")).to_be_visible()
    assert person.is_officer


def test_the_sign_in_fixture_starts_the_browser_signed_in(page, sign_in):
    sign_in(page, officer(email="oscar@knowsley.example"))
    page.goto("/admin/")
    expect(page.get_by_role("link", name="Applications")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_count(0)
