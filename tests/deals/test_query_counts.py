"""The public deals list and a deal page do the same number of queries with 10 deals as with 1,000,
targets, businesses and roll-ups included."""

import datetime as dt

import pytest
from django.urls import reverse

from deals.models import Commitment, Deal, Party, Target
from tests.deals.factories import TODAY, MeasureFactory, principles
from tests.factories import PriorityFactory, WardFactory

pytestmark = pytest.mark.django_db


def make_deals(n: int) -> Deal:
    """`n` published deals, each with a business, a commitment with a target, a ward, a priority and a
    principle, made in bulk."""
    ward, priority, principle, measure = (
        WardFactory(),
        PriorityFactory(number=3),
        principles()["listen"],
        MeasureFactory(),
    )
    deals = Deal.objects.bulk_create(
        Deal(title=f"Deal {i:04d}", slug=f"deal-{i:04d}", shared_goal="Together", status="active", published=True)
        for i in range(n)
    )
    parties = Party.objects.bulk_create(
        Party(deal=deal, name=f"Business {i}", kind=Party.Kind.BUSINESS) for i, deal in enumerate(deals)
    )
    commitments = Commitment.objects.bulk_create(
        Commitment(deal=deal, party=party, description="Offer apprenticeships", due_date=TODAY)
        for deal, party in zip(deals, parties, strict=True)
    )
    Target.objects.bulk_create(
        Target(
            commitment=commitment,
            measure=measure,
            target_number=300,
            achieved=212,
            baseline_date=TODAY - dt.timedelta(days=100),
            target_date=TODAY + dt.timedelta(days=100),
        )
        for commitment in commitments
    )
    for through, field, value in (
        (Deal.wards.through, "ward", ward),
        (Deal.priorities.through, "priority", priority),
        (Deal.principles.through, "principle", principle),
    ):
        through.objects.bulk_create(through(deal=deal, **{field: value}) for deal in deals)
    return deals[0]


@pytest.mark.parametrize("n", [10, 1000])
def test_the_deals_list_does_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    make_deals(n)
    with django_assert_num_queries(LIST_QUERIES):
        page = client.get(reverse("deals:list")).content.decode()
    assert f"Deals with {n} local businesses" in page or f"Deals with {n:,} local businesses" in page
    assert "212 of 300" not in page  # the list shows counts; the figures are on each deal's page


@pytest.mark.parametrize("n", [10, 1000])
def test_a_deal_page_does_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    deal = make_deals(n)
    with django_assert_num_queries(DEAL_QUERIES):
        page = client.get(deal.get_absolute_url()).content.decode()
    assert "212 of 300 apprenticeships (71%)" in page


# Measured at 10 deals; the same at 1,000 is the point.
# Each also asks for the database snapshot's name (kbt/snapshot_cache.py) once for the page and once
# for the list's figures (none to name in a test's transaction, so they are worked out afresh).
LIST_QUERIES = 19  # deals, count, tags, commitments, targets; businesses 4; roll-ups 3; settings; snapshot 2
DEAL_QUERIES = 16  # 5 of them add up what its published grants achieved (grants.selectors.outcomes); snapshot
