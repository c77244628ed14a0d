"""The rules of councillors' decisions, at the service: declared interests, the any-one and majority
rules, approving for less, the ward pot running out, an officer recording a decision, and the emails."""

from decimal import Decimal

import pytest
from django.core import mail

from grants import services
from grants.models import Application, CouncillorVote, InterestDeclaration, LedgerEntry, Status, StatusChange, Strand
from grants.workflow import Role, available_actions, roles_for
from tests.factories import UserFactory, WardFactory, councillor, officer
from tests.grants.admin_factories import assessed
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db
MAJORITY = Strand.DecisionRule.MAJORITY


def decide(bid, user, decision="approve", amount=None, reason="", **kwargs):
    if decision == "approve" and amount is None:
        amount = bid.amount_requested
    if decision == "decline" and not reason:
        reason = "Too close to another project"
    return services.councillor_decide(
        application=bid, councillor=user, decision=decision, amount=amount, reason=reason, **kwargs
    )


def snapshot(bid):
    bid = Application.objects.get(pk=bid.pk)
    return (
        bid.status,
        bid.amount_awarded,
        StatusChange.objects.filter(application=bid).count(),
        CouncillorVote.objects.filter(application=bid).count(),
        LedgerEntry.objects.filter(application=bid).count(),
    )


# Declared interests


def test_a_declared_interest_takes_away_the_role_the_buttons_and_the_decision():
    ward = Ward()
    bid = ward.bid()
    cllr = ward.councillors[0]
    assert Role.COUNCILLOR in roles_for(cllr, bid)
    assert {t.action for t in available_actions(cllr, bid)} == {"approve", "decline"}

    services.interest_declare(
        application=bid, councillor=cllr, kind=InterestDeclaration.Kind.TRUSTEE_OR_MEMBER, note="I chair it"
    )

    assert roles_for(cllr, bid) == set()
    assert available_actions(cllr, bid) == []
    before = snapshot(bid)
    with pytest.raises(services.ActionForbidden, match="You declared an interest in KBT-ENV-"):
        decide(bid, cllr)
    # The workflow service itself refuses too, with the same plain message.
    with pytest.raises(services.ActionForbidden, match="declared an interest"):
        services.application_transition(application=bid, action="approve", actor=cllr, amount=Decimal("100"))
    assert snapshot(bid) == before
    # The ward's other councillors still decide.
    assert decide(bid, ward.councillors[1]).settled


def test_an_interest_is_declared_once_with_a_note_for_other_and_never_after_voting_or_deciding():
    ward = Ward(rule=MAJORITY)
    bid = ward.bid()
    first, second, third = ward.councillors
    with pytest.raises(services.MissingInput, match="Describe your interest"):
        services.interest_declare(application=bid, councillor=first, kind="other")
    with pytest.raises(services.MissingInput, match="Select the kind"):
        services.interest_declare(application=bid, councillor=first, kind="enemy")
    services.interest_declare(application=bid, councillor=first, kind="other", note="My neighbour runs it")
    with pytest.raises(services.TransitionNotAllowed, match="already declared"):
        services.interest_declare(application=bid, councillor=first, kind="family_or_friend")

    decide(bid, second)
    with pytest.raises(services.ActionForbidden, match="already decided"):
        services.interest_declare(application=bid, councillor=second, kind="family_or_friend")

    decide(bid, third)  # 2 of the 2 councillors without an interest agree
    bid.refresh_from_db()
    assert bid.status == Status.APPROVED
    another = councillor(bid.ward).user
    with pytest.raises(services.TransitionNotAllowed, match="has been decided"):
        services.interest_declare(application=bid, councillor=another, kind="family_or_friend")
    assert InterestDeclaration.objects.filter(application=bid).count() == 1


@pytest.mark.parametrize("who", ["other_ward_councillor", "applicant", "officer", "stranger"])
def test_only_a_councillor_of_the_ward_can_declare_or_decide(who):
    ward = Ward()
    bid = ward.bid()
    user = {
        "other_ward_councillor": lambda: councillor(WardFactory(name="Halewood North")).user,
        "applicant": lambda: bid.applicant,
        "officer": lambda: officer(),
        "stranger": lambda: UserFactory(),
    }[who]()
    before = snapshot(bid)
    with pytest.raises(services.ActionForbidden, match="Only a councillor of the bid's ward"):
        decide(bid, user)
    with pytest.raises(services.ActionForbidden):
        services.interest_declare(application=bid, councillor=user, kind="family_or_friend")
    assert snapshot(bid) == before
    assert not InterestDeclaration.objects.exists()


# The "any one councillor" rule


