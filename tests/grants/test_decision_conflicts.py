"""Issue 10, section 2: nobody decides a bid they assessed or recommended, and a councillor or panel
member who belongs to the applying organisation has an interest in its bid, declared or not."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from grants import services
from grants.models import Application, Membership, Status
from grants.selectors.councillors import councillor_record, councillor_refusal, eligible_councillors, ward_bids
from grants.workflow import Role, available_actions, roles_for
from kbt.accounts.models import PANEL_GROUP
from tests.factories import application_at, officer, panel_member, priorities_strand
from tests.grants.admin_factories import assessed
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db


def _panel_decide(bid, user, approve=True):
    return services.application_decide(
        application=bid, actor=user, approve=approve, reason="Good value", amount=bid.amount_requested,
        minute_reference="DP/2026/11",
    )  # fmt: skip


def _officer_on_the_panel():
    user = officer()
    user.groups.add(Group.objects.get(name=PANEL_GROUP))
    return user


# Duties kept apart


def test_a_panel_member_who_assessed_and_recommended_a_bid_cannot_decide_it():
    bid = application_at(Status.IN_ASSESSMENT, strand=priorities_strand())
    both = _officer_on_the_panel()
    assessed(bid, both)
    services.application_recommend(application=bid, actor=both, recommend=True, amount=bid.amount_requested)
    assert "approve" not in {t.action for t in available_actions(both, bid)}
    with pytest.raises(services.ActionForbidden, match="You assessed KBT-PRI-.*someone else must decide it"):
        _panel_decide(bid, both)
    assert Application.objects.get(pk=bid.pk).status == Status.AWAITING_DECISION
    # Another member of the panel decides.
    _panel_decide(bid, bid.cast.panel)
    assert Application.objects.get(pk=bid.pk).status == Status.APPROVED


def test_a_panel_member_who_only_recommended_a_bid_cannot_decide_it():
    bid = application_at(Status.IN_ASSESSMENT, strand=priorities_strand())
    assessed(bid, bid.cast.officer)
    both = _officer_on_the_panel()
    services.conflict_declare(application=bid, officer=both, has_conflict=False)
    services.application_recommend(application=bid, actor=both, recommend=False, reason="Weak outcomes")
    assert available_actions(both, bid) == []
    with pytest.raises(services.ActionForbidden, match="You made the recommendation on KBT-PRI-"):
        _panel_decide(bid, both, approve=False)
    with pytest.raises(services.ActionForbidden, match="You made the recommendation on"):
        services.application_transition(application=bid, action="decline", actor=both, reason="x")


def test_a_councillor_who_assessed_the_bid_as_an_officer_cannot_decide_it():
    ward = Ward()
    bid = ward.bid(Status.IN_ASSESSMENT)
    cllr = ward.councillors[1]
    cllr.groups.add(Group.objects.get(name="Officer"))
    cllr.__dict__.pop("_group_names", None)
    assessed(bid, cllr)
    services.application_recommend(application=bid, actor=cllr, recommend=True, amount=bid.amount_requested)
    assert councillor_refusal(cllr, bid) == f"You assessed {bid.reference}, so someone else must decide it."
    assert available_actions(cllr, bid) == []
    with pytest.raises(services.ActionForbidden, match="You assessed"):
        services.councillor_decide(application=bid, councillor=cllr, decision="approve", amount=Decimal("100"))
    assert services.councillor_decide(
        application=bid, councillor=ward.councillors[2], decision="approve", amount=Decimal("100")
    ).settled


# Membership is an interest


def test_a_councillor_who_belongs_to_the_group_cannot_decide_its_bid(client):
    ward = Ward()
    bid = ward.bid()
    member = ward.councillors[1]
    Membership.objects.create(organisation=bid.organisation, user=member, role=Membership.Role.MEMBER)
    assert Role.COUNCILLOR not in roles_for(member, bid)
    assert available_actions(member, bid) == [t for t in available_actions(member, bid) if Role.APPLICANT in t.roles]
    assert "is a member" in councillor_refusal(member, bid) or "member of" in councillor_refusal(member, bid)
    assert member not in [c.user for c in eligible_councillors(bid)]
    with pytest.raises(services.ActionForbidden, match="You are a member of"):
        services.councillor_decide(application=bid, councillor=member, decision="approve", amount=Decimal("100"))
    with pytest.raises(services.ActionForbidden, match="You are a member of"):
        services.application_transition(application=bid, action="approve", actor=member, amount=Decimal("100"))
    assert [b.has_interest for b in ward_bids(councillor_record(member)) if b.pk == bid.pk] == [True]
    client.force_login(member)
    client.post(reverse("grants:councillor_approve", args=[bid.pk]), {"amount": "100"})
    assert Application.objects.get(pk=bid.pk).status == Status.AWAITING_DECISION


def test_a_councillor_who_belongs_to_the_group_is_not_asked_to_decide(django_capture_on_commit_callbacks):
    ward = Ward()
    bid = ward.bid(Status.IN_ASSESSMENT)
    member = ward.councillors[0]
    Membership.objects.create(organisation=bid.organisation, user=member, role=Membership.Role.MEMBER)
    assessed(bid, bid.cast.officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_recommend(
            application=bid, actor=bid.cast.officer, recommend=True, amount=bid.amount_requested
        )
    asked = sorted(to for m in mail.outbox if "waiting for your decision" in m.subject for to in m.to)
    assert asked == sorted(u.email for u in ward.councillors[1:])


def test_under_the_majority_rule_a_member_does_not_count_towards_the_majority():
    from grants.models import Strand
    from grants.selectors.councillors import majority_needed

    ward = Ward(rule=Strand.DecisionRule.MAJORITY)
    bid = ward.bid()
    assert majority_needed(bid) == 2
    Membership.objects.create(organisation=bid.organisation, user=ward.councillors[2], role=Membership.Role.MEMBER)
    assert majority_needed(bid) == 2  # two eligible: 2 // 2 + 1
    assert eligible_councillors(bid).count() == 2


def test_a_panel_member_who_belongs_to_the_group_cannot_decide_its_bid():
    bid = application_at(Status.AWAITING_DECISION, strand=priorities_strand())
    member = panel_member()
    Membership.objects.create(organisation=bid.organisation, user=member, role=Membership.Role.MEMBER)
    assert Role.PANEL not in roles_for(member, bid)
    assert {t.action for t in available_actions(member, bid)} <= {"withdraw"}
    with pytest.raises(services.ActionForbidden, match="You are a member of"):
        _panel_decide(bid, member)
    assert Application.objects.get(pk=bid.pk).status == Status.AWAITING_DECISION
