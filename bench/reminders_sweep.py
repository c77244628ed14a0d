"""Benchmark: the reminder sweep over 100,000 applications and 10,000 deal commitments, about 1% due.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kbt_7 CELERY_BROKER_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python bench/reminders_sweep.py [--sizes 1000 100000]

Each size is a number of applications, with a tenth as many commitments. It creates a throwaway
database (<name>_bench), loads each size with bulk inserts (not through the
workflow service: the sweep reads rows, however they were written), and times the sweep at a fixed
moment: a Monday at 9am, so every kind is due. It prints, per size, the number of queries and the time
of the first sweep (everything claimed) and of a second one (nothing new: the steady state every 15
minutes). Tasks are counted, not published, so the figures are the database's; with a Redis broker it
then times publishing the first sweep's tasks to Redis too (and purges them).
"""

import argparse
import datetime as dt
import logging
import os
import sys
import time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbt.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2027, 3, 15, 9, 0, tzinfo=LONDON)  # a Monday: the councillors' digest day
DAY = dt.timedelta(days=1)
NO_PASSWORD = make_password(None)  # nobody signs in to the benchmark's database


def load(size: int):
    """`size` applications: 20% drafts, 10% waiting for information, 20% waiting for assessment, 10%
    waiting for a councillor, 40% decided or running; 1% of `size` due, spread over the four kinds."""
    env, wards, officers = load_fund_and_people(size)
    orgs = load_organisations(max(size // 5, 10), wards)
    created = load_applications(size, env, wards, officers, orgs)
    load_deals(size // 10, officers)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return len(created)


def load_fund_and_people(size: int):
    """The environmental strand, 21 wards with three councillors each, and 20 officers."""
    from grants.models import Councillor, Fund, Strand, Ward
    from kbt.accounts.models import OFFICER_GROUP, User

    fund = Fund.objects.create(name=f"Bench fund {size}", total=Decimal("1000000"))
    env = Strand.objects.create(
        fund=fund, name="Environmental", slug=f"env{size}", code="ENV", kind="environmental", budget=Decimal(300000),
        minimum_award=Decimal(500), maximum_award=Decimal(10000), maximum_duration_months=12, councillors_decide=True,
    )  # fmt: skip
    wards = Ward.objects.bulk_create([Ward(name=f"Ward {i}", slug=f"ward-{i}") for i in range(21)])

    officers = User.objects.bulk_create(
        [User(email=f"officer{i}@knowsley.gov.uk", password=NO_PASSWORD) for i in range(20)]
    )
    Group.objects.get(name=OFFICER_GROUP).user_set.add(*officers)
    councillor_users = User.objects.bulk_create(
        [User(email=f"cllr{i}@knowsley.gov.uk", password=NO_PASSWORD) for i in range(63)]
    )
    councillors = Councillor.objects.bulk_create([Councillor(user=u) for u in councillor_users])
    for i, councillor in enumerate(councillors):
        councillor.wards.add(wards[i // 3])
    return env, wards, officers


def load_organisations(count: int, wards):
    """`count` groups, each with a lead member."""
    from grants.models import Membership, Organisation
    from kbt.accounts.models import User

    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Group {i}", org_type="community_group", address_line_1="1 Road", town="Huyton",
                postcode="L36 9YU", ward=wards[i % 21], annual_income=Decimal(1000),
                date_established=dt.date(2010, 1, 1),
            )
            for i in range(count)
        ],
        batch_size=5000,
    )  # fmt: skip
    members = User.objects.bulk_create(
        [User(email=f"member{i}@example.org", password=NO_PASSWORD) for i in range(count)], batch_size=5000
    )
    Membership.objects.bulk_create(
        [Membership(organisation=o, user=u, role="lead") for o, u in zip(orgs, members, strict=True)], batch_size=5000
    )
    return orgs


def load_applications(size: int, env, wards, officers, orgs):
    """The applications in the plan's statuses, and the moves that put the waiting ones there."""
    from grants.models import Application, Round, Status

    later = Round.objects.create(strand=env, name="Closes later", opens_at=NOW - 60 * DAY, closes_at=NOW + 40 * DAY)
    soon = Round.objects.create(strand=env, name="Closes soon", opens_at=NOW - 60 * DAY, closes_at=NOW + 6 * DAY)
    due_each = max(size // 400, 1)  # 1% due, a quarter for each kind
    plan = [  # (status, count, due?, round)
        (Status.DRAFT, due_each, True, soon),
        (Status.DRAFT, size * 20 // 100 - due_each, False, later),
        (Status.INFO_REQUESTED, due_each, True, later),
        (Status.INFO_REQUESTED, size * 10 // 100 - due_each, False, later),
        (Status.SUBMITTED, due_each, True, later),
        (Status.IN_ASSESSMENT, size * 20 // 100 - due_each, False, later),
        (Status.AWAITING_DECISION, due_each, True, later),
        (Status.AWAITING_DECISION, size * 10 // 100 - due_each, False, later),
        (Status.APPROVED, size * 20 // 100, False, later),
        (Status.DECLINED, size * 20 // 100, False, later),
    ]
    applications, flags = [], []
    n = 0
    for status, count, due, round_ in plan:
        for _ in range(count):
            n += 1
            submitted = None
            if status != Status.DRAFT:
                submitted = NOW - (20 * DAY if due and status == Status.SUBMITTED else 2 * DAY)
            applications.append(
                Application(
                    reference=f"B{size // 1000}-{n:06d}",
                    organisation=orgs[n % len(orgs)],
                    round=round_,
                    strand=env,
                    title="Greening the park",
                    ward=wards[n % 21],
                    amount_requested=Decimal(1000),
                    status=status,
                    submitted_at=submitted,
                    assigned_officer=officers[n % 20] if n % 3 else None,
                )  # fmt: skip
            )
            flags.append((status, due))
    created = Application.objects.bulk_create(applications, batch_size=5000)
    load_status_changes(created, flags, officers[0])
    return created


def load_status_changes(applications, flags, officer):
    """The request or recommendation that left each waiting application where it is, dated."""
    from grants.models import Status, StatusChange

    changes = []
    for application, (status, due) in zip(applications, flags, strict=True):
        if status in (Status.INFO_REQUESTED, Status.AWAITING_DECISION):
            changes.append(
                StatusChange(
                    application=application,
                    action="bench",
                    from_status=Status.IN_ASSESSMENT,
                    to_status=status,
                    actor=officer,
                    reason="Please send a quote." if due else "bench-recent",
                )  # fmt: skip
            )
    StatusChange.objects.bulk_create(changes, batch_size=5000)
    # created_at is set on insert: date them afterwards.
    StatusChange.objects.filter(reason="Please send a quote.").update(created_at=NOW - 8 * DAY)
    StatusChange.objects.filter(reason="bench-recent").update(created_at=NOW - 1 * DAY)


def load_deals(commitments: int, officers):
    """`commitments` commitments, ten to a deal; 1% due: a third due soon, a third overdue, and a third
    of deals whose review is coming up (one commitment each)."""
    from deals.models import Commitment, Deal, Party

    deals_count = max(commitments // 10, 1)
    due_each = max(commitments // 300, 1)
    today = NOW.date()
    deals = Deal.objects.bulk_create(
        [
            Deal(
                title=f"Deal {i}", slug=f"deal-{i}", shared_goal="Together", status=Deal.Status.ACTIVE,
                lead_officer=officers[i % 20],
                review_date=today + (10 * DAY if i < due_each else 90 * DAY),
            )
            for i in range(deals_count)
        ],
        batch_size=5000,
    )  # fmt: skip
    parties = Party.objects.bulk_create(
        [
            Party(deal=d, name="Partner", kind="partner", contact_email=f"partner{i}@example.org")
            for i, d in enumerate(deals)
        ],
        batch_size=5000,
    )
    rows = []
    for i in range(commitments):
        party = parties[i // 10 % deals_count]
        if i < due_each:
            due = today + 5 * DAY  # due soon
        elif i < 2 * due_each:
            due = today - 3 * DAY  # overdue
        elif i % 2:
            due = today + 60 * DAY
        else:
            due = today - 30 * DAY  # long overdue but done
        done = due < today and i >= 2 * due_each
        rows.append(
            Commitment(
                deal_id=party.deal_id,
                party=party,
                description="Do it",
                due_date=due,
                status=Commitment.Status.DONE if done else Commitment.Status.ON_TRACK,
                completed_on=due if done else None,
                contact_email=party.contact_email,
            )  # fmt: skip
        )
    Commitment.objects.bulk_create(rows, batch_size=5000)


def clear():
    from deals.models import Deal
    from grants.models import (
        Application,
        Councillor,
        Fund,
        Membership,
        Organisation,
        Round,
        SentReminder,
        StatusChange,
        Strand,
        Ward,
    )
    from kbt.accounts.models import User

    Deal.objects.all().delete()
    for model in (SentReminder, StatusChange, Application, Membership, Organisation, Councillor, Round, Strand, Fund):
        model.objects.all().delete()
    Ward.objects.all().delete()
    User.objects.all().delete()


def sweep(counted):
    from kbt.reminders.services import reminders_sweep

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = reminders_sweep(now=NOW)
        seconds = time.perf_counter() - started
    return result, len(queries), seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    args = parser.parse_args()

    from django.contrib.contenttypes.models import ContentType

    from deals.models import Commitment, Deal
    from grants.models import Application, SentReminder, StatusChange
    from kbt.accounts.models import User
    from kbt.reminders import tasks
    from kbt.reminders.services import PUBLISH_BATCH

    name = settings.DATABASES["default"]["NAME"]
    settings.DATABASES["default"]["TEST"]["NAME"] = f"{name}_bench"
    old = setup_databases(verbosity=0, interactive=False)
    logging.getLogger("kbt.reminders.services").setLevel(logging.WARNING)
    publish = tasks.send_reminders.delay
    try:
        print(f"Reminder sweep at {NOW:%A %d %B %Y %H:%M} (UK), on {connection.vendor}")
        print(f"{'applications':>12} {'commitments':>11} {'due':>6} {'queued':>6} {'queries':>8} {'time':>8} |", end="")
        print(f" second sweep: {'queries':>7} {'time':>8}")
        for size in args.sizes:
            clear()
            started = time.perf_counter()
            load(size)
            loading = time.perf_counter() - started
            queued = []
            tasks.send_reminders.delay = queued.extend
            ContentType.objects.clear_cache()
            ContentType.objects.get_for_models(
                Application, StatusChange, User, Commitment, Deal
            )  # as in a running worker
            first, first_queries, first_time = sweep(queued)
            second, second_queries, second_time = sweep(queued)
            print(
                f"{size:>12,} {size // 10:>11,} {first.due:>6} {first.queued:>6} {first_queries:>8}"
                f" {first_time:>7.3f}s |               {second_queries:>7} {second_time:>7.3f}s"
                f"   (loaded in {loading:.0f}s)"
            )
            tasks.send_reminders.delay = publish
            if settings.CELERY_BROKER_URL.startswith("redis://") and size == args.sizes[-1]:
                ids = list(SentReminder.objects.values_list("pk", flat=True))
                started = time.perf_counter()
                for start in range(0, len(ids), PUBLISH_BATCH):
                    publish(ids[start : start + PUBLISH_BATCH])
                published = time.perf_counter() - started
                from kbt.celery import app

                with app.connection_for_write() as conn:
                    app.control.purge(connection=conn)
                print(
                    f"Publishing those {len(ids)} reminders to Redis, {PUBLISH_BATCH} a task, took {published:.3f}s"
                    " (then purged)."
                )
    finally:
        tasks.send_reminders.delay = publish
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
