"""The public register, a grant's page, a ward's page, the map and the charts (issue 15)."""

import re

import pytest
from django.urls import reverse

from grants.models import Status
from grants.services.publication import grant_withhold
from tests.factories import application_at, officer

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
