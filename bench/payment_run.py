"""Benchmark: payment runs of 500, 5,000 and 20,000 instalments, built, approved, exported and paid.

Fills the database named by DATABASE_URL (your own, never production) with running grants in bulk
(references KBT-BPY-…, five £1,000 instalments each, confirmed bank details), then for each size
builds a run as one member of Finance, approves it as another, streams the payment file and marks the
run paid, printing the queries, the time and (for the file) the peak memory of each step. Each size is
measured on its own new instalments.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kbt_bench python bench/payment_run.py [--sizes 500 5000]
"""

import argparse
import datetime as dt
import os
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbt.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from grants.models import (  # noqa: E402
    Application,
    BankDetails,
    Fund,
    Instalment,
    Membership,
    Organisation,
    Round,
    Status,
    Strand,
    Ward,
)
from grants.services.payment_files import payment_file_lines  # noqa: E402
from grants.services.payment_runs import run_approve, run_build, run_mark_paid  # noqa: E402
from kbt.accounts.models import FINANCE_GROUP, User  # noqa: E402
from kbt.outbox.services import deliveries_held  # noqa: E402

PREFIX = "KBT-BPY-"
PER_GRANT = 5


def structure():
    fund, _ = Fund.objects.get_or_create(name="Bench fund", defaults={"total": Decimal("100000000.00")})
    strand, _ = Strand.objects.get_or_create(
        code="BPY",
        defaults=dict(
            fund=fund, name="Bench payments", slug="bench-payments", kind="environmental",
            budget=Decimal("100000000.00"), minimum_award=Decimal("100.00"), maximum_award=Decimal("50000.00"),
            maximum_duration_months=36,
        ),
    )  # fmt: skip
    now = timezone.now()
    round_, _ = Round.objects.get_or_create(
        strand=strand, name="Bench round", defaults={"opens_at": now - dt.timedelta(days=90), "closes_at": now}
    )
    ward, _ = Ward.objects.get_or_create(name="Bench payments ward", slug="bench-payments-ward")
    organisation, _ = Organisation.objects.get_or_create(
        name="Bench payments group",
        defaults=dict(
            org_type="community_group", address_line_1="1 Archway Road", town="Huyton", postcode="L36 9YU",
            ward=ward, annual_income=Decimal("10000.00"), date_established=dt.date(2015, 4, 1),
        ),
    )  # fmt: skip
    lead, _ = User.objects.get_or_create(email="bench-lead@example.org")
    Membership.objects.get_or_create(organisation=organisation, user=lead)
    people = []
    for email in ("bench-finance-1@example.org", "bench-finance-2@example.org"):
        user, _ = User.objects.get_or_create(email=email, defaults={"is_staff": True})
        user.groups.add(Group.objects.get(name=FINANCE_GROUP))
        people.append(User.objects.get(pk=user.pk))
    return round_, organisation, lead, people


def fill(instalments: int, round_, organisation, lead) -> float:
    start = time.perf_counter()
    first = Application.objects.filter(reference__startswith=PREFIX).count()
    award = Decimal("1000.00") * PER_GRANT
    now = timezone.now()
    for batch in range(first, first + instalments // PER_GRANT, 2000):
        count = min(2000, first + instalments // PER_GRANT - batch)
        grants = Application.objects.bulk_create(
            Application(
                reference=f"{PREFIX}{n:06d}", organisation=organisation, round=round_, strand_id=round_.strand_id,
                title=f"Bench grant {n}", amount_requested=award, amount_awarded=award,
                status=Status.GRANT_ACTIVE, submitted_at=now, decided_at=now,
            )
            for n in range(batch, batch + count)
        )  # fmt: skip
        BankDetails.objects.bulk_create(
            BankDetails(
                application=g, account_name="Bench payments group", sort_code="20-00-00",
                account_number=f"{55000000 + g.pk % 1000000:08d}", given_by=lead,
            )
            for g in grants
        )  # fmt: skip
        Instalment.objects.bulk_create(
            Instalment(application=g, number=i, due_date=timezone.localdate(), amount=Decimal("1000.00"))
            for g in grants
            for i in range(1, PER_GRANT + 1)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - start


def measure(step, fn):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    return result, (step, len(queries), elapsed)


def one_size(size: int, round_, organisation, lead, builder, approver) -> list[tuple]:
    made = fill(size, round_, organisation, lead)
    print(f"\n{size:,} instalments ({size // PER_GRANT:,} grants) made in {made:.1f}s")
    rows = []
    run, row = measure("build", lambda: run_build(actor=builder))
    rows.append(row)
    (run, _), row = measure("approve", lambda: run_approve(run=run, actor=approver))
    rows.append(row)

    def export():
        return sum(len(line) for line in payment_file_lines(run=run, actor=builder))

    file_bytes, row = measure("export (stream the file)", export)
    rows.append(row)
    # Again, for the peak memory alone (tracing slows Python, so the time above is taken without it).
    tracemalloc.start()
    export()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    def pay():
        with deliveries_held():
            return run_mark_paid(run=run, actor=builder, paid_on=timezone.localdate(), finance_reference="BENCH")

    _, row = measure("mark paid (ledger + one email per grant)", pay)
    rows.append(row)
    for step, queries, elapsed in rows:
        print(f"  {step:<42} {queries:>6} queries  {elapsed * 1000:>9.0f} ms")
    print(
        f"  payment file: {run.instalment_count:,} rows, {file_bytes / 1024:.0f} KiB, peak memory {peak / 1024:.0f} KiB"
    )
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    round_, organisation, lead, (builder, approver) = structure()
    for size in args.sizes:
        one_size(size, round_, organisation, lead, builder, approver)


if __name__ == "__main__":
    main()
