"""Passkeys (django-otp-webauthn) as a second option for the second factor: added only by someone who
has signed in with their authenticator app, listed and removed on the two-factor page, offered at the
code step, and removed with the rest when an administrator resets a person's second factor."""

import pytest
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential

from kbt.accounts import two_factor
from tests.factories import UserFactory, administrator, officer

pytestmark = pytest.mark.django_db

BEGIN = "/accounts/two-factor/passkeys/registration/begin/"
MANAGE = "/accounts/two-factor/"


def a_passkey(user, name="Work laptop") -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user, name=name, credential_id=f"id-{user.pk}-{name}".encode(), public_key=b"key", confirmed=True
    )


def test_a_password_alone_cannot_add_a_passkey(client, password_only_login):
    staff = officer()
    password_only_login(client, staff)
    response = client.post(BEGIN, content_type="application/json")
    assert response.status_code == 403
    assert "Set up your authenticator app" in response.json()["detail"]
    assert "otp_webauthn_register_state" not in client.session

    # An applicant with no second factor at all cannot make a passkey their first one either.
    client.force_login(UserFactory())
    assert client.post(BEGIN, content_type="application/json").status_code == 403


def test_someone_signed_in_with_their_app_starts_adding_a_passkey_for_this_site(client, settings):
    staff = officer(email="ola@knowsley.gov.uk")
    client.force_login(staff)  # with a code, as the tests' force_login does
    response = client.post(BEGIN, content_type="application/json")
    assert response.status_code == 200
    options = response.json()
    assert options["rp"] == {"id": settings.OTP_WEBAUTHN_RP_ID, "name": "Knowsley Better Together"}
    assert options["user"]["name"] == "ola@knowsley.gov.uk" and options["challenge"]
    assert client.session["otp_webauthn_register_state"]


def test_the_two_factor_page_lists_passkeys_offers_to_add_one_and_removes_ones_own_only(client):
    staff = officer()
    mine = a_passkey(staff)
    theirs = a_passkey(officer(), name="Someone else's key")
    client.force_login(staff)
    page = client.get(MANAGE).content.decode()
    assert "Work laptop" in page and 'id="passkey-register-button"' in page
    assert "django_otp_webauthn/otp_webauthn_register.js" in page

    assert client.post(reverse("accounts:passkey_remove", args=[theirs.pk])).status_code == 404
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()
    removed = client.post(reverse("accounts:passkey_remove", args=[mine.pk]))
    assert removed.status_code == 302 and not WebAuthnCredential.objects.filter(pk=mine.pk).exists()


def test_removing_a_passkey_asks_to_confirm_it_is_you(client):
    from kbt.accounts.reauth import REAUTH_SESSION_KEY

    staff = officer()
    passkey = a_passkey(staff)
    client.force_login(staff)
    session = client.session
    del session[REAUTH_SESSION_KEY]
    session.save()
    response = client.post(reverse("accounts:passkey_remove", args=[passkey.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/confirm/")
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()


def test_the_code_step_offers_a_passkey_to_those_who_have_one(client, password_only_login):
    staff = officer()
    client.force_login(staff)  # gives the authenticator app
    password_only_login(client, staff)
    page = client.get("/accounts/two-factor/verify/").content.decode()
    assert "Use a passkey" not in page
    a_passkey(staff)
    page = client.get("/accounts/two-factor/verify/").content.decode()
    assert 'id="passkey-verification-button"' in page and "Use a passkey" in page
    # The passkey sign-in endpoints are open to someone who still owes a code.
    begin = client.post("/accounts/two-factor/passkeys/authentication/begin/", content_type="application/json")
    assert begin.status_code == 200 and begin.json()["allowCredentials"]


def test_an_administrators_reset_removes_passkeys_too(client):
    staff = officer()
    client.force_login(staff)
    a_passkey(staff)
    two_factor.second_factor_reset(actor=administrator(), user=staff)
    assert not WebAuthnCredential.objects.filter(user=staff).exists()
