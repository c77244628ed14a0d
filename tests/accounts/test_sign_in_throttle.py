"""The sign-in throttle: an account locks after 5 failures however its address is typed and from
whichever address they come; one address cannot try a password against many accounts."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"


def _try(client, email, password="guess-wrong", ip="203.0.113.7"):  # noqa: S107
    return client.post(SIGN_IN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_typed_in_any_case_or_with_spaces_lock_the_account(client):
    UserFactory(email="target@example.org")
    for typed in [
        "target@example.org",
        "TARGET@example.org",
        " target@example.org",
        "Target@Example.Org ",
        "\ttarget@EXAMPLE.org",
    ]:
        _try(client, typed)
    response = _try(client, "target@example.org", password="correct-horse-battery")
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_account_stays_locked_from_every_other_address(client):
    UserFactory(email="target@example.org")
    for n in range(5):
        _try(client, "target@example.org", ip=f"198.51.100.{n + 1}")
    response = _try(client, "Target@example.org", password="correct-horse-battery", ip="192.0.2.99")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_address_trying_a_password_against_many_accounts_is_blocked(client, settings):
    accounts = [UserFactory(email=f"person{n}@example.org") for n in range(30)]
    refused = 0
    for account in accounts:
        response = _try(client, account.email, password="Password123!", ip="203.0.113.50")
        refused += response.status_code == 429
    assert refused >= 30 - settings.AXES_IP_FAILURE_LIMIT
    # Even the right password for one of them is refused from that address until the cool-off ends...
    assert _try(client, accounts[-1].email, password="correct-horse-battery", ip="203.0.113.50").status_code == 429
    # ...while its owner, elsewhere, can still sign in.
    response = _try(client, accounts[-1].email, password="correct-horse-battery", ip="192.0.2.1")
    assert response.status_code == 302


def test_a_few_typing_mistakes_in_one_office_do_not_lock_everyone_out(client):
    people = [UserFactory(email=f"staff{n}@example.org") for n in range(6)]
    for person in people:
        _try(client, person.email, ip="203.0.113.80")  # one typo each, behind the council's one address
    response = _try(client, people[0].email, password="correct-horse-battery", ip="203.0.113.80")
    assert response.status_code == 302


def test_signing_in_to_your_own_account_does_not_reset_the_count_for_the_address(client, settings):
    own = UserFactory(email="attacker@example.org")
    victims = [UserFactory(email=f"victim{n}@example.org") for n in range(settings.AXES_IP_FAILURE_LIMIT)]
    for victim in victims[:-1]:
        _try(client, victim.email, ip="203.0.113.9")
    assert _try(client, own.email, password="correct-horse-battery", ip="203.0.113.9").status_code == 302
    client.logout()
    _try(client, victims[-1].email, ip="203.0.113.9")
    assert _try(client, own.email, password="correct-horse-battery", ip="203.0.113.9").status_code == 429


def test_the_locked_out_page_is_a_govuk_page(client):
    UserFactory(email="target@example.org")
    for _ in range(6):
        response = _try(client, "target@example.org")
    page = response.content.decode()
    assert response.status_code == 429
    assert "govuk-template" in page and "Too many attempts to sign in" in page
    assert "Traceback" not in page and "Forbidden" not in page
    assert reverse("accounts:password_reset") in page


def test_the_officers_sign_in_page_locks_the_same_account(client):
    UserFactory(email="olivia@example.org", is_staff=True)
    for typed in ["OLIVIA@example.org", " olivia@example.org", "Olivia@example.org"]:
        client.post("/admin/login/", {"username": typed, "password": "nope"}, REMOTE_ADDR="198.51.100.1")
    for typed in ["olivia@EXAMPLE.org ", "olivia@example.org"]:
        _try(client, typed, ip="198.51.100.2")
    response = client.post(
        "/admin/login/",
        {"username": "olivia@example.org", "password": "correct-horse-battery"},
        REMOTE_ADDR="192.0.2.5",
    )
    assert response.status_code == 429
