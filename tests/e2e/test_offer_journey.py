"""A grant from approval to a running grant: the officer reviews and issues the offer in admin, a
signatory reads it on a phone, downloads the letter and accepts it with the bank details; the grant is
active and the signed PDF is kept. axe checks every new page, the officers' pages included."""

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from grants import services
from grants.models import BankDetails, Offer, Status
from tests.e2e.conftest import assert_accessible
from tests.factories import application_at, member_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_approval_to_an_accepted_offer_on_a_phone(page, sign_in):
    bid = application_at(Status.AWAITING_DECISION, amount="3500.00", title="Wildflowers on Shevington Lane")
    services.application_transition(
        application=bid, action="approve", actor=bid.cast.councillor, amount=bid.amount_requested
    )
    officer = bid.cast.officer

    # The officer reviews the offer prepared from the decision, adds a condition and issues it.
    sign_in(page, officer)
    page.goto(f"/admin/grants/application/{bid.pk}/change/")
    page.get_by_role("link", name="Grant offer").first.click()
    expect(page.get_by_role("heading", name="Review the offer before you issue it")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Special conditions").fill("Send us two photos of the finished verges.")
    page.get_by_role("button", name="Save the offer").click()
    expect(page.get_by_text("The offer is saved.")).to_be_visible()
    mail.outbox.clear()
    page.get_by_role("button", name="Issue the grant offer").click()
    expect(page.get_by_text("The offer is issued")).to_be_visible()
    assert_accessible(page)
    offer = Offer.objects.get(application=bid)
    assert offer.expires_on == dt.date.today() + dt.timedelta(days=28)
    assert any(bid.applicant.email in m.to for m in mail.outbox)

    # The standard terms, versioned in admin.
    page.goto("/admin/grants/standardterms/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Write a new version")).first.click()
    expect(page.get_by_label("Terms and conditions")).not_to_be_empty()
    assert_accessible(page)

    # A signatory on a phone: the dashboard's line, the offer, the letter, then accepting.
    sign_in(page, bid.applicant)
    page.goto("/applications/")
    expect(page.get_by_text(f"Your grant offer is ready: accept it by {offer.expires_on:%-d %B %Y}")).to_be_visible()
    page.goto(f"/applications/{bid.pk}/")
    page.get_by_role("link", name="Read and accept your grant offer").click()
    expect(page.get_by_role("heading", name="Your grant offer")).to_be_visible()
    expect(page.get_by_text("Send us two photos of the finished verges.")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")  # the printed offer: the letter, without buttons and links
    expect(page.get_by_role("link", name="Accept the grant offer")).to_be_hidden()
    expect(page.get_by_text("Send us two photos of the finished verges.")).to_be_visible()
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the offer letter (PDF)").click()
    assert download.value.suggested_filename == f"{bid.reference}-grant-offer.pdf"

    page.goto(f"/applications/{bid.pk}/offer/decline/")
    assert_accessible(page)
    page.goto(f"/applications/{bid.pk}/offer/accept/")
    page.get_by_role("button", name="Accept the grant offer").click()  # nothing filled in
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your full name").fill("Sam Signer")
    page.get_by_label("Your position in the organisation").fill("Treasurer")
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_label("Name on the account", exact=True).fill(bid.organisation.name)
    page.get_by_label("Sort code", exact=True).fill("30 94 30")
    page.get_by_label("Account number", exact=True).fill("00733445")
    assert_accessible(page)
    page.get_by_role("button", name="Accept the grant offer").click()
    expect(page.get_by_text(f"You have accepted the grant offer for {bid.reference}.")).to_be_visible()
    expect(page.get_by_text("****3445")).to_be_visible()
    assert_accessible(page)

    bid.refresh_from_db()
    offer.refresh_from_db()
    assert bid.status == Status.GRANT_ACTIVE
    assert offer.signed_name == "Sam Signer" and offer.signed_pdf.read().startswith(b"%PDF")
    assert BankDetails.objects.get(application=bid).account_number == "00733445"

    # Changing the bank details afterwards, and the organisation's signatories.
    page.get_by_role("link", name="Change the bank details").click()
    assert_accessible(page)
    member_of(bid.organisation, can_sign=False)
    page.goto(f"/organisation/{bid.organisation.pk}/")
    expect(page.get_by_role("button", name=re.compile("Make a signatory"))).to_be_visible()
    assert_accessible(page)

    # The officer sees the acceptance and the masked account.
    sign_in(page, officer)
    page.goto(f"/admin/grants/application/{bid.pk}/offer/")
    expect(page.get_by_text("****3445")).to_be_visible()
    assert_accessible(page)
