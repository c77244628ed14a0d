"""The public register, a grant's page, a ward's page, the map and the charts (issue 15)."""

import re

import pytest
from django.urls import reverse

from grants.models import Status
from grants.services.publication import grant_withhold
from tests.factories import OrganisationFactory, application_at, officer

from .factories import published_grant

pytestmark = pytest.mark.django_db


def test_the_register_lists_published_grants_with_totals_for_anyone(client):
    grant = published_grant(title="Wildflower verges", public_summary="Verges sown with wildflowers.")
    response = client.get(reverse("grants:register"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wildflower verges" in html
    assert grant.organisation.name in html
    assert re.search(r'id="total-count">1<', html)


def test_the_grant_page_shows_what_is_public(client):
    grant = published_grant(title="Wildflower verges", public_summary="Verges sown with wildflowers.")
    response = client.get(reverse("grants:grant", args=[grant.reference]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Verges sown with wildflowers." in html
    assert 'id="grant-paid">£0<' in html


def test_a_withheld_or_unaccepted_grant_has_no_page(client):
    grant = published_grant()
    approved = application_at(Status.APPROVED)
    grant_withhold(grant, reason="Refuge", actor=officer())
    assert client.get(reverse("grants:grant", args=[grant.reference])).status_code == 404
    assert client.get(reverse("grants:grant", args=[approved.reference])).status_code == 404


def test_ward_map_and_charts_pages(client):
    published_grant()
    for name in ("grants:ward_map", "grants:charts"):
        assert client.get(reverse(name)).status_code == 200


def titles(response) -> list[str]:
    return re.findall(r'href="/grants/KBT-[^"]+">([^<]+)</a>', response.content.decode())


def test_filters_search_and_totals(client):
    from tests.factories import PriorityFactory, priorities_strand

    env = published_grant(title="Wildflower verges")
    pri = published_grant(title="Homework club", strand=priorities_strand())
    pri.priorities.set([PriorityFactory(number=3)])
    register = reverse("grants:register")
    assert set(titles(client.get(register))) == {"Wildflower verges", "Homework club"}
    assert titles(client.get(register + f"?strand={pri.strand.slug}")) == ["Homework club"]
    assert titles(client.get(register + f"?ward={env.ward.slug}")) == ["Wildflower verges"]
    assert titles(client.get(register + "?priority=3")) == ["Homework club"]
    assert titles(client.get(register + "?q=HOMEWORK")) == ["Homework club"]
    assert titles(client.get(register + f"?q={env.organisation.name.split()[-1]}")) == ["Wildflower verges"]
    assert titles(client.get(register + "?status=completed")) == []
    html = client.get(register + f"?strand={pri.strand.slug}").content.decode()
    assert re.search(r'id="total-count">1<', html)
    assert f'id="total-awarded">£{pri.amount_awarded:,.0f}<' in html


def test_a_bad_filter_is_an_error_on_the_page_not_a_failure(client):
    published_grant(title="Wildflower verges")
    response = client.get(reverse("grants:register") + "?ward=atlantis&year=abc&status=lost&page=999")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a ward from the list" in html and "Error: " in html
    assert "Wildflower verges" in html  # the valid part of the filter still shows grants


def test_pages_of_twenty(client):
    from .factories import many_published

    grant = published_grant()
    many_published(25, like=grant)
    first = client.get(reverse("grants:register"))
    assert len(titles(first)) == 20 and "Page 2 of 2" in first.content.decode()
    assert len(titles(client.get(reverse("grants:register") + "?page=2"))) == 6


def test_ward_page_shows_its_pot_and_grants(client):
    from grants.models import WardPot

    grant = published_grant(title="Wildflower verges")
    WardPot.objects.create(strand=grant.strand, ward=grant.ward, budget="14000.00")
    response = client.get(reverse("grants:ward", args=[grant.ward.slug]))
    html = response.content.decode()
    assert "£14,000" in html and titles(response) == ["Wildflower verges"]
    assert client.get(reverse("grants:ward", args=["nowhere"])).status_code == 404


def test_the_map_draws_each_ward_with_a_link_and_keeps_the_attribution(client):
    from grants.models import Ward
    from grants.wards import ward_codes

    for name, code in ward_codes().items():
        Ward.objects.get_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-"), "code": code})
    roby = Ward.objects.get(name="Roby")
    published_grant(ward=roby, organisation=OrganisationFactory(ward=roby))
    html = client.get(reverse("grants:ward_map")).content.decode()
    assert html.count("<path d=") == 21
    assert 'href="/grants/wards/roby/" aria-label="Roby: £5,000 awarded"' in html
    assert "Contains Ordnance Survey" in html and "Crown copyright and database right 2016" in html
    assert 'id="ward-table"' in html


def test_the_grant_page_names_the_published_deals_it_belongs_to(client):
    from tests.deals.factories import DealFactory

    grant = published_grant()
    DealFactory(title="Kirkby tidy streets", slug="kirkby-tidy-streets").applications.add(grant)
    DealFactory(title="A draft deal", published=False).applications.add(grant)
    html = client.get(reverse("grants:grant", args=[grant.reference])).content.decode()
    assert 'href="/deals/kirkby-tidy-streets/">Kirkby tidy streets</a>' in html
    assert "A draft deal" not in html


def test_grant_page_path_is_the_public_page():
    from grants.selectors.published import grant_page_path

    grant = published_grant()
    assert grant_page_path(grant) == f"/grants/{grant.reference}/"
