"""Paid so far (issue 15): the sum of a grant's ledger entries of kind "paid", on every page and chart."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.selectors.figures import fund_charts, ward_figures
from grants.selectors.published import paid_total, published_grants, with_paid
from grants.selectors.register import register_totals
from grants.services.publication import grant_withhold
from tests.factories import officer
from tests.grants.payment_factories import pay_part

from .factories import published_grant

pytestmark = pytest.mark.django_db


def test_paid_is_summed_from_paid_entries_only_and_shown_everywhere(client):
    grant = published_grant(title="Wildflower verges")
    other = published_grant(title="Bulb planting")
    unpublished = published_grant(title="Refuge garden")
    grant_withhold(unpublished, reason="A refuge", actor=officer())
    pay_part(grant, "1000.00")
    pay_part(grant, "250.50")
    pay_part(unpublished, "99.00")

    assert with_paid(published_grants()).get(pk=grant.pk).paid == Decimal("1250.50")
    assert with_paid(published_grants()).get(pk=other.pk).paid == Decimal("0.00")
    assert paid_total(published_grants()) == Decimal("1250.50")
    assert register_totals(published_grants()).paid == Decimal("1250.50")
    by_ward = {row.ward.pk: row.paid for row in ward_figures()}
    assert by_ward[grant.ward_id] == Decimal("1250.50")

    charts = {table.key: table for table in fund_charts()}
    assert sum(row.values[1] for row in charts["strand"].rows) == Decimal("1250.50")
    assert sum(row.values[1] for row in charts["year"].rows) == Decimal("1250.50")
    # Committed, paid and remaining counts every payment, published or not.
    assert sum(row.values[1] for row in charts["budget"].rows) == Decimal("1349.50")

    html = client.get(reverse("grants:grant", args=[grant.reference])).content.decode()
    assert 'id="grant-paid">£1,250.50<' in html
    html = client.get(reverse("grants:register")).content.decode()
    assert 'id="total-paid">£1,250.50<' in html
    html = client.get(reverse("grants:charts")).content.decode()
    assert "Paid £1,250.50" in html
