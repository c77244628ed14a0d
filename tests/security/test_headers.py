"""Every page carries a strict Content-Security-Policy and no inline script or style; production
settings pass Django's deployment check with no warnings."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from grants.models import Status
from tests.factories import RoundFactory, StrandFactory, UserFactory, WardFactory, application_at, councillor

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
# A <script type="application/json"> data block (Django's json_script) is not run, and CSP allows it.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)


def pages_for_everyone():
    RoundFactory(strand=StrandFactory(), name="Round 1")
    return ["/", "/accounts/sign-in/", "/accounts/sign-up/", "/accounts/password-reset/", "/deals/"]


def assert_strict(response, url):
    policy = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy, url
    assert "style-src 'self'" in policy, url
    assert "frame-ancestors 'none'" in policy, url
    assert "unsafe-inline" not in policy, url
    body = response.content.decode()
    assert not INLINE_SCRIPT.search(body), f"inline script on {url}: {INLINE_SCRIPT.search(body).group(0)}"
    found = INLINE_STYLE.search(body)
    assert not found, f"inline style on {url}: {body[found.start() - 80 : found.end() + 80]}"


def test_public_pages(client):
    for url in pages_for_everyone():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response, url)


def test_applicant_and_account_pages(client):
    client.force_login(UserFactory())
    for url in ["/applications/", "/accounts/", "/accounts/two-factor/", "/accounts/two-factor/set-up/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_strict(response, url)


def test_officers_pages(client):
    application = application_at(Status.SUBMITTED)
    client.force_login(application.cast.officer)
    urls = [
        "/admin/",
        reverse("admin:grants_application_changelist"),
        reverse("admin:grants_application_change", args=[application.pk]),
        reverse("admin:grants_application_print", args=[application.pk]),
        reverse("admin:grants_organisation_changelist"),
        "/accounts/confirm/?next=/admin/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response, url)


def test_councillors_pages(client):
    client.force_login(councillor(WardFactory()).user)
    response = client.get("/councillors/")
    assert response.status_code == 200
    assert_strict(response, "/councillors/")


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


# Settings the production environment decides for itself. DJANGO_ALLOW_ASYNC_UNSAFE is set by the
# browser tests in this process; production never sets it.
NOT_INHERITED = ("DEBUG", "SECURE_SSL_REDIRECT", "CSP_REPORT_ONLY", "SITE_URL", "SECURE_COOKIES")
NOT_INHERITED += ("DJANGO_ALLOW_ASYNC_UNSAFE",)


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="grants.knowsley.gov.uk",
        SITE_URL="https://grants.knowsley.gov.uk",
        **extra,
    )
    return env


def test_the_deployment_check_gives_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


SHOW_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.CONTENT_SECURITY_POLICY, bool(s.CONTENT_SECURITY_POLICY_REPORT_ONLY), "
    "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'], s.SECURE_SSL_REDIRECT)"
)


def test_report_only_mode_and_production_database_settings():
    result = subprocess.run(  # noqa: S603  (fixed arguments, no user input)
        [sys.executable, "manage.py", "shell", "-c", SHOW_SETTINGS],
        cwd=BASE_DIR,
        env=production_env(CSP_REPORT_ONLY="true", SECURE_SSL_REDIRECT="false"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["None", "True", "60", "True", "False"], result.stderr
