"""The public's deal pages: the list and its filters, a deal's page in three parts, the printable
version, 404 for unpublished deals, and a fixed number of queries whatever the data size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deals.models import Commitment, Party
from tests.deals.factories import (
    CommitmentFactory,
    DealFactory,
    PartyFactory,
    ProgressUpdateFactory,
    full_deal,
    principles,
)
from tests.factories import PriorityFactory, WardFactory

pytestmark = pytest.mark.django_db

LIST = reverse("deals:list")


def text_of(response):
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_published_deals_only(client):
    DealFactory(title="Kirkby tidy streets", shared_goal="A clean town centre")
    DealFactory(title="Secret plan", published=False)
    page = text_of(client.get(LIST))
    assert "Kirkby tidy streets" in page and "A clean town centre" in page
    assert "Secret plan" not in page
    assert "1 deal<" in page


def test_the_list_filters_by_priority_principle_and_ward(client):
    roby = WardFactory(name="Roby", slug="roby")
    care = PriorityFactory(number=2, name="Adult social care")
    prevention = principles()["prevention"]
    dementia = DealFactory(title="Dementia-friendly Knowsley")
    dementia.wards.add(roby)
    dementia.priorities.add(care)
    dementia.principles.add(prevention)
    DealFactory(title="Youth mutual")

    for query in ({"ward": "roby"}, {"priority": 2}, {"principle": "prevention"}, {"ward": "roby", "priority": 2}):
        page = text_of(client.get(LIST, query))
        assert "Dementia-friendly Knowsley" in page and "Youth mutual" not in page, query
    page = text_of(client.get(LIST))
    assert "Dementia-friendly Knowsley" in page and "Youth mutual" in page
    # The chosen filter stays chosen, and the form sends no CSRF token into the address.
    page = text_of(client.get(LIST, {"ward": "roby"}))
    assert '<option value="roby" selected>' in page
    assert "csrfmiddlewaretoken" not in page


def test_a_filter_with_no_matches_says_so(client):
    WardFactory(name="Park", slug="park")
    DealFactory(title="Youth mutual")
    page = text_of(client.get(LIST, {"ward": "park"}))
    assert "0 deals" in page and "No published deals match these filters" in page


def test_a_made_up_filter_value_is_explained_and_the_other_filters_still_apply(client):
    WardFactory(name="Roby", slug="roby")
    DealFactory(title="Youth mutual")
    page = text_of(client.get(LIST, {"ward": "atlantis"}))
    assert "There is a problem" in page and "Choose a ward from the list" in page
    assert "<title>Error: Deals" in page
    assert "Youth mutual" in page


def test_the_list_is_paged(client):
    for n in range(23):
        DealFactory(title=f"Deal {n:02d}")
    first = text_of(client.get(LIST))
    assert "Deal 19" in first and "Deal 20" not in first and "Page 2 of 2" in first
    second = text_of(client.get(LIST, {"page": 2}))
    assert "Deal 22" in second and "Deal 00" not in second and "(page 2 of 2)" in second


def test_a_deal_page_has_the_three_parts_with_statuses_and_latest_progress(client):
    deal = full_deal(title="Kirkby tidy streets")
    bins = deal.commitments.get(description="Mend the bins")
    bins.due_date = timezone.localdate() - dt.timedelta(days=3)
    bins.save()
    ProgressUpdateFactory(deal=deal, text="Older news", date=timezone.localdate() - dt.timedelta(days=9))
    ProgressUpdateFactory(deal=deal, text="New bins are on order", commitment=bins, date=timezone.localdate())

    page = text_of(client.get(deal.get_absolute_url()))
    council = page.index("The council will…")
    partners = page.index("Partners will…")
    together = page.index("Together we will…")
    assert council < page.index("Mend the bins") < partners
    assert partners < page.index("Kirkby traders") < page.index("Sweep outside the shops") < together
    assert together < page.index("Clear the land by the bus station")
    assert "Overdue" in page[council:partners] and "Overdue" not in page[partners:]
    assert "On track" in page
    assert "Latest progress" in page and "New bins are on order" in page
    assert "Older news" not in page  # only the latest on the page; the printable version has them all
    assert "@example.org" not in page  # parties' contacts are for officers and reminders only
    assert f'href="{reverse("deals:print", args=[deal.slug])}"' in page


def test_the_printable_version_has_every_part_and_all_progress(client):
    deal = full_deal(title="Kirkby tidy streets")
    ProgressUpdateFactory(deal=deal, text="Older news")
    ProgressUpdateFactory(deal=deal, text="Newer news", date=timezone.localdate())
    page = text_of(client.get(reverse("deals:print", args=[deal.slug])))
    assert "Kirkby tidy streets (printable version)" in page
    for text in ("The council will…", "Partners will…", "Together we will…", "Older news", "Newer news"):
        assert text in page
    assert f"http://testserver{deal.get_absolute_url()}" in page


@pytest.mark.parametrize("name", ["deals:detail", "deals:print"])
def test_an_unpublished_or_unknown_deal_is_not_found(client, name):
    hidden = full_deal(published=False)
    assert client.get(reverse(name, args=[hidden.slug])).status_code == 404
    assert client.get(reverse(name, args=["no-such-deal"])).status_code == 404


def test_a_deal_with_no_council_commitments_says_so(client):
    deal = DealFactory()
    CommitmentFactory(deal=deal, party=PartyFactory(deal=deal, kind=Party.Kind.SCHOOL, name="Halewood Academy"))
    page = text_of(client.get(deal.get_absolute_url()))
    assert "The council has no commitments in this deal yet." in page
    assert "Halewood Academy" in page and "School or college" in page
    assert deal.shared_goal in page.split("Together we will…")[1]


def _many_deals(n):
    ward, priority, principle = WardFactory(), PriorityFactory(number=3), principles()["listen"]
    for _ in range(n):
        deal = full_deal()
        deal.wards.add(ward, WardFactory())
        deal.priorities.add(priority)
        deal.principles.add(principle)
        ProgressUpdateFactory(deal=deal)


def test_the_list_does_a_fixed_number_of_queries(client):
    _many_deals(1)
    with CaptureQueriesContext(connection) as few:
        text_of(client.get(LIST))
    _many_deals(15)
    with CaptureQueriesContext(connection) as many:
        page = text_of(client.get(LIST))
    assert page.count('class="govuk-heading-s govuk-!-margin-bottom-2"') == 16
    assert len(many) == len(few)


def test_a_deal_page_does_a_fixed_number_of_queries(client):
    deal = full_deal()
    with CaptureQueriesContext(connection) as few:
        text_of(client.get(deal.get_absolute_url()))
    for n in range(12):
        party = PartyFactory(deal=deal, name=f"Partner {n}")
        for status in Commitment.Status:
            commitment = CommitmentFactory(deal=deal, party=party, status=status if status != "done" else "on_track")
            ProgressUpdateFactory(deal=deal, commitment=commitment)
        CommitmentFactory(deal=deal)
        deal.wards.add(WardFactory())
    with CaptureQueriesContext(connection) as many:
        page = text_of(client.get(deal.get_absolute_url()))
    assert "Partner 11" in page
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as printed:
        text_of(client.get(reverse("deals:print", args=[deal.slug])))
    assert len(printed) == len(few) - 1  # the page but for the snapshot's name: printing is not cached
