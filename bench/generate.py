"""Benchmark data: 100,000 applications, 10,000 organisations and 1,000 deals, with bulk inserts.

Fills the database named by DATABASE_URL (your own: never production, never the demo's) once; run it
again and it says the data is there. `--fresh` empties the benchmark's rows first.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kbt_perf .venv/bin/python bench/generate.py \
        [--applications 100000] [--organisations 10000] [--deals 1000]

What it makes, in the shapes the pages read:
- two strands (environmental, decided by councillors in 21 wards with pots; priorities, by the panel),
  three rounds each; 20 officers, 5 panel members, 63 councillors (three a ward);
- organisations with a lead member each; applications spread over them (so each group has about ten),
  in every status; three budget lines each; assessments with scores once assessed; a status change for
  each move; ledger commitments for every grant holding money, and underspends for completed ones, with
  the strands' and pots' committed counters set to the ledger's sums (the trigger checks);
- deals, 80% published, each with three parties (one a business), ten commitments, a priority, a
  principle, a ward and two funded applications.

The people the page benchmark signs in as (bench/pages.py): bench-officer@, bench-councillor@ (the
first ward), bench-applicant@ (the first organisation's lead). All emails end @bench.example.
"""

import argparse
import datetime as dt
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbt.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.utils import timezone  # noqa: E402

from deals.models import Commitment, Deal, Party, Principle  # noqa: E402
from grants.models import (  # noqa: E402
    Application,
    Assessment,
    BudgetLine,
    Councillor,
    Fund,
    LedgerEntry,
    Membership,
    Organisation,
    Priority,
    Round,
    Status,
    StatusChange,
    Strand,
    Ward,
    WardPot,
)
from kbt.accounts.models import OFFICER_GROUP, PANEL_GROUP, User  # noqa: E402

BATCH = 5000
DOMAIN = "@bench.example"
NO_PASSWORD = make_password(None)  # nobody signs in with a password: the page benchmark makes sessions
DAY = dt.timedelta(days=1)
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # a postcode's last two letters
# Share of applications in each status, in percent (adds to 100).
PLAN = [
    (Status.DRAFT, 15),
    (Status.SUBMITTED, 10),
    (Status.IN_ASSESSMENT, 20),
    (Status.INFO_REQUESTED, 5),
    (Status.AWAITING_DECISION, 10),
    (Status.APPROVED, 12),
    (Status.DECLINED, 15),
    (Status.WITHDRAWN, 3),
    (Status.GRANT_ACTIVE, 6),
    (Status.COMPLETED, 4),
]
ASSESSED = {Status.AWAITING_DECISION, Status.APPROVED, Status.DECLINED, Status.GRANT_ACTIVE, Status.COMPLETED}
HOLDING = {Status.APPROVED, Status.GRANT_ACTIVE, Status.COMPLETED}


def people():
    officers = User.objects.bulk_create(
        [User(email=f"bench-officer{'' if i == 0 else i}{DOMAIN}", full_name=f"Officer {i}", is_staff=True,
              password=NO_PASSWORD) for i in range(20)]
    )  # fmt: skip
    Group.objects.get(name=OFFICER_GROUP).user_set.add(*officers)
    panel = User.objects.bulk_create(
        [User(email=f"bench-panel{i}{DOMAIN}", full_name=f"Panel {i}", is_staff=True, password=NO_PASSWORD)
         for i in range(5)]
    )  # fmt: skip
    Group.objects.get(name=PANEL_GROUP).user_set.add(*panel)
    return officers


