"""Staff and councillors' sessions end after 30 minutes idle and 8 hours in all; applicants keep
today's length; signing out ends the session on the server; a password change ends the other sessions."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from freezegun import freeze_time

from tests.factories import UserFactory, WardFactory, councillor, officer

pytestmark = pytest.mark.django_db


def test_an_officer_idle_for_more_than_30_minutes_is_signed_out(client):
    with freeze_time("2026-11-25 09:00:00") as clock:
        client.force_login(officer())
        assert client.get("/admin/").status_code == 200
        clock.tick(29 * 60)
        assert client.get("/admin/").status_code == 200
        clock.tick(31 * 60)
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith(("/accounts/sign-in/", "/admin/login/"))
        assert client.get("/accounts/")["Location"].startswith("/accounts/sign-in/")


def test_a_councillor_busy_all_day_is_signed_out_after_8_hours(client):
    with freeze_time("2026-11-25 08:00:00") as clock:
        client.force_login(councillor(WardFactory()).user)
        for _ in range(8 * 3):
            clock.tick(20 * 60)
            assert client.get("/councillors/").status_code == 200
        clock.tick(20 * 60)
        assert client.get("/councillors/")["Location"].startswith("/accounts/sign-in/")


def test_the_staff_cookie_lasts_only_the_idle_time(client):
    client.force_login(officer())
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS


def test_an_applicant_keeps_todays_session_length(client):
    with freeze_time("2026-11-25 09:00:00") as clock:
        client.force_login(UserFactory())
        assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
        clock.tick(9 * 60 * 60)
        assert client.get("/accounts/").status_code == 200


def test_signing_out_ends_the_session_on_the_server(client):
    client.force_login(officer())
    key = client.session.session_key
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/accounts/sign-out/")
    assert not Session.objects.filter(session_key=key).exists()
    # The old cookie, replayed, no longer signs anyone in.
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert replay.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_password_change_ends_the_persons_other_sessions():
    person = UserFactory()
    here, elsewhere = Client(), Client()
    here.force_login(person)
    elsewhere.force_login(person)
    assert elsewhere.get("/accounts/").status_code == 200
    response = here.post(
        "/accounts/change-password/",
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
    )
    assert response.status_code == 302
    assert here.get("/accounts/").status_code == 200
    assert elsewhere.get("/accounts/")["Location"].startswith("/accounts/sign-in/")
