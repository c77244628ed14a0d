"""The deals list keeps its fund-wide figures in the cache, and any change to a deal refreshes them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deals.models import Party
from tests.deals.test_query_counts import make_deals

pytestmark = pytest.mark.django_db
LIST = reverse("deals:list")


def view(client):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(LIST).content.decode()
    return page, len(queries)


def test_the_figures_come_from_the_cache_until_a_deal_changes(client, django_capture_on_commit_callbacks):
    deal = make_deals(3)
    first, first_queries = view(client)
    assert "Deals with 3 local businesses" in first
    again, again_queries = view(client)
    assert again_queries < first_queries  # the figures' queries are not run again
    assert "Deals with 3 local businesses" in again
    with django_capture_on_commit_callbacks(execute=True):
        Party.objects.create(deal=deal, name="Knowsley Bakery", kind=Party.Kind.BUSINESS)
    after, after_queries = view(client)
    assert "Deals with 4 local businesses" in after
    assert after_queries == first_queries
