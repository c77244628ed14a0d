"""An officer finds a bid, takes it, assesses it, and recommends it to the ward's councillors; the
budget panel then shows it pending. Our own pages (assess, action, printable) are checked with axe."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from grants.models import Application, Assessment, Status
from tests.e2e.conftest import assert_accessible
from tests.factories import application_at
from tests.grants.admin_factories import criteria_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_assesses_and_recommends_a_bid(page, sign_in):
    bid = application_at(Status.SUBMITTED, amount="4200.00", title="Planting on Archway Road")
    criteria = criteria_for(bid.strand)
    officer = bid.cast.officer
    sign_in(page, officer)

    # Find it in the list by its reference.
    page.goto("/admin/grants/application/")
    page.get_by_role("textbox", name=re.compile("Search", re.I)).fill(bid.reference)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=bid.reference).click()
    expect(page.get_by_text("This application is submitted, not assigned to anyone.")).to_be_visible()

    page.get_by_role("button", name="Assign to me").click()
    expect(page.get_by_text(f"{bid.reference} is assigned to you.")).to_be_visible()

    page.get_by_role("link", name="Start assessment").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_text("It is now in assessment.")).to_be_visible()

    # Declare no interest, then assess.
    page.get_by_role("link", name="Assess this bid").click()
    page.get_by_label("No, I have no interest in it").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save my declaration").click()
    for check in ("Governance check", "Finance check", "Safeguarding check"):
        page.get_by_label(check).select_option("pass")
    for criterion in criteria:
        page.get_by_label(f"{criterion.name} (weight {criterion.weight}): score").select_option("4")
        page.get_by_label(f"{criterion.name}: comment").fill(f"{criterion.name} is good")
    page.get_by_label("Recommended amount (£)").fill("4000.00")
    page.get_by_label("Recommendation").select_option("recommended")
    assert_accessible(page)
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_text(f"Assessment of {bid.reference} saved.")).to_be_visible()
    expect(page.get_by_text("80.00%")).to_be_visible()

    # Recommend it: for an environmental bid this sends it to the ward's councillors.
    mail.outbox.clear()
    page.get_by_role("link", name="Recommend and send to the ward's councillors").click()
    expect(page.get_by_label("Amount you recommend (£)")).to_have_value("4000.00")
    assert_accessible(page)
    page.get_by_role("button", name="Recommend and send to the ward's councillors").click()
    expect(page.get_by_text("It is now awaiting decision.")).to_be_visible()

    bid.refresh_from_db()
    assert bid.status == Status.AWAITING_DECISION and bid.assigned_officer == officer
    assert Assessment.objects.get(application=bid).total_score == 80
    assert bid.cast.councillor.email in [m.to[0] for m in mail.outbox]

    # The printable page, and the budget moving on the admin index.
    page.goto(f"/admin/grants/application/{bid.pk}/print/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(bid.reference)
    assert_accessible(page)
    page.goto("/admin/")
    expect(page.locator(".kbt-budget-panel")).to_contain_text("£4,000")
    assert Application.objects.filter(status=Status.AWAITING_DECISION).count() == 1
