"""The deals list and a deal's page come from the cache until something they show changes: a write
through each path (the officers' site, the services, the partners' figures, grants published or
withheld, reports accepted, a ward or an organisation renamed) shows on the very next view."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deals import services
from deals.models import Commitment, Party
from grants.demo_reports import fill_report
from grants.models import Status
from grants.services import reports
from grants.services.publication import grant_unwithhold, grant_withhold
from tests.deals.factories import DealFactory, PartyFactory, TargetFactory, deals_officer, full_deal
from tests.deals.test_admin import _inline_management
from tests.factories import WardFactory, application_at

pytestmark = pytest.mark.django_db
LIST = reverse("deals:list")


def view(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def cached(client, url) -> str:
    """The page, viewed twice: the second view comes from the cache (no query but the floor's)."""
    first, first_queries = view(client, url)
    again, again_queries = view(client, url)
    assert again == first and again_queries < first_queries
    assert again_queries <= 1, again_queries
    return again


@pytest.fixture
def officer_client():
    officer = Client()
    officer.force_login(deals_officer())
    return officer


def test_each_page_and_each_filter_is_kept_apart(client):
    roby = WardFactory(name="Roby", slug="roby")
    DealFactory(title="Roby gardens").wards.add(roby)
    DealFactory(title="Kirkby streets")
    everything = cached(client, LIST)
    in_roby = cached(client, LIST + "?ward=roby")
    assert "Kirkby streets" in everything and "Kirkby streets" not in in_roby
    assert "Roby gardens" in in_roby
    unknown = cached(client, LIST + "?ward=nowhere")
    assert "Choose a ward from the list" in unknown and "<title>Error: " in unknown


def test_a_deal_renamed_in_the_officers_site_shows_on_the_list_and_its_page(client, officer_client):
    deal = DealFactory(title="Dementia friendly Knowsley", shared_goal="Live well with dementia")
    assert "Dementia friendly Knowsley" in cached(client, LIST)
    cached(client, deal.get_absolute_url())
    data = {
        "title": "Dementia-friendly Knowsley",
        "slug": deal.slug,
        "shared_goal": deal.shared_goal,
        "description": "",
        "status": deal.status,
        **_inline_management("parties", 0),
        **_inline_management("commitments", 0),
        **_inline_management("government_asks", 0),
        **_inline_management("progress_updates", 0),
    }
    response = officer_client.post(reverse("admin:deals_deal_change", args=[deal.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert "Dementia-friendly Knowsley" in view(client, LIST)[0]
    assert "Dementia-friendly Knowsley" in view(client, deal.get_absolute_url())[0]


def test_a_commitment_added_inline_in_the_officers_site_shows_on_the_deal(client, officer_client):
    party = PartyFactory(name="Kirkby traders", contact_name="Tom", contact_email="tom@example.org")
    url = party.deal.get_absolute_url()
    assert "Pay for planters" not in cached(client, url)
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
    assert officer_client.post(reverse("admin:deals_party_change", args=[party.pk]), data).status_code == 302
    assert "Pay for planters" in view(client, url)[0]


def test_a_deal_unpublished_and_a_commitment_completed_through_the_services(client):
    deal = full_deal(title="Tidy Kirkby")
    other = full_deal(title="Green Halewood")
    assert "0 of 3 commitments achieved" in cached(client, LIST)
    services.commitment_complete(commitment=Commitment.objects.filter(deal=deal).first(), actor=deals_officer())
    assert "1 of 3 commitments achieved" in view(client, LIST)[0]
    assert "Achieved" in view(client, deal.get_absolute_url())[0]
    cached(client, other.get_absolute_url())
    services.deal_unpublish(deal=other)
    assert "Green Halewood" not in view(client, LIST)[0]
    assert client.get(other.get_absolute_url()).status_code == 404


def test_a_partners_figure_shows_once_an_officer_accepts_it(client):
    target = TargetFactory(commitment__deal=DealFactory(), target_number=300)
    url = target.commitment.deal.get_absolute_url()
    assert "0 of 300 apprenticeships" in cached(client, url)
    officer = deals_officer()
    services.target_update_record(target=target, achieved=150, actor=officer)
    assert "150 of 300 apprenticeships" in view(client, url)[0]


def test_a_ward_renamed_shows_on_the_list_and_the_deal(client):
    ward = WardFactory(name="Roby", slug="roby")
    deal = DealFactory(title="Roby gardens")
    deal.wards.add(ward)
    assert "Roby" in cached(client, LIST) and "Roby" in cached(client, deal.get_absolute_url())
    ward.name = "Roby and Huyton"
    ward.save()
    assert "Roby and Huyton" in view(client, LIST)[0]
    assert "Roby and Huyton" in view(client, deal.get_absolute_url())[0]


def test_a_grant_withheld_and_published_again_shows_on_the_deal(client):
    deal = full_deal()
    grant = application_at(Status.GRANT_ACTIVE)
    deal.applications.add(grant)
    link = f'href="/grants/{grant.reference}/"'
    assert link in cached(client, deal.get_absolute_url())
    grant_withhold(grant, reason="A refuge", actor=grant.cast.officer)
    assert link not in cached(client, deal.get_absolute_url())
    grant_unwithhold(grant, actor=grant.cast.officer)
    assert link in view(client, deal.get_absolute_url())[0]


def test_a_grant_named_once_its_offer_is_accepted_and_renamed_with_its_organisation(client):
    deal = full_deal()
    grant = application_at(Status.GRANT_ACTIVE)
    deal.applications.add(grant)
    page = cached(client, deal.get_absolute_url())
    assert grant.organisation.name in page
    grant.organisation.name = "Halewood Allotment Society"
    grant.organisation.save()
    assert "Halewood Allotment Society" in view(client, deal.get_absolute_url())[0]


def test_a_report_accepted_shows_what_the_grant_achieved(client):
    deal = full_deal()
    grant = application_at(Status.GRANT_ACTIVE)
    deal.applications.add(grant)
    report = reports.make_schedule(grant, actor=grant.cast.officer)[0]
    fill_report(report, grant.applicant)
    reports.report_send(report=report, actor=grant.applicant)
    assert 'id="deal-grant-outcomes"' not in cached(client, deal.get_absolute_url())
    reports.report_accept(report=report, actor=grant.cast.officer)
    assert 'id="deal-grant-outcomes"' in view(client, deal.get_absolute_url())[0]


def test_a_new_version_follows_the_commit(client, django_capture_on_commit_callbacks):
    """A view between a write and its commit would cache the old page: the commit replaces the version
    again, so the next view after the commit works the page out afresh."""
    deal = full_deal(title="Tidy Kirkby")
    cached(client, LIST)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        party = Party.objects.create(deal=deal, name="Knowsley Bakery", kind=Party.Kind.BUSINESS)
        Commitment.objects.create(deal=deal, party=party, description="Bake for the fair")
    cached(client, LIST)  # as a view in another worker would, before the commit
    for callback in callbacks:
        callback()
    assert "Bake for the fair" in view(client, deal.get_absolute_url())[0]
    _, queries = view(client, LIST)
    assert queries > 1  # worked out again after the commit
