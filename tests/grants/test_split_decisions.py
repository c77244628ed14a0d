"""Settling a split decision (issue 19): under the majority rule a deadlocked bid goes to the officers'
queue as "councillors split" after the strand's days; an officer records the panel's decision with a
reason and a minute reference, or asks the councillors to vote again. All rows of the workflow table."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import CouncillorVote, EarlierVote, LedgerEntry, Status, Strand
from grants.tasks import refer_split_bids
from grants.workflow import Role, available_actions, find_transition
from tests.factories import application_at, split_votes
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db


def deadlocked(days_ago=15):
    application = application_at(Status.AWAITING_DECISION)
    split_votes(application, application.cast, days_ago=days_ago)
    return application


def test_a_deadlocked_bid_goes_to_the_officers_after_the_strands_days_and_not_before(
    django_capture_on_commit_callbacks,
):
    recent, old = deadlocked(days_ago=13), deadlocked(days_ago=15)
    with django_capture_on_commit_callbacks(execute=True):
        assert refer_split_bids() == 1
    recent.refresh_from_db(), old.refresh_from_db()
    assert (recent.status, old.status) == (Status.AWAITING_DECISION, Status.COUNCILLORS_SPLIT)
    change = old.status_changes.get(action="refer_split")
    assert change.actor is None and change.to_status == Status.COUNCILLORS_SPLIT
    assert any("the councillors are split" in m.subject for m in mail.outbox)
    assert refer_split_bids() == 0  # running it again changes nothing


def test_the_strand_setting_sets_the_days():
    application = deadlocked(days_ago=3)
    Strand.objects.filter(pk=application.strand_id).update(split_after_days=2)
    assert [c.application_id for c in services.split_bids_refer()] == [application.pk]


def test_a_bid_is_not_split_while_a_councillor_can_still_settle_it():
    ward = Ward(rule=Strand.DecisionRule.MAJORITY)  # three councillors: two must agree
    bid = ward.bid()
    services.councillor_decide(
        application=bid, councillor=ward.councillors[0], decision="approve", amount=bid.amount_requested
    )
    services.councillor_decide(application=bid, councillor=ward.councillors[1], decision="decline", reason="No")
    CouncillorVote.objects.update(created_at=timezone.now() - dt.timedelta(days=30))
    assert services.split_bids_refer() == []
    with pytest.raises(services.TransitionNotAllowed, match="Not every councillor"):
        services.application_transition(application=bid, action="refer_split", actor=None)


def test_nobody_signed_in_can_send_a_bid_to_the_officers_as_split():
    application = deadlocked()
    cast = application.cast
    for person in (cast.applicant, cast.officer, cast.panel, cast.councillor):
        assert find_transition(application, "refer_split") not in available_actions(person, application)
        with pytest.raises(services.ActionForbidden):
            services.application_transition(application=application, action="refer_split", actor=person)


def split():
    application = deadlocked()
    services.split_bids_refer()
    application.refresh_from_db()
    return application


def test_an_officer_records_the_panels_approval_with_a_reason_and_a_minute_reference():
    application = split()
    officer = application.cast.officer
    with pytest.raises(services.MissingInput, match="minute reference"):
        services.split_decision_record(
            application=application,
            actor=officer,
            approve=True,
            reason="Agreed",
            minute_reference="",
            amount=Decimal("1500.00"),
        )
    change = services.split_decision_record(
        application=application,
        actor=officer,
        approve=True,
        reason="The panel agreed",
        minute_reference="PAN/2026/9",
        amount=Decimal("1500.00"),
    )
    application.refresh_from_db()
    assert application.status == Status.APPROVED and application.amount_awarded == Decimal("1500.00")
    assert (change.minute_reference, change.actor, change.reason) == ("PAN/2026/9", officer, "The panel agreed")
    assert LedgerEntry.objects.get(application=application).amount == Decimal("1500.00")


def test_only_an_officer_settles_a_split_bid():
    application = split()
    cast = application.cast
    for person in (cast.applicant, cast.panel, cast.councillor, cast.stranger):
        with pytest.raises(services.ActionForbidden):
            services.split_decision_record(
                application=application, actor=person, approve=False, reason="No", minute_reference="PAN/1"
            )
    assert Role.OFFICER in find_transition(application, "ask_revote").roles


def test_asking_the_councillors_to_vote_again_sets_their_votes_aside_and_emails_them(
    django_capture_on_commit_callbacks,
):
    application = split()
    with pytest.raises(services.MissingInput):
        services.split_revote(application=application, actor=application.cast.officer, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.split_revote(application=application, actor=application.cast.officer, reason="New quote received")
    application.refresh_from_db()
    assert application.status == Status.AWAITING_DECISION
    assert not CouncillorVote.objects.filter(application=application).exists()
    assert sorted(EarlierVote.objects.filter(application=application).values_list("decision", flat=True)) == [
        "approve",
        "decline",
    ]
    asked = [m for m in mail.outbox if m.subject.startswith("Please vote again")]
    assert len(asked) == 2 and "New quote received" in asked[0].body
    # They can vote again, and two agreeing settle it.
    voters = [c.user for c in application.ward.councillors.all()]
    for user in voters:
        services.councillor_decide(
            application=application, councillor=user, decision="approve", amount=application.amount_requested
        )
    application.refresh_from_db()
    assert application.status == Status.APPROVED


def test_the_officers_page_offers_the_split_moves_and_records_the_panels_decline(client):
    application = split()
    client.force_login(application.cast.officer)
    page = client.get(reverse("admin:grants_application_change", args=[application.pk])).content.decode()
    assert "councillors split" in page
    for action in ("approve", "decline", "ask_revote"):
        assert f'data-action="{action}"' in page
    url = reverse("admin:grants_application_act", args=[application.pk, "decline"])
    response = client.post(url, {"reason": "Not value for money", "minute_reference": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(url, {"reason": "Not value for money", "minute_reference": "PAN/2026/3"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.DECLINED
    assert application.status_changes.get(action="decline").minute_reference == "PAN/2026/3"


def test_the_group_is_told_the_council_will_settle_it(client):
    application = split()
    client.force_login(application.applicant)
    assert "did not agree" in client.get(reverse("grants:dashboard")).content.decode()


def test_the_wards_councillors_read_that_the_bid_is_split_on_its_page(client):
    application = split()
    client.force_login(application.cast.councillor)
    page = client.get(reverse("grants:councillor_bid", args=[application.pk])).content.decode()
    assert "did not agree on this bid" in page
