"""The register's pages do a fixed number of queries whatever the number of grants (issue 15)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PriorityFactory, WardFactory

from .factories import many_published, published_grant

pytestmark = pytest.mark.django_db

# Each page's parts kept under the database's snapshot (templatetags/public_cache.py) ask for the
# snapshot's name first: one query a part (the list and the title's page count are two parts).
PAGES = {
    "register": (lambda grant: reverse("grants:register"), 11),
    "register filtered": (
        lambda grant: reverse("grants:register") + f"?ward={grant.ward.slug}&priority=1&status=active&q=bulk&year=2026",
        14,  # and the ward and priority chosen, and the groups matching the search
    ),
    "ward": (lambda grant: reverse("grants:ward", args=[grant.ward.slug]), 10),
    "grant": (lambda grant: reverse("grants:grant", args=[grant.reference]), 11),  # with what it achieved
    "map": (lambda grant: reverse("grants:ward_map"), 7),
    "charts": (lambda grant: reverse("grants:charts"), 10),
}


def queries_for(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_the_same_queries_at_10_and_1000_grants(client, page):
    address, most = PAGES[page]
    grant = published_grant()
    wards = [grant.ward, *(WardFactory() for _ in range(4))]
    priority = PriorityFactory(number=1)
    small = many_published(9, like=grant, wards=wards)
    for bulk in small:
        bulk.priorities.add(priority)
    at_10 = queries_for(client, address(grant))
    big = many_published(990, like=grant, wards=wards)
    priority.applications.add(*big[:500])
    at_1000 = queries_for(client, address(grant))
    assert at_10 == at_1000
    assert at_1000 <= most
