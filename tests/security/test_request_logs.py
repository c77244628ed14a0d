"""Structured logs: one JSON object a line with the request's id, the id in the X-Request-ID header and
on the error pages; Sentry only when SENTRY_DSN is set."""

import io
import json
import logging
import logging.config
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.urls import include, path

from kbt import settings as project_settings

handler403 = "kbt.errors.permission_denied"
handler404 = "kbt.errors.page_not_found"
handler500 = "kbt.errors.server_error"


def _boom(request):
    logging.getLogger("kbt.test").info("about to fail")
    raise RuntimeError("something went wrong inside")


def _forbidden(request):
    raise PermissionDenied


urlpatterns = [path("boom/", _boom), path("forbidden/", _forbidden), path("", include("kbt.urls"))]


@pytest.fixture
def log_lines():
    """What the configured console handler (its JSON formatter and request-id filter) writes. The
    project's logging is set up again first: a Celery worker started by an earlier test takes over the
    root logger, as workers do."""
    logging.config.dictConfig(django_settings.LOGGING)
    console = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


@pytest.mark.urls(__name__)
def test_each_log_line_is_json_with_the_request_id_which_the_500_page_and_header_show(client, log_lines):
    client.raise_request_exception = False
    response = client.get("/boom/", headers={"X-Request-ID": "lb-0123456789abcdef"})
    assert response.status_code == 500
    assert response["X-Request-ID"] == "lb-0123456789abcdef"
    assert "lb-0123456789abcdef" in response.content.decode()
    lines = log_lines()
    mine = next(line for line in lines if line["message"] == "about to fail")
    assert mine["request_id"] == "lb-0123456789abcdef" and mine["level"] == "INFO" and mine["logger"] == "kbt.test"
    error = next(line for line in lines if line["logger"] == "django.request")
    assert error["request_id"] == "lb-0123456789abcdef" and error["level"] == "ERROR"
    assert "something went wrong inside" not in response.content.decode()


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_without_a_load_balancer_id_one_is_made_and_the_404_and_403_pages_show_it(client):
    missing = client.get("/no-such-page/")
    made = missing["X-Request-ID"]
    assert missing.status_code == 404 and len(made) == 32 and made in missing.content.decode()
    refused = client.get("/forbidden/", headers={"X-Request-ID": "not ok <script>"})
    assert refused.status_code == 403
    assert refused["X-Request-ID"] != "not ok <script>" and refused["X-Request-ID"] in refused.content.decode()
    assert client.get("/no-such-page/")["X-Request-ID"] != made


def test_a_log_line_outside_a_request_says_so(log_lines):
    logging.getLogger("kbt.test").warning("from a task")
    assert log_lines()[-1]["request_id"] == "-"


def _settings_value(expression: str, **environment) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY")}
    env.update(environment, DJANGO_SETTINGS_MODULE="kbt.settings")
    code = f"import django; django.setup(); import sentry_sdk; print({expression})"
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, cwd=project_settings.BASE_DIR, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_sentry_is_off_by_default_and_on_without_personal_data_when_sentry_dsn_is_set():
    assert _settings_value("sentry_sdk.get_client().is_active()") == "False"
    on = "(sentry_sdk.get_client().is_active(), sentry_sdk.get_client().options['send_default_pii'])"
    assert _settings_value(on, SENTRY_DSN="https://public@sentry.example.invalid/1") == "(True, False)"
