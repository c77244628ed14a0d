"""The grant offer's services: every move and every refusal. Only a signatory accepts; the offer
expires; declining releases the money; a variation keeps every version; a bid keeps its terms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.db.models import Sum

from grants import services
from grants.models import LedgerEntry, Offer, StandardTerms, Status, Strand
from grants.services import offers
from grants.services.offer_rules import DECLARATIONS
from tests.factories import accept, application_at, member_of, officer

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def committed(application) -> Decimal:
    return application.ledger_entries.aggregate(s=Sum("amount"))["s"] or Decimal(0)


def test_approval_prepares_version_one_from_the_decision_with_the_strands_current_terms():
    application = application_at(Status.APPROVED, amount="4000.00")
    offer = Offer.objects.get(application=application)
    assert (offer.version, offer.is_current, offer.amount) == (1, True, Decimal("4000.00"))
    assert offer.terms == StandardTerms.objects.get(strand=application.strand, version=1)
    assert offer.issued_at is None and offer.expires_on is None
    assert "£4,000" in offer.payment_summary


def test_issuing_sets_the_strands_expiry_and_emails_every_member(django_capture_on_commit_callbacks):
    application = application_at(Status.APPROVED)
    Strand.objects.filter(pk=application.strand_id).update(offer_expiry_days=14)
    other = member_of(application.organisation, can_sign=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offers.offer_issue(application=application, actor=application.cast.officer)
    application.refresh_from_db()
    offer = Offer.objects.get(application=application)
    assert application.status == Status.OFFER_ISSUED
    assert offer.expires_on == TODAY + dt.timedelta(days=14)
    assert offer.issued_by == application.cast.officer
    assert sorted(m.to[0] for m in mail.outbox) == sorted([application.applicant.email, other.email])
    assert mail.outbox[0].subject == f"Your grant offer for {application.reference} is ready to accept"
    assert f"/applications/{application.pk}/offer/" in mail.outbox[0].body


def test_the_default_expiry_is_28_days():
    application = application_at(Status.OFFER_ISSUED)
    assert application.strand.offer_expiry_days == 28
    assert Offer.objects.get(application=application).expires_on == TODAY + dt.timedelta(days=28)


def test_only_an_officer_issues_the_offer():
    application = application_at(Status.APPROVED)
    with pytest.raises(services.ActionForbidden):
        offers.offer_issue(application=application, actor=application.applicant)
    application.refresh_from_db()
    assert application.status == Status.APPROVED


def test_an_officer_edits_the_offer_before_issuing_it_but_not_with_a_past_date():
    application = application_at(Status.APPROVED)
    actor = application.cast.officer
    offers.offer_update(application=application, actor=actor, special_conditions="Plant native species only\n")
    assert Offer.objects.get(application=application).special_conditions == "Plant native species only"
    with pytest.raises(services.OfferInvalid) as refused:
        offers.offer_update(application=application, actor=actor, expires_on=TODAY)
    assert refused.value.problems == {"expires_on": "The accept-by date must be in the future."}
    with pytest.raises(services.ActionForbidden):
        offers.offer_update(application=application, actor=application.applicant, special_conditions="Mine")


def test_a_signatory_accepts_and_the_grant_becomes_active_with_the_signed_pdf_kept(django_capture_on_commit_callbacks):
    application = application_at(Status.OFFER_ISSUED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accept(application, application.applicant)
    application.refresh_from_db()
    offer = Offer.objects.get(application=application)
    assert application.status == Status.GRANT_ACTIVE
    assert (offer.signed_name, offer.signed_position, offer.accepted_by) == (
        application.applicant.get_full_name(),
        "Treasurer",
        application.applicant,
    )
    assert offer.signed_pdf.read().startswith(b"%PDF")
    assert offer.signed_pdf.name.startswith("offers/")
    assert services.offers.bank_details_ready(application)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([application.applicant.email, application.cast.officer.email])


def test_a_member_who_is_not_a_signatory_cannot_accept_and_nothing_is_written():
    application = application_at(Status.OFFER_ISSUED)
    member = member_of(application.organisation, can_sign=False)
    with pytest.raises(services.ActionForbidden, match="marked as able to sign"):
        accept(application, member)
    application.refresh_from_db()
    assert application.status == Status.OFFER_ISSUED
    assert not application.bank_details.exists()
    assert Offer.objects.get(application=application).accepted_at is None


@pytest.mark.parametrize("who", ["officer", "stranger", "councillor"])
def test_nobody_outside_the_group_accepts(who):
    application = application_at(Status.OFFER_ISSUED)
    with pytest.raises(services.ActionForbidden):
        accept(application, getattr(application.cast, who))
    assert not application.bank_details.exists()


def test_accepting_needs_the_name_position_every_declaration_and_valid_bank_details():
    application = application_at(Status.OFFER_ISSUED)
    with pytest.raises(services.OfferInvalid) as refused:
        offers.offer_accept(
            application=application,
            actor=application.applicant,
            full_name=" ",
            position="",
            declarations=[DECLARATIONS[0][0]],
            bank={"account_name": application.organisation.name, "sort_code": "12-34", "account_number": "12ab5678"},
        )
    assert set(refused.value.problems) == {"full_name", "position", "declarations", "sort_code", "account_number"}
    application.refresh_from_db()
    assert application.status == Status.OFFER_ISSUED
    assert not application.bank_details.exists()


def test_an_expired_offer_cannot_be_accepted():
    application = application_at(Status.OFFER_ISSUED)
    Offer.objects.filter(application=application).update(expires_on=TODAY - dt.timedelta(days=1))
    with pytest.raises(services.TransitionNotAllowed, match="expired on"):
        accept(application, application.applicant)


def test_declining_releases_the_money_through_the_ledger_and_tells_the_officer(django_capture_on_commit_callbacks):
    application = application_at(Status.OFFER_ISSUED, amount="3000.00")
    assert committed(application) == Decimal("3000.00")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offers.offer_decline(application=application, actor=application.applicant, reason="We lost our venue")
    application.refresh_from_db()
    assert application.status == Status.OFFER_DECLINED
    assert committed(application) == 0
    assert application.ledger_entries.last().kind == LedgerEntry.Kind.DECLINE_REVERSAL
    application.strand.refresh_from_db()
    assert [m.to for m in mail.outbox] == [[application.cast.officer.email]]
    assert "We lost our venue" in mail.outbox[0].body


def test_declining_needs_a_reason_and_a_signatory():
    application = application_at(Status.OFFER_ISSUED)
    with pytest.raises(services.MissingInput):
        offers.offer_decline(application=application, actor=application.applicant, reason=" ")
    member = member_of(application.organisation, can_sign=False)
    with pytest.raises(services.ActionForbidden):
        offers.offer_decline(application=application, actor=member, reason="No")
    assert committed(application) > 0


def test_an_offer_past_its_date_expires_once_and_the_officer_is_told(django_capture_on_commit_callbacks):
    application = application_at(Status.OFFER_ISSUED)
    Offer.objects.filter(application=application).update(expires_on=TODAY - dt.timedelta(days=1))
    still_open = application_at(Status.OFFER_ISSUED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert offers.offers_expire() == 1
    assert offers.offers_expire() == 0
    application.refresh_from_db()
    still_open.refresh_from_db()
    assert (application.status, still_open.status) == (Status.OFFER_EXPIRED, Status.OFFER_ISSUED)
    assert [m.to for m in mail.outbox] == [[application.cast.officer.email]]
    assert committed(application) > 0  # an expired offer keeps its money until an officer decides


def test_an_offer_in_date_cannot_be_marked_expired():
    application = application_at(Status.OFFER_ISSUED)
    with pytest.raises(services.TransitionNotAllowed, match="has not passed"):
        services.application_transition(application=application, action="expire_offer", actor=application.cast.officer)


def test_an_officer_extends_an_expired_offer_as_a_new_version():
    application = application_at(Status.OFFER_EXPIRED)
    new_date = TODAY + dt.timedelta(days=10)
    offers.offer_extend(application=application, actor=application.cast.officer, expires_on=new_date, reason="Asked")
    application.refresh_from_db()
    assert application.status == Status.OFFER_ISSUED
    versions = list(Offer.objects.filter(application=application).order_by("version"))
    assert [(o.version, o.is_current) for o in versions] == [(1, False), (2, True)]
    assert versions[1].expires_on == new_date and versions[1].issued_at is not None


def test_extending_needs_a_future_date():
    application = application_at(Status.OFFER_EXPIRED)
    with pytest.raises(services.OfferInvalid):
        offers.offer_extend(application=application, actor=application.cast.officer, expires_on=TODAY, reason="x")
    application.refresh_from_db()
    assert application.status == Status.OFFER_EXPIRED


def test_withdrawing_an_expired_offer_releases_the_money():
    application = application_at(Status.OFFER_EXPIRED)
    services.application_transition(
        application=application, action="withdraw_grant", actor=application.cast.officer, reason="Not accepted"
    )
    assert committed(application) == 0


def test_a_variation_issues_a_new_version_keeps_the_history_and_the_terms_version(django_capture_on_commit_callbacks):
    application = application_at(Status.OFFER_ISSUED)
    first = Offer.objects.get(application=application)
    services.offers.standard_terms_save(strand=application.strand, text="New terms\nBe good", actor=officer())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        varied = offers.offer_vary(
            application=application,
            actor=application.cast.officer,
            reason="Add a condition",
            special_conditions="Share photos of the work",
        )
    first.refresh_from_db()
    assert (first.is_current, varied.is_current, varied.version) == (False, True, 2)
    assert varied.terms == first.terms and varied.terms.version == 1  # the bid keeps its terms version
    assert varied.special_conditions == "Share photos of the work"
    assert varied.issued_at is not None
    assert mail.outbox[0].subject == f"Your grant offer for {application.reference} has changed"
    # New bids get the new terms.
    assert StandardTerms.objects.filter(strand=application.strand).count() == 2
    later = application_at(Status.APPROVED, strand=application.strand)
    assert Offer.objects.get(application=later).terms.version == 2


def test_a_variation_needs_a_reason_and_an_open_offer():
    application = application_at(Status.OFFER_ISSUED)
    with pytest.raises(services.OfferInvalid):
        offers.offer_vary(application=application, actor=application.cast.officer, reason="")
    active = application_at(Status.GRANT_ACTIVE)
    with pytest.raises(services.TransitionNotAllowed):
        offers.offer_vary(application=active, actor=active.cast.officer, reason="Too late")
    assert Offer.objects.filter(application=active).count() == 1


def test_terms_need_text():
    application = application_at(Status.APPROVED)
    with pytest.raises(services.OfferInvalid):
        offers.standard_terms_save(strand=application.strand, text="  ", actor=officer())


def test_after_acceptance_is_called_once_with_the_application_and_the_signatory(monkeypatch):
    calls = []
    monkeypatch.setattr(offers, "_after_acceptance", lambda application, actor: calls.append((application.pk, actor)))
    application = application_at(Status.OFFER_ISSUED)
    accept(application, application.applicant)
    assert calls == [(application.pk, application.applicant)]


def test_a_variation_without_a_new_date_keeps_the_accept_by_date():
    application = application_at(Status.OFFER_ISSUED)
    before = Offer.objects.get(application=application).expires_on
    varied = offers.offer_vary(
        application=application, actor=application.cast.officer, reason="Typo", expires_on=None, payment_summary="x"
    )
    assert varied.expires_on == before and varied.payment_summary == "x"
