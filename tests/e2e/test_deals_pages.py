"""The public's deal journey: the list, a filter, a deal's page in three parts and its printable
version, each checked with axe-core."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from deals.models import Party
from tests.deals.factories import CommitmentFactory, DealFactory, PartyFactory, ProgressUpdateFactory, principles
from tests.e2e.conftest import assert_accessible
from tests.factories import PriorityFactory, WardFactory

pytestmark = pytest.mark.django_db(transaction=True)


def make_deals():
    today = timezone.localdate()
    kirkby = WardFactory(name="Kirkby Central", slug="kirkby-central")
    tidy = DealFactory(title="Kirkby tidy streets", slug="kirkby-tidy-streets", shared_goal="A clean town centre")
    tidy.wards.add(kirkby)
    tidy.priorities.add(PriorityFactory(number=4, name="Creating a sustainable borough"))
    tidy.principles.add(principles()["prevention"])
    council = PartyFactory(deal=tidy, name="Knowsley Council", kind=Party.Kind.COUNCIL)
    traders = PartyFactory(deal=tidy, name="Kirkby town centre traders", kind=Party.Kind.BUSINESS)
    bins = CommitmentFactory(deal=tidy, party=council, description="Mend the bins", due_date=today - dt.timedelta(3))
    CommitmentFactory(deal=tidy, party=traders, description="Sweep outside the shops", due_date=None)
    CommitmentFactory(deal=tidy, description="Clear the land by the bus station", status="done", completed_on=today)
    ProgressUpdateFactory(deal=tidy, commitment=bins, text="New bins are on order", date=today)
    DealFactory(title="Knowsley youth mutual", shared_goal="Youth services owned by their staff and young people")
    return tidy


def test_the_public_finds_a_deal_reads_it_and_prints_it(page):
    make_deals()
    page.goto("/deals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deals")
    expect(page.get_by_role("heading", name="2 deals")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Ward").select_option(label="Kirkby Central")
    page.get_by_role("button", name="Show deals").click()
    expect(page.get_by_role("heading", name="1 deal", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Knowsley youth mutual")).to_have_count(0)
    assert "ward=kirkby-central" in page.url
    assert_accessible(page)

    page.get_by_role("link", name="Kirkby tidy streets").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirkby tidy streets")
    for heading in ("The council will…", "Partners will…", "Together we will…"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("Overdue")).to_be_visible()
    expect(page.get_by_text("New bins are on order").first).to_be_visible()
    assert page.title() == "Kirkby tidy streets – Knowsley Better Together"
    assert_accessible(page)

    page.get_by_role("link", name="Printable version of this deal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirkby tidy streets")
    expect(page.get_by_role("heading", name="Progress")).to_be_visible()
    assert_accessible(page)


def test_an_unpublished_deal_is_not_found(page):
    DealFactory(title="Secret plan", slug="secret-plan", published=False)
    response = page.goto("/deals/secret-plan/")
    assert response.status == 404
