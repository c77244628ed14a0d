"""Benchmark: the open data files at 100,000 published grants, and the memory they take.

Fills the database named by DATABASE_URL (use your own, never production) with N accepted grants in bulk
the first time (references KBT-BOD-…), then:

1. streams the 360Giving JSON package and the Transparency Code CSV (grants.open_data.services'
   loop: rows in batches → grant records → files), measuring time, the peak of Python's own allocations
   (tracemalloc) and the rise of the process's peak resident memory (VmHWM, reset before the run);
2. the same at a tenth of the grants, to show the memory does not grow with the count (measured second,
   so its RSS rise may reuse memory the first measurement freed: the Python peak is the fair comparison);
3. with --full, a whole publishing run (JSON, CSV and XLSX by flattentool, the Transparency Code CSV,
   schema validation of each grant, the files into document storage).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kbt_opendata \
        python bench/open_data_files.py [--count 100000] [--full]

Run it twice: the first run fills the database, and its memory figures include what filling left behind.
"""

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbt.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from grants.models import Application, Fund, Organisation, Priority, Round, Status, Strand, Ward  # noqa: E402
from grants.open_data.rows import published_rows  # noqa: E402
from grants.open_data.services import open_data_publish, private_data_problem  # noqa: E402
from grants.open_data.threesixty import grant_record, package_metadata  # noqa: E402
from grants.open_data.writers import PackageWriter, TransparencyWriter  # noqa: E402
from grants.wards import ward_codes  # noqa: E402

PREFIX = "KBT-BOD-"
KINDS = [
    dict(org_type="charity", charity_number="1123456"),
    dict(org_type="cic", company_number="09876543"),
    dict(org_type="cbs", society_number="31245R"),
    dict(org_type="community_group"),
]


def structure():
    fund, _ = Fund.objects.get_or_create(name="Bench fund", defaults={"total": Decimal("1000000.00")})
    strands = []
    for code, kind in (("BOE", "environmental"), ("BOP", "priorities")):
        strand, _ = Strand.objects.get_or_create(
            code=code,
            defaults=dict(
                fund=fund,
                name=f"Open data bench {kind}",
                slug=f"open-data-bench-{kind}",
                kind=kind,
                budget=Decimal("300000.00"),
                minimum_award=Decimal("100.00"),
                maximum_award=Decimal("50000.00"),
                maximum_duration_months=36,
            ),
        )
        strands.append(strand)
    now = timezone.now()
    rounds = [
        Round.objects.get_or_create(
            strand=s, name="Bench round", defaults={"opens_at": now - dt.timedelta(days=900), "closes_at": now}
        )[0]
        for s in strands
    ]
    wards = []
    for name, code in ward_codes().items():
        ward, _ = Ward.objects.get_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-")})
        if ward.code != code:
            ward.code = code
            ward.save(update_fields=["code"])
        wards.append(ward)
    priorities = [Priority.objects.get_or_create(number=n, defaults={"name": f"Priority {n}"})[0] for n in range(1, 6)]
    return strands, rounds, wards, priorities


def organisations(wards):
    existing = list(Organisation.objects.filter(name__startswith="Open data bench group"))
    if existing:
        return existing
    return Organisation.objects.bulk_create(
        Organisation(
            name=f"Open data bench group {i}",
            address_line_1="1 Archway Road",
            town="Huyton",
            postcode=f"L36 {i % 10}YU",
            ward=wards[i % len(wards)],
            annual_income=Decimal("10000.00"),
            date_established=dt.date(2015, 4, 1),
            **KINDS[i % len(KINDS)],
        )
        for i in range(2000)
    )


def fill(count: int) -> None:
    existing = Application.objects.filter(reference__startswith=PREFIX).count()
    if existing >= count:
        return
    strands, rounds, wards, priorities = structure()
    groups = organisations(wards)
    now = timezone.now()
    start = time.perf_counter()
    for batch_start in range(existing, count, 5000):
        batch = []
        for i in range(batch_start, min(count, batch_start + 5000)):
            round_ = rounds[i % 2]
            amount = Decimal("500.00") + i % 9000
            batch.append(
                Application(
                    reference=f"{PREFIX}{i:06d}",
                    organisation=groups[i % len(groups)],
                    round=round_,
                    strand_id=round_.strand_id,
                    ward=wards[i % len(wards)] if i % 2 == 0 else None,
                    title=f"Open data bench project {i}: planting, litter picks and a lunch club",
                    public_summary=f"A summary of project {i} for the public register. " * 3,
                    amount_requested=amount,
                    amount_awarded=amount,
                    start_date=dt.date(2026, 4, 1),
                    end_date=dt.date(2027, 3, 31),
                    status=Status.COMPLETED if i % 7 == 0 else Status.GRANT_ACTIVE,
                    submitted_at=now - dt.timedelta(hours=i, days=30),
                    decided_at=now - dt.timedelta(hours=i),
                )
            )
        made = Application.objects.bulk_create(batch)
        through = Application.priorities.through
        through.objects.bulk_create(
            through(application_id=a.pk, priority_id=priorities[a.pk % 5].pk) for a in made if a.ward_id is None
        )
    print(f"made {count - existing:,} grants in {time.perf_counter() - start:.1f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _peak_rss_reset() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM (peak resident memory) to the current


def _status(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(key)


def stream_files(limit: int | None) -> int:
    """The service's loop, minus flattentool and storage: JSON package and Transparency Code CSV."""
    with tempfile.TemporaryDirectory() as folder:
        with open(f"{folder}/g.json", "wb") as json_file, open(f"{folder}/t.csv", "wb") as code_file:
            package, code = PackageWriter(json_file, package_metadata()), TransparencyWriter(code_file)
            for row in islice(published_rows(), limit):
                grant = grant_record(row)
                if private_data_problem(grant):
                    continue
                package.add(grant)
                code.add(row, grant)
            package.close()
        size = os.path.getsize(f"{folder}/g.json") + os.path.getsize(f"{folder}/t.csv")
    return package.count, size


def measure(label: str, action) -> None:
    _peak_rss_reset()
    rss_before = _status("VmRSS")
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    rss_rise = _status("VmHWM") - rss_before
    tracemalloc.start()
    action()
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<34}{elapsed:>8.1f} s{rss_rise / 1e6:>10.1f} MB{python_peak / 1e6:>11.1f} MB   {result}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--full", action="store_true", help="also time a whole publishing run")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    fill(args.count)
    total = Application.objects.filter(status__in=[Status.GRANT_ACTIVE, Status.COMPLETED], withheld=False).count()
    print(f"published grants in the database: {total:,}")
    print(f"resident memory before measuring: {_status('VmRSS') / 1e6:.1f} MB")
    print(f"{'':<34}{'time':>10}{'peak RSS rise':>14}{'Python peak':>12}   (grants, bytes)")
    measure(f"JSON + CSV, {total:,} grants", lambda: stream_files(None))
    measure(f"JSON + CSV, {total // 10:,} grants", lambda: stream_files(total // 10))
    if args.full:
        _peak_rss_reset()
        rss_before = _status("VmRSS")
        start = time.perf_counter()
        run = open_data_publish(trigger="schedule")
        print(
            f"whole run ({run.status}): {time.perf_counter() - start:.0f} s, peak RSS rise "
            f"{(_status('VmHWM') - rss_before) / 1e6:.1f} MB, flattentool's child process peak RSS "
            f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3:.0f} MB, "
            f"{run.grants_published:,} published, sizes {run.sizes}"
        )
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
