import datetime as dt

import pytest

from deals.models import Commitment, Party
from deals.progress import Progress
from deals.selectors import deal_progress_counts, deal_sections, published_deal_for_page, published_deals
from grants.demo_reports import fill_report
from grants.models import Status
from grants.services import reports
from grants.services.publication import grant_withhold
from tests.deals.factories import (
    TODAY,
    CommitmentFactory,
    DealFactory,
    PartyFactory,
    ProgressUpdateFactory,
    full_deal,
    principles,
)
from tests.factories import PriorityFactory, WardFactory, application_at, draft

pytestmark = pytest.mark.django_db


def test_published_deals_filter_by_priority_principle_and_ward():
    roby, park = WardFactory(name="Roby"), WardFactory(name="Park")
    care, jobs = PriorityFactory(number=2), PriorityFactory(number=1)
    prevention = principles()["prevention"]
    a = DealFactory(title="A")
    a.wards.add(roby)
    a.priorities.add(care, jobs)
    a.principles.add(prevention)
    b = DealFactory(title="B")
    b.wards.add(park, roby)
    b.priorities.add(jobs)
    DealFactory(title="Hidden", published=False).wards.add(roby)

    assert list(published_deals(today=TODAY)) == [a, b]
    assert list(published_deals(today=TODAY, ward=roby)) == [a, b]
    assert list(published_deals(today=TODAY, ward=park)) == [b]
    assert list(published_deals(today=TODAY, priority=care)) == [a]
    assert list(published_deals(today=TODAY, principle=prevention, priority=jobs, ward=roby)) == [a]


def test_filtering_by_a_relation_does_not_inflate_the_counts():
    deal = DealFactory()
    deal.wards.add(WardFactory(), WardFactory())
    ward = deal.wards.first()
    CommitmentFactory(deal=deal, due_date=TODAY - dt.timedelta(days=1))
    CommitmentFactory(deal=deal, status=Commitment.Status.DONE)
    [listed] = published_deals(today=TODAY, ward=ward)
    counts = deal_progress_counts(listed, today=TODAY)
    assert (counts.total, counts.achieved, counts.overdue) == (2, 1, 1)


def test_the_page_of_an_unpublished_deal_is_not_found():
    deal = DealFactory(published=False)
    assert published_deal_for_page(deal.slug).first() is None
    assert published_deal_for_page(DealFactory().slug).first() is not None


def test_deal_sections_split_the_council_the_partners_and_everyone_together():
    deal = DealFactory()
    council = PartyFactory(deal=deal, name="Knowsley Council", kind=Party.Kind.COUNCIL)
    shop = PartyFactory(deal=deal, name="Aardvark Shop", kind=Party.Kind.BUSINESS)
    group = PartyFactory(deal=deal, name="Zebra Residents", kind=Party.Kind.RESIDENTS)
    PartyFactory(deal=deal, name="Silent Partner")  # no commitments: not listed
    later = CommitmentFactory(deal=deal, party=council, due_date=TODAY + dt.timedelta(days=9))
    late = CommitmentFactory(deal=deal, party=council, due_date=TODAY - dt.timedelta(days=1))
    shop_one = CommitmentFactory(deal=deal, party=shop)
    group_one = CommitmentFactory(deal=deal, party=group, due_date=None)
    joint = CommitmentFactory(deal=deal, party=None)
    old = ProgressUpdateFactory(deal=deal, date=TODAY - dt.timedelta(days=20), commitment=late)
    new = ProgressUpdateFactory(deal=deal, date=TODAY - dt.timedelta(days=2), commitment=late)
    newest = ProgressUpdateFactory(deal=deal, date=TODAY - dt.timedelta(days=1))

    loaded = published_deal_for_page(deal.slug).get()
    sections = deal_sections(loaded, today=TODAY)

    assert sections.council == [late, later]
    # Residents come before businesses (the order of Party.Kind), whatever their names.
    assert [(p.party, p.commitments) for p in sections.partners] == [(group, [group_one]), (shop, [shop_one])]
    assert sections.together == [joint]
    assert sections.latest_progress == newest
    assert sections.council[0].progress == Progress.OVERDUE and sections.council[1].progress != Progress.OVERDUE
    assert sections.council[0].latest_update == new != old
    assert sections.council[1].latest_update is None


def test_only_published_grants_are_named_on_the_public_page():
    """As on the register: the offer accepted, and not withheld. An approved bid whose offer is not yet
    accepted, a draft and a withheld grant stay off the deal's page."""
    deal = full_deal()
    funded = application_at(Status.GRANT_ACTIVE)
    withheld = application_at(Status.GRANT_ACTIVE)
    grant_withhold(withheld, reason="A refuge", actor=withheld.cast.officer)
    deal.applications.add(funded, withheld, application_at(Status.APPROVED), draft(title="A draft nobody should see"))
    loaded = published_deal_for_page(deal.slug).get()
    assert list(loaded.applications.all()) == [funded]


def test_a_deals_page_shows_what_its_grants_achieved_from_accepted_reports(client):
    deal = full_deal()
    grant = application_at(Status.GRANT_ACTIVE)
    deal.applications.add(grant)
    page = client.get(deal.get_absolute_url()).content.decode()
    assert f'href="/grants/{grant.reference}/"' in page and 'id="deal-grant-outcomes"' not in page
    report = reports.make_schedule(grant, actor=grant.cast.officer)[0]
    fill_report(report, grant.applicant)
    reports.report_send(report=report, actor=grant.applicant)
    page = client.get(deal.get_absolute_url()).content.decode()
    assert 'id="deal-grant-outcomes"' not in page  # sent is not checked yet
    reports.report_accept(report=report, actor=grant.cast.officer)
    page = client.get(deal.get_absolute_url()).content.decode()
    table = page.split('id="deal-grant-outcomes"')[1].split("</table>")[0]
    assert ">120<" in table and ">240<" in table  # people and volunteer hours (grants.demo_reports)
