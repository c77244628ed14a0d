"""The error pages: GOV.UK style, the right status, and a 500 page that needs no database. Django's
debug pages are off unless DEBUG=true is set, in the demo too."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import include, path

from kbt import settings as project_settings
from tests.factories import UserFactory


def _boom(request):
    raise RuntimeError("something went wrong inside")


def _forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("boom/", _boom),
    path("forbidden/", _forbidden),
    path("", include("kbt.urls")),
]


@pytest.mark.django_db
def test_a_missing_page_is_the_govuk_404(client):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "govuk-template" in page and "Page not found" in page
    assert "Page not found – Knowsley Better Together" in page


@pytest.mark.django_db
def test_a_missing_application_is_the_govuk_404(client):
    client.force_login(UserFactory())
    assert "Page not found" in client.get("/applications/999999999/").content.decode()


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_refusal_is_the_govuk_403(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()


@pytest.mark.urls(__name__)
def test_a_failing_view_gives_the_plain_500_page_without_touching_the_database(client):
    # No django_db mark: any query, by the page or on the way to it, would fail the test.
    client.raise_request_exception = False
    response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "something went wrong inside" not in page and "Traceback" not in page


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_a_plain_page(client):
    client.handler.enforce_csrf_checks = True
    response = client.post("/accounts/sign-in/", {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


def test_debug_is_off_unless_asked_for():
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    environment["DJANGO_SETTINGS_MODULE"] = "kbt.settings"
    shown = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        env=environment,
        cwd=project_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == "False"
