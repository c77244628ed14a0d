"""`make run` with nothing set (issue 20): the embedded broker keeps all its files under var/, names a
host so kombu does not warn on every connection, and demo emails are one log line each."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.core import mail
from django.test import override_settings
from kombu import Connection

ROOT = Path(__file__).resolve().parents[2]


def demo_settings() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = "kbt.settings"
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'broker': s.CELERY_BROKER_URL, 'options': s.CELERY_BROKER_TRANSPORT_OPTIONS, "
        "'db': s.DATABASES['default']['OPTIONS'], 'email': s.EMAIL_BACKEND, 'var': str(s.VAR_DIR)}))"
    )
    out = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_demo_keeps_the_broker_under_var_and_sqlite_waits_for_locks(caplog):
    demo = demo_settings()
    folders = [demo["options"][k] for k in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")]
    assert all(folder.startswith(demo["var"] + "/") for folder in folders), folders
    assert demo["db"]["transaction_mode"] == "IMMEDIATE" and "journal_mode=WAL" in demo["db"]["init_command"]
    assert demo["email"] == "kbt.outbox.demo_backend.OneLineEmailBackend"
    with caplog.at_level(logging.WARNING, logger="kombu.connection"):
        Connection(demo["broker"], transport_options=demo["options"])._info()
    assert "No hostname" not in caplog.text


@override_settings(EMAIL_BACKEND="kbt.outbox.demo_backend.OneLineEmailBackend")
def test_a_demo_email_is_one_log_line(caplog):
    with caplog.at_level(logging.INFO, logger="kbt.demo_email"):
        sent = mail.send_mail("Your application was received", "A long body\n" * 50, None, ["group@example.org"])
    assert sent == 1
    assert [r.getMessage() for r in caplog.records] == ["Email to group@example.org: Your application was received"]