def structure(officers):
    fund = Fund.objects.create(name="Bench fund", total=Decimal("500000000"))
    common = dict(fund=fund, budget=Decimal("200000000"), minimum_award=Decimal(100), maximum_award=Decimal(50000),
                  maximum_duration_months=36)  # fmt: skip
    env = Strand.objects.create(name="Bench environmental", slug="bench-env", code="BEN", kind="environmental",
                                councillors_decide=True, **common)  # fmt: skip
    pri = Strand.objects.create(name="Bench priorities", slug="bench-pri", code="BPR", kind="priorities",
                                councillors_decide=False, **common)  # fmt: skip
    now = timezone.now()
    rounds = [
        Round.objects.create(strand=s, name=f"{s.name} round {i + 1}", opens_at=now - (900 - 300 * i) * DAY,
                             closes_at=now - (700 - 300 * i) * DAY + (400 * DAY if i == 2 else dt.timedelta()))
        for s in (env, pri) for i in range(3)
    ]  # fmt: skip
    wards = Ward.objects.bulk_create([Ward(name=f"Bench ward {i:02d}", slug=f"bench-ward-{i:02d}") for i in range(21)])
    pots = WardPot.objects.bulk_create([WardPot(strand=env, ward=w, budget=Decimal("9000000")) for w in wards])
    users = User.objects.bulk_create(
        [User(email=f"bench-councillor{'' if i == 0 else i}{DOMAIN}", full_name=f"Councillor {i}",
              password=NO_PASSWORD) for i in range(63)]
    )  # fmt: skip
    councillors = Councillor.objects.bulk_create([Councillor(user=u) for u in users])
    Councillor.wards.through.objects.bulk_create(
        [Councillor.wards.through(councillor_id=c.pk, ward_id=wards[i // 3].pk) for i, c in enumerate(councillors)]
    )
    return env, pri, rounds, wards, pots


def organisations(count, wards):
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"Bench group {i} {('Community', 'Friends', 'Trust', 'Allotment')[i % 4]}",
                      org_type="community_group", address_line_1=f"{i % 200 + 1} Archway Road", town="Huyton",
                      postcode=f"L{36 + i % 4} {i % 10}{LETTERS[i % 20]}{LETTERS[i // 20 % 20]}",
                      ward=wards[i % 21], annual_income=Decimal(10000), date_established=dt.date(2012, 4, 1))
         for i in range(count)],
        batch_size=BATCH,
    )  # fmt: skip
    leads = User.objects.bulk_create(
        [User(email=(f"bench-applicant{DOMAIN}" if i == 0 else f"bench-lead{i}{DOMAIN}"), full_name=f"Lead {i}",
              password=NO_PASSWORD) for i in range(count)],
        batch_size=BATCH,
    )  # fmt: skip
    Membership.objects.bulk_create(
        [Membership(organisation=o, user=u, role="lead") for o, u in zip(orgs, leads, strict=True)], batch_size=BATCH
    )
    return orgs, leads


def status_plan(count):
    """The status of each of `count` applications, interleaved so every organisation and ward gets a mix."""
    cycle = [status for status, share in PLAN for _ in range(share)]
    return [cycle[(i * 37) % 100] for i in range(count)]