def test_any_one_councillor_settles_the_bid_and_the_next_finds_it_decided():
    ward = Ward()
    bid = ward.bid(amount="3000.00")
    outcome = decide(bid, ward.councillors[0], amount=Decimal("2500.00"))
    assert outcome.settled and (outcome.agreeing, outcome.needed) == (1, 1)
    assert outcome.change.actor == ward.councillors[0] and outcome.change.amount == Decimal("2500.00")
    assert bid.status == Status.APPROVED and bid.amount_awarded == Decimal("2500.00")

    before = snapshot(bid)
    with pytest.raises(services.TransitionNotAllowed, match="not waiting for a decision"):
        decide(bid, ward.councillors[1], "decline")
    assert snapshot(bid) == before


def test_approving_for_less_moves_the_pot_and_the_strand_by_exactly_that_amount():
    ward = Ward(pot="14000.00")
    bid = ward.bid(amount="4000.00")
    strand_before = Strand.objects.get(pk=ward.strand.pk).committed
    decide(bid, ward.councillors[0], amount=Decimal("3250.50"))
    ward.pot.refresh_from_db()
    assert ward.pot.committed == Decimal("3250.50")
    assert Strand.objects.get(pk=ward.strand.pk).committed - strand_before == Decimal("3250.50")
    assert LedgerEntry.objects.get(application=bid).amount == Decimal("3250.50")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("4000.01"), "cannot be more than the £4,000 requested"),
        (Decimal("0"), "more than £0"),
        (None, "Enter an amount"),
    ],
)
def test_an_approval_outside_the_request_is_refused_and_no_vote_is_kept(amount, message):
    ward = Ward()
    bid = ward.bid(amount="4000.00")
    before = snapshot(bid)
    with pytest.raises(services.MissingInput, match=message):
        services.councillor_decide(application=bid, councillor=ward.councillors[0], decision="approve", amount=amount)
    assert snapshot(bid) == before


def test_a_decline_needs_a_reason():
    ward = Ward()
    bid = ward.bid()
    with pytest.raises(services.MissingInput, match="reason"):
        services.councillor_decide(application=bid, councillor=ward.councillors[0], decision="decline", reason="  ")
    assert snapshot(bid)[0] == Status.AWAITING_DECISION


def test_a_pot_running_out_refuses_the_approval_plainly_and_changes_nothing():
    ward = Ward(pot="3000.00")
    first, second = ward.bid(amount="2000.00"), ward.bid(amount="2000.00")
    decide(first, ward.councillors[0])
    before = snapshot(second)
    with pytest.raises(services.BudgetExceeded) as refused:
        decide(second, ward.councillors[0])
    assert refused.value.message == ("Approving £2,000 would exceed the Longview ward pot: only £1,000 remains.")
    assert snapshot(second) == before
    ward.pot.refresh_from_db()
    assert ward.pot.committed == Decimal("2000.00")
    # What remains can still be awarded, by the same councillor (the refused vote was not kept).
    decide(second, ward.councillors[0], amount=Decimal("1000.00"))
    ward.pot.refresh_from_db()
    assert ward.pot.committed == ward.pot.budget


# The majority rule


def test_under_the_majority_rule_each_vote_is_kept_and_the_second_agreeing_vote_settles():
    ward = Ward(rule=MAJORITY)
    bid = ward.bid(amount="4000.00")
    first, second, third = ward.councillors

    outcome = decide(bid, first, amount=Decimal("3000.00"))
    assert not outcome.settled and (outcome.agreeing, outcome.needed) == (1, 2)
    bid.refresh_from_db()
    assert bid.status == Status.AWAITING_DECISION and not LedgerEntry.objects.exists()
    # Having voted, the first councillor has nothing more to decide.
    assert available_actions(first, bid) == []
    assert {t.action for t in available_actions(second, bid)} == {"approve", "decline"}
    with pytest.raises(services.ActionForbidden, match="already decided"):
        decide(bid, first, "decline")
    # Nor can a councillor go round the votes through the workflow service.
    with pytest.raises(services.ActionForbidden, match="needs 2 of the ward's councillors"):
        services.application_transition(application=bid, action="approve", actor=third, amount=Decimal("4000"))

    outcome = decide(bid, second, amount=Decimal("3500.00"))
    assert outcome.settled and (outcome.agreeing, outcome.needed) == (2, 2)
    bid.refresh_from_db()
    # The award is the lowest amount the majority agreed.
    assert (bid.status, bid.amount_awarded) == (Status.APPROVED, Decimal("3000.00"))
    assert outcome.change.actor == second
    assert LedgerEntry.objects.get(application=bid).amount == Decimal("3000.00")
    assert list(CouncillorVote.objects.filter(application=bid).values_list("councillor__user", flat=True)) == [
        first.pk,
        second.pk,
    ]


def test_a_split_ward_is_settled_by_the_third_vote_with_every_declining_reason():
    ward = Ward(rule=MAJORITY)
    bid = ward.bid()
    first, second, third = ward.councillors
    decide(bid, first, "decline", reason="A similar project got funding last year.")
    assert not decide(bid, second, "approve").settled
    outcome = decide(bid, third, "decline", reason="The site is not safe.")
    assert outcome.settled
    bid.refresh_from_db()
    assert bid.status == Status.DECLINED
    assert outcome.change.reason == "A similar project got funding last year.\n\nThe site is not safe."


