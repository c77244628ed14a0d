"""Approvals racing a panel member who saves the ward pot's and the strand's admin forms unchanged.

A stale save once wrote back the committed figure it had read before the approvals, so later
approvals saw room that was already spent. Real threads, each with its own PostgreSQL connection."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client

from grants import services
from grants.models import LedgerEntry, Status, Strand, WardPot
from tests.factories import application_at, decision_fields, panel_member, priorities_strand
from tests.grants.admin_forms import change_form_data, change_url
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3


def ledger_sum(**filters) -> Decimal:
    return LedgerEntry.objects.filter(**filters).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


def race(bids, deciders, objects_to_save):
    """Approve every bid, one thread each, while one thread per object keeps saving its admin form."""
    panel = panel_member()
    posts = []
    for obj in objects_to_save:
        client = Client()
        client.force_login(panel)
        posts.append((client, change_url(obj), change_form_data(client, obj)))

    approvals_done = threading.Event()
    barrier = threading.Barrier(len(bids) + len(posts))
    outcomes, errors, saves = [], [], []

    def approve(bid, actor):
        try:
            barrier.wait(timeout=30)
            services.application_transition(
                application=bid, action="approve", actor=actor, amount=bid.amount_requested, **decision_fields(bid)
            )
            outcomes.append("approved")
        except services.BudgetExceeded:
            outcomes.append("refused")
        except Exception as error:  # anything else breaks the rule
            errors.append(repr(error))
        finally:
            connection.close()

    def keep_saving(client, url, data):
        try:
            barrier.wait(timeout=30)
            while not approvals_done.is_set():
                response = client.post(url, data)
                saves.append(response.status_code)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    approvers = [threading.Thread(target=approve, args=pair) for pair in zip(bids, deciders, strict=True)]
    savers = [threading.Thread(target=keep_saving, args=post) for post in posts]
    for thread in savers + approvers:
        thread.start()
    for thread in approvers:
        thread.join()
    approvals_done.set()
    for thread in savers:
        thread.join()
    return outcomes, errors, saves


def test_admin_saves_of_the_ward_pot_and_the_strand_never_let_approvals_overcommit_the_pot():
    for round_number in range(ROUNDS):
        ward = Ward(name=f"Longview {round_number}", pot="10000.00")
        bids = [ward.bid(amount="1000.00") for _ in range(14)]
        deciders = [ward.councillors[i % len(ward.councillors)] for i in range(len(bids))]

        outcomes, errors, saves = race(bids, deciders, [ward.pot, ward.strand])

        assert errors == []
        assert saves and set(saves) == {302}, set(saves)
        pot = WardPot.objects.get(pk=ward.pot.pk)
        strand = Strand.objects.get(pk=ward.strand.pk)
        assert pot.committed == ledger_sum(ward_pot=pot), f"round {round_number}"
        assert strand.committed == ledger_sum(strand=strand), f"round {round_number}"
        assert ledger_sum(ward_pot=pot) <= pot.budget, f"round {round_number}"
        assert outcomes.count("approved") == 10, f"round {round_number}: {outcomes.count('approved')} approved"
        assert pot.committed == Decimal("10000.00")
        # The next round gets a strand of its own.
        Strand.objects.filter(pk=strand.pk).update(code=f"E{round_number}X", slug=f"env-{round_number}")


def test_admin_saves_of_the_priorities_strand_never_let_panel_approvals_overcommit_it():
    strand = priorities_strand(budget=Decimal("10000.00"), maximum_award=Decimal("10000.00"))
    cast = None
    bids = []
    for _ in range(14):
        bid = application_at(Status.AWAITING_DECISION, strand=strand, amount="1000.00", cast=cast)
        cast = bid.cast
        bids.append(bid)

    outcomes, errors, saves = race(bids, [cast.panel] * len(bids), [strand])

    assert errors == []
    assert saves and set(saves) == {302}, set(saves)
    strand.refresh_from_db()
    assert strand.committed == ledger_sum(strand=strand)
    assert ledger_sum(strand=strand) <= strand.budget
    assert outcomes.count("approved") == 10
