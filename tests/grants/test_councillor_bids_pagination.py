"""A busy ward's bids page: the bids waiting for a decision at the top (oldest first), the decided ones
below (newest first), each list a page at a time, in a fixed number of queries whatever the page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.models import Application, Status
from grants.views.councillor import DECIDED_PER_PAGE, WAITING_PER_PAGE
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db
BIDS = reverse("grants:councillor_bids")


@pytest.fixture
def busy_ward():
    ward = Ward(pot="900000.00")
    waiting = [ward.bid(title=f"Waiting {n}", amount="600.00") for n in range(2)]
    decided = [
        ward.bid(Status.APPROVED, title=f"Decided {n:02d}", amount="600.00") for n in range(DECIDED_PER_PAGE + 3)
    ]
    # Decided a day apart, the last made the newest.
    for n, bid in enumerate(decided):
        Application.objects.filter(pk=bid.pk).update(decided_at=timezone.now() - dt.timedelta(days=100 - n))
    return ward, waiting, decided


def get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_waiting_bids_stay_on_top_and_decided_ones_come_a_page_at_a_time(client, busy_ward):
    ward, waiting, decided = busy_ward
    client.force_login(ward.councillors[0])
    first, first_queries = get(client, BIDS)
    assert all(bid.title in first for bid in waiting)
    assert first.index("Waiting 0") < first.index("Decided")
    newest, oldest = decided[-1], decided[0]
    assert newest.title in first and oldest.title not in first
    assert sum(bid.title in first for bid in decided) == DECIDED_PER_PAGE
    assert 'aria-label="Pages of decided bids"' in first and 'href="?page=2#decided"' in first
    assert f"Showing 1 to {DECIDED_PER_PAGE} of {len(decided)} decided bids" in first

    second, second_queries = get(client, BIDS + "?page=2")
    assert all(bid.title in second for bid in waiting)  # still at the top of every page
    assert oldest.title in second and newest.title not in second
    assert second_queries == first_queries


@pytest.mark.parametrize("page", ["99", "nonsense", "-1"])
def test_a_page_that_does_not_exist_shows_the_nearest_one_not_an_error(client, busy_ward, page):
    ward, _, decided = busy_ward
    client.force_login(ward.councillors[0])
    body, _ = get(client, f"{BIDS}?page={page}")
    assert decided[0].title in body or decided[-1].title in body


def test_waiting_bids_come_a_page_at_a_time_too_oldest_first_each_list_keeping_the_others_page(client):
    ward = Ward(pot="900000.00")
    waiting = [ward.bid(title=f"Waiting {n:02d}", amount="600.00") for n in range(WAITING_PER_PAGE + 2)]
    for n, bid in enumerate(waiting):  # sent a day apart, the first the oldest
        Application.objects.filter(pk=bid.pk).update(submitted_at=timezone.now() - dt.timedelta(days=100 - n))
    decided = [
        ward.bid(Status.APPROVED, title=f"Decided {n:02d}", amount="600.00") for n in range(DECIDED_PER_PAGE + 1)
    ]
    client.force_login(ward.councillors[0])

    first, first_queries = get(client, BIDS)
    assert sum(bid.title in first for bid in waiting) == WAITING_PER_PAGE
    assert waiting[0].title in first and waiting[-1].title not in first
    assert f"Showing 1 to {WAITING_PER_PAGE} of {len(waiting)} bids waiting for a decision, oldest first" in first
    assert 'aria-label="Pages of bids waiting for a decision"' in first and 'href="?waiting=2#waiting"' in first
    assert 'href="?page=2#decided"' in first

    second, second_queries = get(client, BIDS + "?waiting=2")
    assert waiting[-1].title in second and waiting[0].title not in second
    assert f"Showing {WAITING_PER_PAGE + 1} to {len(waiting)} of {len(waiting)} bids waiting" in second
    assert 'href="?waiting=2&amp;page=2#decided"' in second  # the decided list keeps the waiting list's page
    assert sum(bid.title in second for bid in decided) == DECIDED_PER_PAGE
    assert second_queries == first_queries

    both, _ = get(client, BIDS + "?waiting=2&page=2")
    assert 'href="?page=2&amp;waiting=1#waiting"' in both and decided[0].title in both