def test_interests_shrink_the_majority_and_can_settle_the_bid_on_the_votes_already_cast():
    ward = Ward(rule=MAJORITY)
    bid = ward.bid()
    first, second, third = ward.councillors
    assert not decide(bid, first).settled  # 1 of 2 needed
    services.interest_declare(application=bid, councillor=second, kind="family_or_friend")
    bid.refresh_from_db()
    assert bid.status == Status.AWAITING_DECISION  # now 2 of the 2 without an interest are needed
    services.interest_declare(application=bid, councillor=third, kind="trustee_or_member")
    bid.refresh_from_db()
    # Only the first councillor is left without an interest, and they approved: that is the majority.
    assert bid.status == Status.APPROVED
    assert StatusChange.objects.get(application=bid, action="approve").actor == first


def test_with_two_interests_of_three_the_one_councillor_left_decides_alone():
    ward = Ward(rule=MAJORITY)
    bid = ward.bid()
    first, second, third = ward.councillors
    services.interest_declare(application=bid, councillor=first, kind="family_or_friend")
    services.interest_declare(application=bid, councillor=second, kind="family_or_friend")
    assert decide(bid, third).settled


# An officer records a decision on a councillor's behalf


def test_an_officer_records_a_decision_naming_the_councillor_with_a_note():
    ward = Ward()
    bid = ward.bid()
    clerk = officer(full_name="Olivia Officer")
    cllr = ward.councillors[0]

    outcome = decide(bid, cllr, "decline", reason="Not in the ward plan", recorded_by=clerk, note="By phone, 3 March")

    change = outcome.change
    assert (change.actor, change.recorded_by, change.to_status) == (cllr, clerk, Status.DECLINED)
    assert (outcome.vote.recorded_by, outcome.vote.recorded_note) == (clerk, "By phone, 3 March")
    latest = Application.objects.get(pk=bid.pk).history.latest()
    assert latest.history_user == clerk
    assert "recorded by an officer for" in latest.history_change_reason


def test_only_an_officer_records_for_a_councillor_and_always_with_a_note():
    ward = Ward()
    bid = ward.bid()
    cllr, other = ward.councillors[0], ward.councillors[1]
    before = snapshot(bid)
    with pytest.raises(services.ActionForbidden, match="Only an officer"):
        decide(bid, cllr, recorded_by=other, note="I heard them say yes")
    with pytest.raises(services.MissingInput, match="how the councillor gave"):
        decide(bid, cllr, recorded_by=officer(), note=" ")
    services.interest_declare(application=bid, councillor=cllr, kind="family_or_friend")
    with pytest.raises(services.ActionForbidden, match="declared an interest"):
        decide(bid, cllr, recorded_by=officer(), note="By phone")
    assert snapshot(bid) == before


# Emails


def test_the_group_hears_a_councillors_decline_and_its_reason(django_capture_on_commit_callbacks):
    ward = Ward()
    bid = ward.bid()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(bid, ward.councillors[0], "decline", reason="The ward has funded a similar project.")
    assert [m.to for m in mail.outbox] == [[bid.applicant.email]]
    assert "The ward has funded a similar project." in mail.outbox[0].body


def test_a_vote_that_does_not_settle_the_bid_sends_nothing(django_capture_on_commit_callbacks):
    ward = Ward(rule=MAJORITY)
    bid = ward.bid()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(bid, ward.councillors[0])
    assert mail.outbox == []


def test_councillors_without_an_interest_hear_a_bid_awaits_them_with_a_link_to_it(django_capture_on_commit_callbacks):
    ward = Ward()
    bid = ward.bid(status=Status.IN_ASSESSMENT)
    services.interest_declare(application=bid, councillor=ward.councillors[0], kind="family_or_friend")
    assessed(bid, bid.cast.officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=bid, action="recommend", actor=bid.cast.officer, amount=bid.amount_requested
        )
    expected = sorted(u.email for u in ward.councillors[1:])
    assert sorted(m.to[0] for m in mail.outbox) == expected
    assert f"/councillors/bids/{bid.pk}/" in mail.outbox[0].body


def test_the_strand_running_out_refuses_the_approval_even_with_money_left_in_the_pot():
    ward = Ward(pot="14000.00")
    Strand.objects.filter(pk=ward.strand.pk).update(budget=Decimal("3000.00"))
    first, second = ward.bid(amount="2000.00"), ward.bid(amount="2000.00")
    decide(first, ward.councillors[0])
    before = snapshot(second)
    with pytest.raises(services.BudgetExceeded, match=r"exceed the Environmental improvements budget: only £1,000"):
        decide(second, ward.councillors[1])
    assert snapshot(second) == before
    assert Strand.objects.get(pk=ward.strand.pk).committed == Decimal("2000.00")
