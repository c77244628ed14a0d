"""Benchmark: the public register of awarded grants (issue 15) with 100,000 published grants.

Fills the database named by DATABASE_URL (use your own, never production) with N published grants in
bulk the first time (references KBT-PUB-…), with the 21 wards' codes so the map draws, then loads the
register (plain, filtered, searched, a deep page), a ward's page, a grant's page, the map and the charts,
printing queries and the median and worst time of each.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kbt_bench python bench/register.py [--count 100000] [--repeat 5]

Measured on 25 November 2026 (PostgreSQL 15 on a 2-core machine shared with six other test runs, load
average about 8, after VACUUM ANALYZE), 100,000 published grants, median and worst of 5 loads:

    page                                       queries  median ms  worst ms
    register                                         9      261.6     719.5
    register, page 2,000                             9      312.7     565.1
    register, one ward                              10      172.3     190.6
    register, priority + year + completed            7      101.9     145.2
    register, search a group                        10       93.7     108.8
    register, search a project                      10       95.3     109.1
    ward page                                        7       53.2      61.1
    grant page                                       3       23.1      29.6
    map                                              4      244.8     284.7
    charts                                           9      484.2     528.8

Before the covering index, the two-step page and the grouped figures: register 350 ms, page 2,000 895 ms,
searches 1,440 to 1,520 ms, charts 874 ms (14 queries). The SQL of the plain register is now about 100 ms
of its time (the count and total from the covering index alone: 68 ms).
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from grants.models import Application, Fund, Organisation, Priority, Round, Status, Strand, Ward, WardPot  # noqa: E402
from grants.wards import ward_codes  # noqa: E402

PREFIX = "KBT-PUB-"


def structure():
    fund, _ = Fund.objects.get_or_create(name="Bench fund", defaults={"total": Decimal("1000000.00")})
    strands = []
    for code, kind in (("PEV", "environmental"), ("PPR", "priorities")):
        strand, _ = Strand.objects.get_or_create(
            code=code,
            defaults=dict(
                fund=fund,
                name=f"Bench {kind}",
                slug=f"bench-{kind}",
                kind=kind,
                budget=Decimal("500000.00"),
                minimum_award=Decimal("100.00"),
                maximum_award=Decimal("50000.00"),
                maximum_duration_months=36,
                councillors_decide=kind == "environmental",
            ),
        )
        strands.append(strand)
    now = timezone.now()
    rounds = [
        Round.objects.get_or_create(
            strand=s, name="Bench round", defaults={"opens_at": now - dt.timedelta(days=1500), "closes_at": now}
        )[0]
        for s in strands
    ]
    wards = []
    for name, code in ward_codes().items():
        ward, _ = Ward.objects.get_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-"), "code": code})
        WardPot.objects.get_or_create(strand=strands[0], ward=ward, defaults={"budget": Decimal("14000.00")})
        wards.append(ward)
    priorities = [Priority.objects.get_or_create(number=n, defaults={"name": f"Priority {n}"})[0] for n in range(1, 6)]
    return rounds, wards, priorities


def fill(count: int) -> int:
    existing = Application.objects.filter(reference__startswith=PREFIX).count()
    rounds, wards, priorities = structure()
    if existing >= count:
        return existing
    organisations = list(Organisation.objects.filter(name__startswith="Published group"))
    if not organisations:
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Published group {i}",
                org_type="community_group",
                address_line_1="1 Archway Road",
                town="Huyton",
                postcode="L36 9YU",
                ward=wards[i % 21],
                annual_income=Decimal("10000.00"),
                date_established=dt.date(2015, 4, 1),
            )
            for i in range(5000)
        )
    now = timezone.now()
    start = time.perf_counter()
    for batch_start in range(existing, count, 5000):
        batch = []
        for i in range(batch_start, min(count, batch_start + 5000)):
            round_ = rounds[i % 2]
            environmental = i % 2 == 0
            amount = Decimal("500.00") + i % 9000
            batch.append(
                Application(
                    reference=f"{PREFIX}{i:06d}",
                    organisation=organisations[i % len(organisations)],
                    round=round_,
                    strand_id=round_.strand_id,
                    ward=wards[i % 21] if environmental else None,
                    title=f"Published project {i}",
                    public_summary="A project for the benchmark.",
                    amount_requested=amount,
                    amount_awarded=amount,
                    status=Status.GRANT_ACTIVE if i % 5 else Status.COMPLETED,
                    submitted_at=now - dt.timedelta(hours=i // 10 + 48),
                    decided_at=now - dt.timedelta(hours=i // 10),
                    withheld=i % 997 == 0,
                    withheld_reason="Bench" if i % 997 == 0 else "",
                )
            )
        made = Application.objects.bulk_create(batch)
        through = Application.priorities.through
        through.objects.bulk_create(
            through(application_id=a.pk, priority_id=priorities[a.pk % 5].pk) for a in made if a.ward_id is None
        )
    print(f"made {count - existing} grants in {time.perf_counter() - start:.1f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return count


def measure(client, url, repeat):
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return len(captured), statistics.median(times), max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    setup_test_environment()
    total = fill(args.count)
    client = Client()
    grant = Application.objects.filter(reference__startswith=PREFIX, withheld=False).order_by("pk").first()
    pages = {
        "register": "/grants/",
        "register, page 2,000": "/grants/?page=2000",
        "register, one ward": "/grants/?ward=roby",
        "register, priority + year + completed": f"/grants/?priority=3&year={timezone.now().year - 1}&status=completed",
        "register, search a group": "/grants/?q=published+group+4321",
        "register, search a project": "/grants/?q=project+77777",
        "ward page": "/grants/wards/roby/",
        "grant page": f"/grants/{grant.reference}/",
        "map": "/grants/map/",
        "charts": "/grants/charts/",
    }
    print(f"{total:,} published grants (PostgreSQL), {args.repeat} loads each")
    print(f"{'page':42} {'queries':>7} {'median ms':>10} {'worst ms':>9}")
    for name, url in pages.items():
        queries, median, worst = measure(client, url, args.repeat)
        print(f"{name:42} {queries:>7} {median:>10.1f} {worst:>9.1f}")


if __name__ == "__main__":
    main()
