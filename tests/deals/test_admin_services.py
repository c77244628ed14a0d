"""The officers' site changes a deal's status and publication, a commitment's status, and a figure's
acceptance only through the deals services (admin actions); the form fields are read-only."""

import pytest
from django.core import mail
from django.urls import reverse

from deals.models import Commitment, Deal, PartnerInvitation, Party, TargetUpdate
from tests.deals.factories import CommitmentFactory, DealFactory, PartyFactory, TargetFactory, deals_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    client.force_login(deals_officer())
    return client


def act(client, model, action, objects):
    return client.post(
        reverse(f"admin:deals_{model}_changelist"),
        {"action": action, "_selected_action": [o.pk for o in objects]},
        follow=True,
    )


def test_status_and_published_are_read_only_on_the_deals_form(officer_client):
    deal = DealFactory(status=Deal.Status.PROPOSED, published=False)
    response = officer_client.get(reverse("admin:deals_deal_change", args=[deal.pk]))
    form = response.context["adminform"].form
    assert "status" not in form.fields and "published" not in form.fields


def test_deals_are_published_and_moved_by_actions_with_history(officer_client):
    deal = DealFactory(status=Deal.Status.PROPOSED, published=False)
    act(officer_client, "deal", "publish", [deal])
    act(officer_client, "deal", "mark_active", [deal])
    deal.refresh_from_db()
    assert deal.published and deal.status == Deal.Status.ACTIVE
    assert deal.history.first().history_user.is_staff


def test_a_commitments_status_moves_by_action(officer_client):
    commitment = CommitmentFactory(status=Commitment.Status.ON_TRACK)
    response = officer_client.get(reverse("admin:deals_commitment_change", args=[commitment.pk]))
    assert "status" not in response.context["adminform"].form.fields
    act(officer_client, "commitment", "mark_done", [commitment])
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DONE and commitment.completed_on is not None


def test_an_officer_invites_a_partys_contact_and_accepts_their_figure(
    officer_client, django_capture_on_commit_callbacks
):
    party = PartyFactory(kind=Party.Kind.BUSINESS, contact_email="erin@employers.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        act(officer_client, "party", "invite_contact", [party])
    assert PartnerInvitation.objects.get().party == party
    assert mail.outbox[0].to == ["erin@employers.example.org"]

    target = TargetFactory(commitment=CommitmentFactory(deal=party.deal, party=party))
    update = TargetUpdate.objects.create(target=target, achieved=35, date=target.baseline_date)
    page = officer_client.get(reverse("admin:deals_targetupdate_changelist"), {"state__exact": "awaiting_check"})
    assert page.status_code == 200 and "Awaiting check" in page.content.decode()
    act(officer_client, "targetupdate", "accept", [update])
    target.refresh_from_db()
    assert target.achieved == 35


def test_the_rollups_page_in_admin(officer_client):
    assert officer_client.get(reverse("admin:deals_deal_rollups")).status_code == 200
    assert (
        reverse("admin:deals_deal_rollups")
        in officer_client.get(reverse("admin:deals_deal_changelist")).content.decode()
    )


@pytest.mark.parametrize("model", ["measure", "targetupdate", "partnerinvitation", "dealssettings"])
def test_an_officer_can_open_each_new_list(officer_client, model):
    assert officer_client.get(reverse(f"admin:deals_{model}_changelist")).status_code == 200
