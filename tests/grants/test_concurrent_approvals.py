"""Many decision makers approving at once never commit more than the budget.

Real threads, each with its own PostgreSQL connection, released together by a barrier."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from grants import services
from grants.models import LedgerEntry, Status, Strand, WardPot
from tests.factories import WardFactory, WardPotFactory, application_at, councillor, decision_fields, priorities_strand

THREADS = 24


def approve_all_at_once(applications, actors):
    barrier = threading.Barrier(len(applications))
    outcomes, errors = [], []

    def approve(application, actor):
        try:
            barrier.wait(timeout=30)
            services.application_transition(
                application=application,
                action="approve",
                actor=actor,
                amount=application.amount_requested,
                **decision_fields(application),
            )
            outcomes.append(("approved", application.pk))
        except services.BudgetExceeded:
            outcomes.append(("refused", application.pk))
        except Exception as error:  # anything else is a failure of the rule
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=pair) for pair in zip(applications, actors, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_panel_approvals_never_exceed_the_strand():
    strand = priorities_strand(budget=Decimal("100000.00"))
    cast = None
    applications = []
    for _ in range(THREADS):
        application = application_at(Status.AWAITING_DECISION, strand=strand, amount="6000.00", cast=cast)
        cast = application.cast
        applications.append(application)
    # 24 x £6,000 = £144,000 asked of £100,000: exactly 16 fit.
    outcomes, errors = approve_all_at_once(applications, [cast.panel] * THREADS)

    assert errors == []
    approved = [pk for outcome, pk in outcomes if outcome == "approved"]
    refused = [pk for outcome, pk in outcomes if outcome == "refused"]
    assert (len(approved), len(refused)) == (16, 8)
    strand.refresh_from_db()
    assert strand.committed == Decimal("96000.00") <= strand.budget
    assert strand.committed == LedgerEntry.objects.filter(strand=strand).aggregate(s=Sum("amount"))["s"]
    assert set(LedgerEntry.objects.values_list("application_id", flat=True)) == set(approved)


@pytest.mark.django_db(transaction=True)
def test_concurrent_councillor_approvals_never_exceed_the_ward_pot():
    ward = WardFactory(name="Longview")
    applications = [application_at(Status.AWAITING_DECISION, amount="1500.00") for _ in range(THREADS)]
    # Each bid is in its own organisation's ward; move them all to Longview, one pot of £20,000.
    for application in applications:
        type(application).objects.filter(pk=application.pk).update(ward=ward)
        application.ward = ward
    pot = WardPotFactory(strand=applications[0].strand, ward=ward, budget=Decimal("20000.00"))
    deciders = [councillor(ward).user for _ in range(THREADS)]

    outcomes, errors = approve_all_at_once(applications, deciders)

    assert errors == []
    assert sorted(outcome for outcome, _ in outcomes).count("approved") == 13  # 13 x £1,500 = £19,500
    pot.refresh_from_db()
    strand = Strand.objects.get(pk=pot.strand_id)
    assert pot.committed == Decimal("19500.00") == strand.committed
    assert pot.committed == WardPot.objects.get(pk=pot.pk).ledger_entries.aggregate(s=Sum("amount"))["s"]
