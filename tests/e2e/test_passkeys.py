"""An officer adds a passkey from the two-factor page and signs in with it at the code step, in headless
Chromium with a virtual authenticator (the DevTools protocol's WebAuthn domain)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import officer

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_adds_a_passkey_then_signs_in_with_it_instead_of_a_code(page, sign_in, live_server, settings):
    # Passkeys belong to an origin: the live server's (http://localhost is allowed without HTTPS).
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    person = officer(email="priya@knowsley.example")
    sign_in(page, person)  # password and authenticator-app code, as at a real sign-in
    page.goto("/accounts/two-factor/")
    expect(page.get_by_text("You have no passkeys.")).to_be_visible()
    expect(page.get_by_role("button", name="Add a passkey")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("button", name="Remove")).to_be_visible()  # the page reloads, listing it
    assert_accessible(page)

    # Next time: password, then the passkey instead of a code.
    page.context.clear_cookies()
    page.goto("/admin/")
    page.get_by_label("Email address").fill("priya@knowsley.example")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    expect(page.get_by_role("button", name="Use a passkey")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("link", name="Applications")).to_be_visible()
