"""An officer invites a business's contact; the contact follows the emailed link, signs in and reports
35 apprenticeships; the officer accepts the figure and the public deal page shows it. Every new public
and partner page is checked with axe."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from deals import services
from deals.models import Party
from kbt.accounts.models import User
from tests.deals.factories import CommitmentFactory, DealFactory, MeasureFactory, PartyFactory, TargetFactory
from tests.e2e.conftest import assert_accessible
from tests.factories import PriorityFactory
from tests.factories import officer as make_officer

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_partner_reports_a_figure_that_an_officer_accepts(page, sign_in, browser, live_server):
    officer = make_officer()
    deal = DealFactory(title="Employability Skills Project", slug="employability", lead_officer=officer)
    deal.priorities.add(PriorityFactory(number=1, name="Growing the economy"))
    network = PartyFactory(
        deal=deal,
        name="Local employers' network",
        kind=Party.Kind.BUSINESS,
        contact_name="Erin Employer",
        contact_email="erin@employers.example.org",
    )
    commitment = CommitmentFactory(deal=deal, party=network, description="Offer 300 new apprenticeships", due_date=None)
    TargetFactory(commitment=commitment, measure=MeasureFactory(), target_number=300)
    services.government_ask_add(deal=deal, ask="Devolve the adult skills budget to Knowsley")
    contact = User.objects.create_user(
        email="erin@employers.example.org", password="a-long-password-1", email_verified=True
    )

    # The officer invites the business's contact from the parties list.
    sign_in(page, officer)
    page.goto("/admin/deals/party/")
    page.get_by_role("checkbox", name=re.compile("Select this object")).first.check()
    page.get_by_role("combobox", name=re.compile("Action")).select_option("invite_contact")
    page.get_by_role("button", name=re.compile("Go|Run")).click()
    expect(page.get_by_text("1 contact(s) invited by email.")).to_be_visible()
    [email] = [m for m in mail.outbox if m.to == ["erin@employers.example.org"]]
    link = re.search(r"http://\S+/deals/partner/invitation/\S+/", email.body).group(0)

    # The contact follows the link, signs in with the sign-in form, and follows it again.
    partner = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 812}).new_page()
    partner.goto(link)
    expect(partner.get_by_role("heading", level=1)).to_have_text("Report progress for Local employers' network")
    assert_accessible(partner)
    partner.get_by_role("link", name="Sign in").click()
    partner.get_by_label("Email address").fill(contact.email)
    partner.get_by_label("Password").fill("a-long-password-1")
    partner.get_by_role("button", name="Sign in").click()
    # Signed in, the sign-in page's `next` brings them back to the link, which takes them to their page.
    expect(partner.get_by_role("heading", level=1)).to_have_text("Your deals")
    expect(partner.get_by_text("0 of 300 apprenticeships (0%)")).to_be_visible()
    assert_accessible(partner)

    partner.get_by_role("link", name=re.compile("Send a figure")).click()
    assert_accessible(partner)
    partner.get_by_label("Number achieved so far").fill("35")
    partner.get_by_label("Day").fill("1")
    partner.get_by_label("Month").fill("11")
    partner.get_by_label("Year").fill("2026")
    partner.get_by_role("button", name="Send this figure").click()
    expect(partner.get_by_text("awaiting check").first).to_be_visible()
    assert_accessible(partner)

    # Not public until checked.
    page.goto("/deals/employability/")
    expect(page.get_by_text("0 of 300 apprenticeships (0%)")).to_be_visible()

    # The officer accepts it.
    page.goto("/admin/deals/targetupdate/?state__exact=awaiting_check")
    page.get_by_role("checkbox", name=re.compile("Select this object")).first.check()
    page.get_by_role("combobox", name=re.compile("Action")).select_option("accept")
    page.get_by_role("button", name=re.compile("Go|Run")).click()
    expect(page.get_by_text("1 figure(s) accepted")).to_be_visible()

    # The public sees the new figure, the asks of government, and the list's counts and roll-ups.
    page.goto("/deals/employability/")
    expect(page.get_by_text("35 of 300 apprenticeships (12%)")).to_be_visible()
    expect(page.get_by_role("heading", name="We ask government to…")).to_be_visible()
    assert_accessible(page)
    page.goto("/deals/")
    expect(page.get_by_text("Deals with 1 local business")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Share of targets reached by"))).to_have_count(1)
    assert_accessible(page)
