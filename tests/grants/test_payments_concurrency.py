"""Payments under real concurrency: threads, each with its own PostgreSQL connection, released together.

Two runs built and approved at once never share an instalment, so none is paid twice; a schedule
change racing a run either waits and leaves the run's instalment alone or goes first, and the
schedule always adds up to the award."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Sum

from grants import services
from grants.models import Instalment, LedgerEntry, PaymentRun
from grants.services import payments
from grants.services.payment_runs import run_approve, run_build, run_mark_paid
from grants.services.payments import Planned
from tests.grants.payment_factories import TODAY, finance, running_grant

D = Decimal


def all_at_once(*jobs):
    """Run each job in its own thread, all released by one barrier; returns (results, errors)."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []

    def run(job):
        try:
            barrier.wait(timeout=30)
            results.append(job())
        except services.WorkflowError as refusal:
            results.append(refusal)
        except Exception as error:  # anything else breaks the rule under test
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_runs_built_approved_and_paid_at_once_never_pay_an_instalment_twice():
    for _ in range(6):
        running_grant(amount="1000.00")
    builders = [finance() for _ in range(4)]
    approvers = [finance() for _ in range(4)]

    built, errors = all_at_once(*[lambda b=b: run_build(actor=b, today=TODAY) for b in builders])
    assert errors == []
    runs = [r for r in built if isinstance(r, PaymentRun)]
    assert runs, built
    # Every run approved at once, each by someone else, then every run marked paid at once.
    approved, errors = all_at_once(
        *[lambda r=r, a=a: run_approve(run=r, actor=a) for r, a in zip(runs, approvers, strict=False)]
    )
    assert errors == []
    approved_runs = [result[0] for result in approved if isinstance(result, tuple)]
    paid, errors = all_at_once(
        *[
            lambda r=r, a=a: run_mark_paid(run=r, actor=a, paid_on=dt.date.today(), finance_reference="BACS")
            for r in approved_runs
            for a in builders[:2]  # two people press "paid" on each run at once
        ]
    )
    assert errors == []

    per_instalment = LedgerEntry.objects.paid().values("instalment").annotate(n=Count("id"))
    assert {row["n"] for row in per_instalment} == {1}
    assert per_instalment.count() == Instalment.objects.count() == 6
    assert LedgerEntry.objects.paid().aggregate(s=Sum("amount"))["s"] == D("6000.00")
    assert set(Instalment.objects.values_list("status", flat=True)) == {"paid"}


@pytest.mark.django_db(transaction=True)
def test_a_payment_racing_a_schedule_change_is_handled_safely():
    builder, approver = finance(), finance()
    outcomes = []
    for _ in range(4):
        grant = running_grant(amount="5000.00")
        officer = grant.cast.officer
        change = dict(
            planned=[Planned(TODAY, D("1000.00")), Planned(TODAY + dt.timedelta(days=60), D("4000.00"))],
            reason="Split the payment",
            actor=officer,
        )
        results, errors = all_at_once(
            lambda: run_build(actor=builder, today=TODAY),
            lambda g=grant, c=change: payments.schedule_change(g, **c),
        )
        assert errors == []
        run = next((r for r in results if isinstance(r, PaymentRun)), None)
        changed = any(not isinstance(r, services.WorkflowError) and not isinstance(r, PaymentRun) for r in results)
        instalments = list(grant.instalments.order_by("number"))
        # Whatever won, the schedule adds up to the award and nothing is in a run twice.
        assert sum(i.amount for i in instalments) == D("5000.00")
        in_run = [i.amount for i in instalments if i.status == "in_run"]
        if changed:
            # The change went first: the run took its new first instalment, or (built from what it saw
            # when it started) none of this grant's, to be paid in the next run.
            assert in_run in ([], [D("1000.00")])
        else:
            # The run went first and took the whole payment: the change, which no longer adds up, is refused.
            assert in_run == [D("5000.00")]
        if run is not None:
            run_approve(run=run, actor=approver)
            run_mark_paid(run=run, actor=builder, paid_on=dt.date.today(), finance_reference="BACS")
        outcomes.append((run is not None, changed))
        PaymentRun.objects.filter(status="built").update(status="discarded")
    paid = LedgerEntry.objects.paid().values("instalment").annotate(n=Count("id"))
    assert {row["n"] for row in paid} <= {1}
    for instalment in Instalment.objects.filter(status="paid"):
        assert instalment.ledger_entries.get().amount == instalment.amount
