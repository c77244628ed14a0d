"""The public's register journey (issue 15): the awarded grants, a filter and a search, a grant's page,
a ward's page, the map and the charts, each checked with axe-core; and the officers' index with the charts."""

import pytest
from playwright.sync_api import expect

from grants.models import Ward, WardPot
from grants.wards import ward_codes
from tests.e2e.conftest import assert_accessible
from tests.factories import OrganisationFactory, PriorityFactory, priorities_strand
from tests.register.factories import published_grant

pytestmark = pytest.mark.django_db(transaction=True)


def make_grants():
    wards = {
        name: Ward.objects.get_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-"), "code": code})[0]
        for name, code in ward_codes().items()
    }
    roby = wards["Roby"]
    verges = published_grant(
        title="Wildflower verges",
        public_summary="Verges sown with wildflowers along the main road.",
        organisation=OrganisationFactory(name="Roby in Bloom", ward=roby),
        ward=roby,
    )
    WardPot.objects.create(strand=verges.strand, ward=roby, budget="14000.00")
    homework = published_grant(
        title="Homework club",
        strand=priorities_strand(),
        organisation=OrganisationFactory(name="Page Moss Learners", ward=wards["Page Moss"], charity_number="1104567"),
    )
    homework.priorities.set([PriorityFactory(number=3, name="Education in Knowsley")])
    return verges, homework


def test_the_public_finds_a_grant_its_ward_the_map_and_the_charts(page):
    verges, homework = make_grants()
    page.goto("/grants/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Awarded grants")
    expect(page.locator("#total-count")).to_have_text("2")
    assert_accessible(page)

    page.get_by_label("Ward", exact=True).select_option(label="Roby")
    page.get_by_role("button", name="Show grants").click()
    expect(page.locator("#total-count")).to_have_text("1")
    expect(page.get_by_role("link", name="Homework club")).to_have_count(0)
    assert_accessible(page)

    page.goto("/grants/?q=learners")
    expect(page.get_by_role("link", name="Homework club")).to_be_visible()
    page.get_by_role("link", name="Homework club").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Homework club")
    expect(page.get_by_text("Registered charity number 1104567")).to_be_visible()
    expect(page.get_by_text("Education in Knowsley")).to_be_visible()
    assert page.title() == "Homework club – Knowsley Better Together"
    assert_accessible(page)

    page.goto(f"/grants/{verges.reference}/")
    expect(page.get_by_text("Verges sown with wildflowers along the main road.")).to_be_visible()
    page.get_by_role("link", name="Roby").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Roby")
    expect(page.locator("#ward-pot")).to_contain_text("£14,000")
    assert_accessible(page)

    page.get_by_role("link", name="See the map of all wards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grants by ward")
    expect(page.locator(".kbt-map__svg a")).to_have_count(21)
    expect(page.get_by_text("Contains Ordnance Survey", exact=False)).to_be_visible()
    assert_accessible(page)
    # Each ward on the map is a link to its page.
    page.locator('.kbt-map__svg a[href="/grants/wards/roby/"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Roby")

    page.goto("/grants/charts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Where the money goes")
    expect(page.locator("svg.kbt-chart")).to_have_count(5)
    expect(page.get_by_role("table")).to_have_count(5)
    assert_accessible(page)


def test_the_officers_index_shows_the_same_charts(page, sign_in):
    from tests.factories import officer

    make_grants()
    sign_in(page, officer())
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Where the money goes")).to_be_visible()
    expect(page.locator("svg.kbt-chart")).to_have_count(5)
    assert_accessible(page)


def test_an_officer_withholds_a_grant_on_its_publication_page(page, sign_in):
    verges, _homework = make_grants()
    sign_in(page, verges.cast.officer)
    page.goto(f"/admin/grants/application/{verges.pk}/publication/")
    expect(page.get_by_role("link", name="public register")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Keep this grant off the register and the open data").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter why the grant is kept off the register").first).to_be_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Why it is kept off").fill("A refuge: where it is must stay private")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Publication of {verges.reference} saved.")).to_be_visible()
    page.goto(f"/grants/{verges.reference}/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Wildflower verges")
