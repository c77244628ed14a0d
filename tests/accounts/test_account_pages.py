"""Signing up, confirming an address, signing in and out, resetting and changing a password and an
email address: with the same words whether or not an address has an account."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from kbt.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _path(message) -> str:
    url = re.search(r"https?://[^\s]+", message.body).group(0)
    return "/" + url.split("/", 3)[3]


def sign_up(client, email="new@example.org", password="a-good-long-password-7", **extra):  # noqa: S107
    return client.post(
        reverse("accounts:sign_up"), {"full_name": "Nia Jones", "email": email, "password": password, **extra}
    )


def test_sign_up_sends_a_link_that_confirms_the_address_and_then_sign_in_works(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, email="Nia@Example.org")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:check_email")
    user = User.objects.get(email="nia@example.org")
    assert not user.email_verified
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nia@example.org"]

    # Before confirming, signing in is refused and a new link is sent.
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(
            reverse("accounts:sign_in"), {"username": "nia@example.org", "password": "a-good-long-password-7"}
        )
    assert "Confirm your email address before you sign in" in refused.content.decode()
    assert len(mail.outbox) == 2

    response = client.get(_path(mail.outbox[0]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified
    # The link is spent once used? It still works as a no-op for an already confirmed address.
    response = client.post(
        reverse("accounts:sign_in"), {"username": "NIA@example.org", "password": "a-good-long-password-7"}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 200


def test_a_tampered_verification_link_is_refused(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    response = client.get(_path(mail.outbox[0])[:-3] + "xyz/")
    assert response.status_code == 400
    assert not User.objects.get(email="new@example.org").email_verified


def test_signing_up_with_a_taken_address_looks_the_same_but_emails_the_owner(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, email="TAKEN@example.org")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:check_email")
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert mail.outbox[0].subject == "You already have a Knowsley Better Together account"


def test_sign_up_keeps_what_was_typed_and_says_what_to_fix(client):
    response = sign_up(client, email="not-an-email", password="short")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Error: Create an account" in page
    assert "Enter an email address in the correct format" in page
    assert 'value="Nia Jones"' in page and 'value="not-an-email"' in page
    assert not User.objects.exists()


def test_sign_in_failure_does_not_say_whether_the_address_exists(client):
    UserFactory(email="known@example.org")
    known = client.post(reverse("accounts:sign_in"), {"username": "known@example.org", "password": "wrong-one"})
    unknown = client.post(reverse("accounts:sign_in"), {"username": "nobody@example.org", "password": "wrong-one"})
    assert "Enter a correct email address and password" in known.content.decode()
    assert "Enter a correct email address and password" in unknown.content.decode()


def test_too_many_failed_sign_ins_lock_the_account_for_a_while(client):
    UserFactory(email="target@example.org")
    for _ in range(5):
        client.post(reverse("accounts:sign_in"), {"username": "target@example.org", "password": "guess"})
    response = client.post(
        reverse("accounts:sign_in"), {"username": "target@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code in (403, 429)
    assert "Too many attempts to sign in" in response.content.decode()


def test_sign_out_is_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    response = client.post(reverse("accounts:sign_out"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 302


def test_password_reset_says_the_same_for_any_address_and_the_link_sets_a_new_password(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="forgot@example.org")
    for address in ("forgot@example.org", "stranger@example.org"):
        # The reset email goes through the outbox, delivered once the request's transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:password_reset"), {"email": address})
        assert response["Location"] == reverse("accounts:password_reset_sent")
    assert [m.to for m in mail.outbox] == [["forgot@example.org"]]
    response = client.get(_path(mail.outbox[0]), follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "brand-new-password-9", "new_password2": "brand-new-password-9"},
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert User.objects.get(email="forgot@example.org").check_password("brand-new-password-9")


def test_change_password_needs_the_current_one(client):
    user = UserFactory()
    client.force_login(user)
    wrong = client.post(
        reverse("accounts:change_password"),
        {"old_password": "nope", "new_password1": "brand-new-password-9", "new_password2": "brand-new-password-9"},
    )
    assert wrong.status_code == 200 and "Error: " in wrong.content.decode()
    right = client.post(
        reverse("accounts:change_password"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "brand-new-password-9",
            "new_password2": "brand-new-password-9",
        },
    )
    assert right.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-password-9")
    assert client.get(reverse("accounts:account")).status_code == 200  # still signed in


def test_change_email_takes_effect_only_when_the_new_address_confirms(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="old@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:change_email"), {"email": "New@Example.org", "password": "correct-horse-battery"}
        )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "old@example.org"
    assert mail.outbox[-1].to == ["new@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(_path(mail.outbox[-1]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "new@example.org"
    assert mail.outbox[-1].to == ["old@example.org"]  # the old address is told
    # The same link does not work twice.
    assert client.get(_path(mail.outbox[-2])).status_code == 400


def test_change_email_to_a_taken_address_changes_nothing(client, django_capture_on_commit_callbacks):
    UserFactory(email="someone@example.org")
    user = UserFactory(email="me@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:change_email"), {"email": "someone@example.org", "password": "correct-horse-battery"}
        )
    assert "already has an account" in mail.outbox[-1].body
    user.refresh_from_db()
    assert user.email == "me@example.org"


def test_the_menu_shows_sign_in_or_the_signed_in_links(client):
    assert "Sign in" in client.get("/").content.decode()
    client.force_login(UserFactory())
    page = client.get("/").content.decode()
    assert "Your applications" in page and "Your organisation" in page and "Sign out" in page
