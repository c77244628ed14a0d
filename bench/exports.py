"""Benchmark: exporting the whole officers' list (every sent application) as CSV and as XLSX.

Needs the data of bench/generate.py. CSV streams from the request (timed through Django's test client,
reading every byte); XLSX is made by the Celery task (grants.services.exports), timed as the task's
work, with the request that asks for it timed separately.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kbt_perf .venv/bin/python bench/exports.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbt.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.pages import session_for  # noqa: E402
from grants.models import ApplicationExport  # noqa: E402
from grants.services.exports import application_export_build  # noqa: E402
from kbt.accounts.models import User  # noqa: E402


def main():
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_for("bench-officer@bench.example")
    url = reverse("admin:grants_application_export", args=["csv"])
    if "--xlsx-only" in sys.argv:
        url = None
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        body = b"".join(client.get(url).streaming_content) if url else b"\n"
        seconds = time.perf_counter() - started
    lines = body.count(b"\n") - 1
    print(f"CSV, streamed:        {len(queries):>3} queries {seconds:6.1f} s  {lines:,} rows, {len(body) / 1e6:.1f} MB")

    url = reverse("admin:grants_application_export", args=["xlsx"])
    started = time.perf_counter()
    response = client.get(url)
    ms = (time.perf_counter() - started) * 1000
    print(f"XLSX, the request:        {response.status_code} {ms:6.0f} ms (the task queued)")
    export = ApplicationExport.objects.create(requested_by=User.objects.get(email="bench-officer@bench.example"))
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        application_export_build(export_id=export.pk)
        seconds = time.perf_counter() - started
    export.refresh_from_db()
    print(
        f"XLSX, the task:       {len(queries):>3} queries {seconds:6.1f} s  {export.rows:,} rows, "
        f"{export.file.size / 1e6:.1f} MB"
    )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
