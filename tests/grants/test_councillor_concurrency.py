"""Two councillors of one ward deciding the same bid at once: exactly one decision stands.

Real threads, each with its own PostgreSQL connection, released together by a barrier."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from grants import services
from grants.models import Application, CouncillorVote, LedgerEntry, Status, StatusChange, Strand
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(bid, decisions):
    """Run each (councillor, decision, amount, reason) in its own thread, all released together."""
    barrier = threading.Barrier(len(decisions))
    outcomes, errors = [], []

    def decide(user, decision, amount, reason):
        try:
            barrier.wait(timeout=30)
            result = services.councillor_decide(
                application=Application.objects.get(pk=bid.pk),
                councillor=user,
                decision=decision,
                amount=amount,
                reason=reason,
            )
            outcomes.append(("settled" if result.settled else "voted", user.pk, decision))
        except services.TransitionNotAllowed:
            outcomes.append(("too late", user.pk, decision))
        except Exception as error:  # anything else breaks the rule
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=args) for args in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, errors


def assert_money_agrees(ward):
    ward.pot.refresh_from_db()
    strand = Strand.objects.get(pk=ward.strand.pk)
    ledger = LedgerEntry.objects.filter(ward_pot=ward.pot).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    assert ward.pot.committed == ledger == strand.committed


def test_two_councillors_approving_and_declining_at_once_leave_exactly_one_decision():
    ward = Ward()
    bid = ward.bid(amount="2000.00")
    first, second = ward.councillors[:2]

    outcomes, errors = at_once(
        bid, [(first, "approve", Decimal("2000.00"), ""), (second, "decline", None, "Not this year")]
    )

    assert errors == []
    assert sorted(o[0] for o in outcomes) == ["settled", "too late"]
    winner = next(o for o in outcomes if o[0] == "settled")
    bid.refresh_from_db()
    assert bid.status == {"approve": Status.APPROVED, "decline": Status.DECLINED}[winner[2]]
    decisions = StatusChange.objects.filter(application=bid, action__in=["approve", "decline"])
    assert [(c.action, c.actor_id) for c in decisions] == [(winner[2], winner[1])]
    assert list(CouncillorVote.objects.filter(application=bid).values_list("councillor__user", flat=True)) == [
        winner[1]
    ]
    assert LedgerEntry.objects.filter(application=bid).count() == (1 if winner[2] == "approve" else 0)
    assert_money_agrees(ward)


def test_two_councillors_approving_at_once_commit_the_money_once():
    ward = Ward()
    bid = ward.bid(amount="2000.00")

    outcomes, errors = at_once(bid, [(user, "approve", Decimal("2000.00"), "") for user in ward.councillors[:2]])

    assert errors == []
    assert sorted(o[0] for o in outcomes) == ["settled", "too late"]
    assert LedgerEntry.objects.filter(application=bid).count() == 1
    assert StatusChange.objects.filter(application=bid, action="approve").count() == 1
    ward.pot.refresh_from_db()
    assert ward.pot.committed == Decimal("2000.00")
    assert_money_agrees(ward)


def test_under_the_majority_rule_the_last_two_votes_at_once_settle_the_bid_once():
    ward = Ward(rule=Strand.DecisionRule.MAJORITY, councillors=5)
    bid = ward.bid(amount="2000.00")
    # 3 of 5 are needed; two have approved already.
    for user in ward.councillors[:2]:
        services.councillor_decide(application=bid, councillor=user, decision="approve", amount=Decimal("2000.00"))

    outcomes, errors = at_once(bid, [(user, "approve", Decimal("1500.00"), "") for user in ward.councillors[2:4]])

    assert errors == []
    assert sorted(o[0] for o in outcomes) == ["settled", "too late"]
    bid.refresh_from_db()
    assert (bid.status, bid.amount_awarded) == (Status.APPROVED, Decimal("1500.00"))
    assert CouncillorVote.objects.filter(application=bid).count() == 3
    assert StatusChange.objects.filter(application=bid, action="approve").count() == 1
    assert LedgerEntry.objects.get(application=bid).amount == Decimal("1500.00")
    assert_money_agrees(ward)


def test_a_declaration_and_a_decision_at_once_never_let_a_councillor_with_an_interest_decide():
    ward = Ward()
    bid = ward.bid(amount="2000.00")
    cllr = ward.councillors[0]
    barrier = threading.Barrier(2)
    results = {}

    def declare():
        try:
            barrier.wait(timeout=30)
            services.interest_declare(application=bid, councillor=cllr, kind="family_or_friend")
            results["declare"] = "ok"
        except services.WorkflowError as error:
            results["declare"] = error.message
        finally:
            connection.close()

    def decide():
        try:
            barrier.wait(timeout=30)
            services.councillor_decide(application=bid, councillor=cllr, decision="approve", amount=Decimal("2000.00"))
            results["decide"] = "ok"
        except services.WorkflowError as error:
            results["decide"] = error.message
        finally:
            connection.close()

    threads = [threading.Thread(target=declare), threading.Thread(target=decide)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Whichever came first stands; the other is refused with a plain reason.
    assert list(results.values()).count("ok") == 1, results
    bid.refresh_from_db()
    if results["declare"] == "ok":
        assert "declared an interest" in results["decide"]
        assert bid.status == Status.AWAITING_DECISION
    else:
        assert "already decided" in results["declare"] or "has been decided" in results["declare"]
        assert bid.status == Status.APPROVED
