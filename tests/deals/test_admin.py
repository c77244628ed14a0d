"""The officers' site for deals: the overdue filter, search, a deal's page with its parties,
commitments grouped by party and progress, and its history."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from deals.models import Commitment, Deal, Party, ProgressUpdate
from tests.deals.factories import CommitmentFactory, DealFactory, PartyFactory, deals_officer, full_deal

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:deals_deal_changelist")


def shown(response) -> set[str]:
    assert response.status_code == 200
    return {deal.title for deal in response.context["cl"].result_list}


@pytest.fixture
def officer_client(client):
    client.force_login(deals_officer())
    return client


def test_the_has_overdue_commitments_filter(officer_client):
    today = timezone.localdate()
    behind = DealFactory(title="Behind")
    CommitmentFactory(deal=behind, due_date=today - dt.timedelta(days=1))
    CommitmentFactory(deal=behind, due_date=today - dt.timedelta(days=2))
    on_time = DealFactory(title="On time")
    CommitmentFactory(deal=on_time, due_date=today)
    CommitmentFactory(deal=on_time, due_date=today - dt.timedelta(days=5), status=Commitment.Status.DONE)
    DealFactory(title="Empty")

    assert shown(officer_client.get(CHANGELIST, {"overdue": "yes"})) == {"Behind"}
    assert shown(officer_client.get(CHANGELIST, {"overdue": "no"})) == {"On time", "Empty"}
    assert shown(officer_client.get(CHANGELIST)) == {"Behind", "On time", "Empty"}
    page = officer_client.get(CHANGELIST).content.decode()
    assert "has overdue commitments" in page


def test_officers_search_deals_by_party_and_commitment(officer_client):
    deal = full_deal(title="Kirkby tidy streets")
    DealFactory(title="Youth mutual")
    assert shown(officer_client.get(CHANGELIST, {"q": "traders"})) == {"Kirkby tidy streets"}
    assert shown(officer_client.get(CHANGELIST, {"q": "sweep outside"})) == {"Kirkby tidy streets"}
    assert shown(officer_client.get(CHANGELIST, {"q": "mutual"})) == {"Youth mutual"}
    assert deal.pk


def test_the_status_and_ward_filters(officer_client):
    DealFactory(title="Lapsed one", status=Deal.Status.LAPSED)
    DealFactory(title="Live one")
    assert shown(officer_client.get(CHANGELIST, {"status__exact": "lapsed"})) == {"Lapsed one"}


def test_a_deals_page_groups_commitments_by_party_council_first(officer_client):
    deal = DealFactory()
    shop = PartyFactory(deal=deal, name="Aardvark Shop", kind=Party.Kind.BUSINESS)
    council = PartyFactory(deal=deal, name="Knowsley Council", kind=Party.Kind.COUNCIL)
    CommitmentFactory(deal=deal, party=None, description="Joint clean-up")
    CommitmentFactory(deal=deal, party=shop, description="Shop sweeps")
    CommitmentFactory(deal=deal, party=council, description="Council mends bins")
    PartyFactory(name="Someone else's party")

    response = officer_client.get(reverse("admin:deals_deal_change", args=[deal.pk]))
    assert response.status_code == 200
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.model is Commitment)
    assert [form.instance.description for form in formset.formset.forms if form.instance.pk] == [
        "Council mends bins",
        "Shop sweeps",
        "Joint clean-up",
    ]
    # Only this deal's parties can be chosen, or everyone together.
    choices = {label for _, label in formset.formset.forms[0].fields["party"].choices}
    assert choices == {"Everyone together", "Aardvark Shop", "Knowsley Council"}
    summary = response.content.decode()
    assert summary.index("Knowsley Council</strong>") < summary.index("Aardvark Shop</strong>")


def _inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_an_officer_adds_a_deal_with_a_party_and_the_history_shows_it(officer_client):
    data = {
        "title": "Dementia-friendly Knowsley",
        "slug": "dementia-friendly-knowsley",
        "shared_goal": "Live well with dementia",
        "description": "",
        "status": "agreed",
        "published": "on",
        **_inline_management("parties", 1),
        "parties-0-name": "Knowsley Council",
        "parties-0-kind": "council",
        "parties-0-contact_email": "care@knowsley.example",
        **_inline_management("commitments", 0),
        **_inline_management("government_asks", 0),
        **_inline_management("progress_updates", 1),
        "progress_updates-0-date": "2026-11-01",
        "progress_updates-0-text": "First meeting held",
    }
    response = officer_client.post(reverse("admin:deals_deal_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    deal = Deal.objects.get(slug="dementia-friendly-knowsley")
    assert deal.parties.get().contact_email == "care@knowsley.example"
    update = ProgressUpdate.objects.get(deal=deal)
    assert update.author == response.wsgi_request.user

    history = officer_client.get(reverse("admin:deals_deal_history", args=[deal.pk]))
    assert history.status_code == 200
    assert deal.history.get().history_user == response.wsgi_request.user


def test_the_commitments_list_shows_what_is_overdue(officer_client):
    today = timezone.localdate()
    CommitmentFactory(description="Late one", due_date=today - dt.timedelta(days=1))
    CommitmentFactory(description="Soon one", due_date=today + dt.timedelta(days=10))
    CommitmentFactory(description="Far one", due_date=today + dt.timedelta(days=60))
    url = reverse("admin:deals_commitment_changelist")

    def listed(query):
        response = officer_client.get(url, query)
        assert response.status_code == 200
        return {c.description for c in response.context["cl"].result_list}

    assert listed({"overdue": "yes"}) == {"Late one"}
    assert listed({"overdue": "soon"}) == {"Soon one"}


@pytest.mark.parametrize("model", ["deal", "party", "commitment", "progressupdate", "principle"])
def test_an_officer_can_list_and_search_each_deals_model(officer_client, model):
    full_deal()
    url = reverse(f"admin:deals_{model}_changelist")
    assert officer_client.get(url).status_code == 200
    assert officer_client.get(url, {"q": "Knowsley"}).status_code == 200


def test_a_commitment_added_on_a_partys_page_belongs_to_its_deal_and_takes_its_contact(officer_client):
    party = PartyFactory(name="Kirkby traders", contact_name="Tom", contact_email="tom@example.org")
    data = {
        "name": party.name,
        "kind": party.kind,
        "contact_name": party.contact_name,
        "contact_email": party.contact_email,
        **_inline_management("commitments", 1),
        "commitments-0-description": "Pay for planters",
        "commitments-0-due_date": "2027-01-31",
        "commitments-0-status": "not_started",
    }
    response = officer_client.post(reverse("admin:deals_party_change", args=[party.pk]), data)
    assert response.status_code == 302
    commitment = Commitment.objects.get(description="Pay for planters")
    assert commitment.deal == party.deal and commitment.party == party
    assert commitment.contact_email == "tom@example.org"


def test_the_deal_page_refuses_a_commitment_for_another_deals_party(officer_client):
    deal = DealFactory(title="Ours", slug="ours")
    stranger = PartyFactory(name="Not in this deal")
    data = {
        "title": deal.title,
        "slug": deal.slug,
        "shared_goal": deal.shared_goal,
        "status": deal.status,
        "published": "on",
        **_inline_management("parties", 0),
        **_inline_management("commitments", 1),
        "commitments-0-party": str(stranger.pk),
        "commitments-0-description": "Sneaky",
        "commitments-0-status": "not_started",
        **_inline_management("government_asks", 0),
        **_inline_management("progress_updates", 0),
    }
    response = officer_client.post(reverse("admin:deals_deal_change", args=[deal.pk]), data)
    assert response.status_code == 200  # the page again, with the error
    assert "Select a valid choice" in response.content.decode()
    assert not Commitment.objects.filter(description="Sneaky").exists()