def applications(count, env, pri, rounds, wards, orgs, leads, officers):
    now = timezone.now()
    statuses = status_plan(count)
    rows = []
    for i, status in enumerate(statuses):
        environmental = i % 2 == 0
        round_ = rounds[(0 if environmental else 3) + i % 3]
        requested = Decimal(500 + (i * 7919) % 9500)
        sent = status != Status.DRAFT and not (status == Status.WITHDRAWN and i % 2)
        rows.append(
            Application(
                reference=f"KBT-{'BEN' if environmental else 'BPR'}-{i + 1:05d}" if sent else None,
                organisation=orgs[i % len(orgs)],
                round=round_,
                strand=env if environmental else pri,
                ward=wards[(i // 2) % 21] if environmental else None,
                title=f"{('Greening', 'Growing', 'Cleaning', 'Lighting', 'Mending')[i % 5]} the "
                f"{('park', 'brook', 'allotments', 'square', 'library garden')[i // 5 % 5]} {i}",
                summary="A bench project.",
                amount_requested=requested,
                status=status,
                recommendation="recommended" if status in ASSESSED and status != Status.DECLINED else "",
                recommended_amount=requested if status in ASSESSED else None,
                amount_awarded=requested if status in HOLDING else None,
                submitted_at=now - (i % 700) * DAY - (i % 24) * dt.timedelta(hours=1) if sent else None,
                decided_at=now - (i % 300) * DAY if status in HOLDING or status == Status.DECLINED else None,
                assigned_officer=officers[i % 20] if status != Status.DRAFT and i % 3 else None,
                created_by=leads[i % len(leads)],
            )  # fmt: skip
        )
    made = []
    for start in range(0, len(rows), BATCH):
        made += Application.objects.bulk_create(rows[start : start + BATCH])
    return made


def details(made, env, pots, priorities, officers):
    """Priorities, budget lines, assessments, status changes and the ledger, in bulk."""
    through = Application.priorities.through
    pot_of_ward = {p.ward_id: p for p in pots}
    lines, marks, assessments, changes, ledger = [], [], [], [], []
    for i, a in enumerate(made):
        if a.strand_id != env.pk:
            marks.append(through(application_id=a.pk, priority_id=priorities[i % 5].pk))
        third = (a.amount_requested / 3).quantize(Decimal("0.01"))
        for n, cost in enumerate((third, third, a.amount_requested - 2 * third)):
            lines.append(BudgetLine(application=a, item=f"Item {n + 1}", cost=cost, financial_year=2025 + n % 2))
        if a.status in ASSESSED or a.status == Status.IN_ASSESSMENT and i % 2:
            assessments.append(
                Assessment(application=a, assessor=officers[(i + 1) % 20], total_score=Decimal(i % 101),
                           recommendation=a.recommendation, recommended_amount=a.recommended_amount)
            )  # fmt: skip
        if a.submitted_at is not None:
            changes.append(StatusChange(application=a, action="submit", from_status=Status.DRAFT,
                                        to_status=Status.SUBMITTED, actor=a.created_by))  # fmt: skip
        if a.decided_at is not None:
            approve = a.status in HOLDING
            changes.append(StatusChange(application=a, action="approve" if approve else "decline",
                                        from_status=Status.AWAITING_DECISION,
                                        to_status=Status.APPROVED if approve else Status.DECLINED,
                                        actor=officers[(i + 2) % 20], minute_reference=f"M{i}"))  # fmt: skip
        if a.status in HOLDING:
            pot = pot_of_ward.get(a.ward_id)
            ledger.append(LedgerEntry(strand_id=a.strand_id, ward_pot=pot, application=a, amount=a.amount_awarded,
                                      kind="commitment", created_by=officers[(i + 2) % 20]))  # fmt: skip
            if a.status == Status.COMPLETED:
                ledger.append(LedgerEntry(strand_id=a.strand_id, ward_pot=pot, application=a, amount=Decimal("-50.00"),
                                          kind="underspend", created_by=officers[(i + 2) % 20]))  # fmt: skip
    for model, objs in ((through, marks), (BudgetLine, lines), (Assessment, assessments),
                        (StatusChange, changes), (LedgerEntry, ledger)):  # fmt: skip
        model.objects.bulk_create(objs, batch_size=BATCH)
    # The list sorts by the application's copy of the score, as grants.services.assessments keeps it.
    for assessment in assessments:
        assessment.application.score = assessment.total_score
    Application.objects.bulk_update([a.application for a in assessments], ["score"], batch_size=BATCH)
    # The counters equal the ledger's sums, as the ledger service keeps them (the trigger checks).
    for strand in Strand.objects.filter(fund__name="Bench fund"):
        strand.committed = strand.ledger_entries.aggregate(s=Sum("amount"))["s"] or Decimal(0)
        strand.save(update_fields=["committed"])
    for pot in pots:
        pot.committed = pot.ledger_entries.aggregate(s=Sum("amount"))["s"] or Decimal(0)
        pot.save(update_fields=["committed"])


def deals(count, wards, priorities, made, officers):
    principles = list(Principle.objects.all())
    deals_ = Deal.objects.bulk_create(
        [Deal(title=f"Bench deal {i:04d}", slug=f"bench-deal-{i:04d}", shared_goal="Together, better.",
              status=Deal.Status.ACTIVE, published=i % 5 != 0, lead_officer=officers[i % 20],
              review_date=timezone.localdate() + (i % 120) * DAY) for i in range(count)],
        batch_size=BATCH,
    )  # fmt: skip
    kinds = (Party.Kind.COUNCIL, Party.Kind.PARTNER, Party.Kind.BUSINESS)
    parties = Party.objects.bulk_create(
        [Party(deal=d, name=f"Bench {kind} {i % 400}", kind=kind, contact_email=f"party{i}{DOMAIN}")
         for i, d in enumerate(deals_) for kind in kinds],
        batch_size=BATCH,
    )  # fmt: skip
    today = timezone.localdate()
    statuses = (Commitment.Status.ON_TRACK, Commitment.Status.AT_RISK, Commitment.Status.DONE,
                Commitment.Status.NOT_STARTED)  # fmt: skip
    Commitment.objects.bulk_create(
        [Commitment(deal_id=p.deal_id, party=p, description="Do our part", due_date=today + ((j * 17) % 200 - 60) * DAY,
                    status=statuses[j % 4], completed_on=today - DAY if j % 4 == 2 else None)
         for n, p in enumerate(parties) for j in range(n % 3 * 3 + (4 if n % 3 == 0 else 3))],
        batch_size=BATCH,
    )  # fmt: skip
    holding = [a for a in made if a.status in HOLDING]
    for rel, objs in (
        ("priorities", [(d, priorities[i % 5]) for i, d in enumerate(deals_)]),
        ("principles", [(d, principles[i % len(principles)]) for i, d in enumerate(deals_)] if principles else []),
        ("wards", [(d, wards[i % 21]) for i, d in enumerate(deals_)]),
        ("applications", [(d, holding[(2 * i + k) % len(holding)]) for i, d in enumerate(deals_) for k in (0, 1)]),
    ):
        through = getattr(Deal, rel).through
        target = getattr(Deal, rel).field.m2m_reverse_field_name()
        through.objects.bulk_create(
            [through(deal_id=d.pk, **{f"{target}_id": o.pk}) for d, o in objs], batch_size=BATCH
        )


def fill(n_applications, n_organisations, n_deals):
    started = time.perf_counter()
    with transaction.atomic():
        officers = people()
        env, pri, rounds, wards, pots = structure(officers)
        priorities = [Priority.objects.get_or_create(number=n, defaults={"name": f"P{n}"})[0] for n in range(1, 6)]
        orgs, leads = organisations(n_organisations, wards)
        print(f"  people, wards and {len(orgs):,} organisations: {time.perf_counter() - started:.0f}s", flush=True)
        made = applications(n_applications, env, pri, rounds, wards, orgs, leads, officers)
        print(f"  {len(made):,} applications: {time.perf_counter() - started:.0f}s", flush=True)
        details(made, env, pots, priorities, officers)
        print(f"  budget lines, assessments, history, ledger: {time.perf_counter() - started:.0f}s", flush=True)
        deals(n_deals, wards, priorities, made, officers)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"made in {time.perf_counter() - started:.0f}s")


def clear():
    """The benchmark's rows, children first."""
    Deal.objects.filter(slug__startswith="bench-deal-").delete()
    bench = Application.objects.filter(strand__fund__name="Bench fund")
    for model in (LedgerEntry, StatusChange, Assessment, BudgetLine):
        model.objects.filter(application__in=bench).delete()
    Application.history.filter(strand__fund__name="Bench fund").delete()
    bench.delete()
    WardPot.objects.filter(strand__fund__name="Bench fund").delete()
    Round.objects.filter(strand__fund__name="Bench fund").delete()
    Strand.objects.filter(fund__name="Bench fund").delete()
    Fund.objects.filter(name="Bench fund").delete()
    Organisation.objects.filter(name__startswith="Bench group ").delete()
    Councillor.objects.filter(user__email__endswith=DOMAIN).delete()
    Ward.objects.filter(slug__startswith="bench-ward-").delete()
    User.objects.filter(email__endswith=DOMAIN).delete()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--deals", type=int, default=1_000)
    parser.add_argument("--fresh", action="store_true", help="remove the benchmark's rows first")
    args = parser.parse_args()
    if args.fresh:
        clear()
    if Fund.objects.filter(name="Bench fund").exists():
        print(f"The benchmark's data is there: {Application.objects.count():,} applications. --fresh remakes it.")
        return
    fill(args.applications, args.organisations, args.deals)


if __name__ == "__main__":
    main()
