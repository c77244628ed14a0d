"""Benchmark: the officers' applications list with 50,000 applications.

Fills the database named by DATABASE_URL (use your own, never production) with N submitted
applications in bulk the first time (references KBT-BEN-…), then loads the changelist as an officer
with several filters and searches, printing queries and time for each, and the same for a list of a
few rows so the two can be compared.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kbt_4 python bench/admin_list.py [--count 50000] [--repeat 5]
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbt.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from grants.models import (  # noqa: E402
    Application,
    Assessment,
    Fund,
    Organisation,
    Priority,
    Round,
    Status,
    Strand,
    Ward,
)
from kbt.accounts.models import OFFICER_GROUP, User  # noqa: E402

PREFIX = "KBT-BEN-"


def structure():
    fund, _ = Fund.objects.get_or_create(name="Bench fund", defaults={"total": Decimal("1000000.00")})
    strands = []
    for code, kind, decide in (("BEV", "environmental", True), ("BPR", "priorities", False)):
        strand, _ = Strand.objects.get_or_create(
            code=code,
            defaults=dict(
                fund=fund,
                name=f"Bench {kind}",
                slug=f"bench-{kind}",
                kind=kind,
                budget=Decimal("300000.00"),
                minimum_award=Decimal("100.00"),
                maximum_award=Decimal("50000.00"),
                maximum_duration_months=36,
                councillors_decide=decide,
            ),
        )
        strands.append(strand)
    now = timezone.now()
    rounds = [
        Round.objects.get_or_create(
            strand=s, name=f"Bench round {i}", defaults={"opens_at": now - dt.timedelta(days=900), "closes_at": now}
        )[0]
        for s in strands
        for i in range(3)
    ]
    wards = [Ward.objects.get_or_create(name=f"Bench ward {i}", slug=f"bench-ward-{i}")[0] for i in range(21)]
    priorities = [Priority.objects.get_or_create(number=n, defaults={"name": f"Priority {n}"})[0] for n in range(1, 6)]
    return strands, rounds, wards, priorities


def fill(count: int):
    existing = Application.objects.filter(reference__startswith=PREFIX).count()
    strands, rounds, wards, priorities = structure()
    officer, _ = User.objects.get_or_create(email="bench-officer@example.org", defaults={"is_staff": True})
    officer.groups.add(Group.objects.get(name=OFFICER_GROUP))
    if existing >= count:
        return officer, existing
    organisations = list(Organisation.objects.filter(name__startswith="Bench group"))
    if not organisations:
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Bench group {i}",
                org_type="community_group",
                address_line_1="1 Archway Road",
                town="Huyton",
                postcode=f"L36 {i % 10}YU",
                ward=wards[i % 21],
                annual_income=Decimal("10000.00"),
                date_established=dt.date(2015, 4, 1),
            )
            for i in range(1000)
        )
    statuses = [Status.SUBMITTED, Status.IN_ASSESSMENT, Status.INFO_REQUESTED, Status.AWAITING_DECISION]
    now = timezone.now()
    start = time.perf_counter()
    for batch_start in range(existing, count, 5000):
        batch = []
        for i in range(batch_start, min(count, batch_start + 5000)):
            round_ = rounds[i % len(rounds)]
            environmental = round_.strand_id == strands[0].pk
            batch.append(
                Application(
                    reference=f"{PREFIX}{i:06d}",
                    organisation=organisations[i % len(organisations)],
                    round=round_,
                    strand_id=round_.strand_id,
                    ward=wards[i % 21] if environmental else None,
                    title=f"Bench project {i}",
                    amount_requested=Decimal("500.00") + i % 9000,
                    status=statuses[i % len(statuses)],
                    submitted_at=now - dt.timedelta(hours=i),
                    assigned_officer=officer if i % 5 == 0 else None,
                )
            )
        made = Application.objects.bulk_create(batch)
        Through = Application.priorities.through
        Through.objects.bulk_create(
            Through(application_id=a.pk, priority_id=priorities[a.pk % 5].pk) for a in made if a.ward_id is None
        )
        Assessment.objects.bulk_create(
            Assessment(application=a, assessor=officer, total_score=Decimal(a.pk % 100)) for a in made[::3]
        )
    print(f"made {count - existing} applications in {time.perf_counter() - start:.1f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return officer, count


def measure(client, params, repeat):
    url = reverse("admin:grants_application_changelist")
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
        sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    return queries, statistics.median(times), max(times), sql_ms


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    client = Client()
    officer, total = fill(args.count)
    client.force_login(officer)
    strand = Strand.objects.get(code="BEV")
    ward = Ward.objects.get(name="Bench ward 3")
    cases = [
        ("whole list", {}),
        ("status filter", {"status__exact": "in_assessment"}),
        ("strand + ward", {"strand__id__exact": strand.pk, "ward__id__exact": ward.pk}),
        ("priority filter", {"priorities__id__exact": Priority.objects.get(number=2).pk}),
        ("assigned to me", {"officer": "me"}),
        ("search reference", {"q": f"{PREFIX}012345"}),
        ("search organisation", {"q": "Bench group 77"}),
        ("sort by score", {"o": "7"}),
        ("last page", {"p": str(max(1, total // 50 - 1))}),
    ]
    client.get(reverse("admin:grants_application_changelist"))  # warm up
    print(f"applications in the database: {Application.objects.count():,}")
    print(f"{'case':<22}{'queries':>8}{'median ms':>11}{'max ms':>9}{'SQL ms':>9}")
    for name, params in cases:
        queries, median, worst, sql_ms = measure(client, params, args.repeat)
        print(f"{name:<22}{queries:>8}{median:>11.1f}{worst:>9.1f}{sql_ms:>9.1f}")

    # Exports of the whole list (every row, not a page): queries, time and size. CSV streams from the
    # request; XLSX is made by a Celery task (timed here as the task's work).
    url = reverse("admin:grants_application_export", args=["csv"])
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content)
        elapsed = time.perf_counter() - start
    print(f"export csv {len(captured):>17}{elapsed * 1000:>11.0f} ms for {total:,} rows, {len(body) / 1e6:.1f} MB")
    from grants.models import ApplicationExport
    from grants.services.exports import application_export_build

    export = ApplicationExport.objects.create(requested_by=officer, query="")
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        application_export_build(export_id=export.pk)
        elapsed = time.perf_counter() - start
    export.refresh_from_db()
    print(
        f"export xlsx (task) {len(captured):>9}{elapsed * 1000:>11.0f} ms for {export.rows:,} rows, "
        f"{export.file.size / 1e6:.1f} MB"
    )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
