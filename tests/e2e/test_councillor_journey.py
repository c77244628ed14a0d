"""The demo councillor's journey on a phone: their ward's bids, an interest declared on one, another
approved for less; the ward pot and the strand move by exactly that amount. axe-core checks every page."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from grants.models import Application, InterestDeclaration, LedgerEntry, Status, Strand, WardPot
from grants.money import pounds
from kbt.accounts.models import User
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_councillor_declares_an_interest_on_one_bid_and_approves_another(page, sign_in):
    call_command("seed_demo", stdout=StringIO())
    cllr = User.objects.get(email="cllr.longview.1@knowsley.example")
    waiting = list(
        Application.objects.filter(ward__name="Longview", strand__code="ENV", status=Status.AWAITING_DECISION).order_by(
            "submitted_at", "pk"
        )
    )
    interested, approved = waiting[0], waiting[1]
    pot = WardPot.objects.get(ward__name="Longview", strand__code="ENV")
    strand_before, pot_before = Strand.objects.get(code="ENV").committed, pot.committed
    sign_in(page, cllr)

    # Their ward's bids, waiting ones first, with the pot.
    page.goto("/councillors/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bids in your ward")
    expect(page.get_by_role("heading", name="Longview ward pot")).to_be_visible()
    assert_accessible(page)

    # Declare an interest in the first bid.
    page.get_by_role("link", name=interested.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(interested.title)
    assert_accessible(page)
    page.get_by_role("link", name="declare an interest").click()
    page.get_by_role("button", name="Declare this interest").click()
    expect(page.get_by_role("alert")).to_contain_text("Select the kind of interest you have")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("I am a trustee or member of the group").check()
    page.get_by_label("Tell us more").fill("I am the group's treasurer.")
    page.get_by_role("button", name="Declare this interest").click()
    expect(page.get_by_text(f"You declared an interest in {interested.reference}")).to_be_visible()
    expect(page.get_by_role("link", name=interested.title)).to_have_count(0)
    assert_accessible(page)
    assert InterestDeclaration.objects.get(councillor__user=cllr).application_id == interested.pk

    # Approve the second for less than was asked.
    page.get_by_role("link", name=approved.title).click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve this bid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve this bid")
    assert_accessible(page)
    award = approved.amount_requested - Decimal("100.00")
    page.get_by_label("Amount to award (£)").fill(str(approved.amount_requested + 1))
    page.get_by_role("button", name="Approve this bid").click()
    expect(page.get_by_role("alert")).to_contain_text("The amount cannot be more than")
    assert_accessible(page)
    page.get_by_label("Amount to award (£)").fill(f"£{award:,.2f}")
    page.get_by_role("button", name="Approve this bid").click()
    expect(page.get_by_text(f"{approved.reference} is approved for {pounds(award)}")).to_be_visible()
    assert_accessible(page)

    # The ward pot and the strand moved by exactly the award, and nothing else moved.
    pot.refresh_from_db()
    assert pot.committed - pot_before == award
    assert Strand.objects.get(code="ENV").committed - strand_before == award
    assert LedgerEntry.objects.get(application=approved).amount == award
    assert not LedgerEntry.objects.filter(application=interested).exists()
    page.get_by_role("link", name="Bids in your ward").first.click()
    expect(page.get_by_test_id("pot-committed").first).to_have_text(pounds(pot.committed))
    assert_accessible(page)


def test_an_officer_records_a_councillors_decision_given_by_phone(page, sign_in):
    from tests.factories import officer
    from tests.grants.councillor_factories import Ward

    ward = Ward()
    bid = ward.bid(amount="2000.00")
    sign_in(page, officer(full_name="Olivia Officer"))
    page.goto(f"/councillors/bids/{bid.pk}/record/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a councillor's decision")
    assert_accessible(page)
    page.get_by_role("button", name="Record this decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Select the councillor who made the decision")
    assert_accessible(page)
    page.get_by_role("radio", name=ward.councillors[1].get_full_name()).check()
    page.get_by_role("radio", name="Decline").check()
    page.get_by_label("Reason for declining, if declined").fill("The ward funded a similar project.")
    page.get_by_label("How did the councillor give their decision?").fill("By phone to Olivia, 3 March")
    page.get_by_role("button", name="Record this decision").click()
    bid.refresh_from_db()
    assert bid.status == Status.DECLINED
    change = bid.status_changes.get(action="decline")
    assert (change.actor, change.recorded_by.full_name) == (ward.councillors[1], "Olivia Officer")
