"""The grant offers' part of the demo (grants/demo.py): offers walked through the real services, so
a new user sees one ready to accept, one varied, one expired, one declined, and running grants with
bank details confirmed, waiting for a name check, and changed after acceptance (held for a phone check)."""

import datetime as dt

from django.utils import timezone

from grants.models import Offer
from grants.services import bank_details, offers
from grants.services.offer_rules import DECLARATIONS

DEMO_BANK = {"sort_code": "30-94-30", "account_number": "00733445", "roll_number": ""}


def offer_move(application, move, actor, officer, index: int) -> bool:
    """Make an offer's move the demo's way; False when it is not an offer's move."""
    if move.action == "issue_offer":
        if index % 2 == 0:
            offers.offer_update(
                application=application, actor=officer, special_conditions="Send us two photos of the finished work."
            )
        offers.offer_issue(application=application, actor=officer)
        if index % 2 == 0 and application.status == "offer_issued":
            offers.offer_vary(
                application=application,
                actor=officer,
                reason="The group asked to move the start date.",
                reporting_summary="A final report within two months of the project ending.",
            )
        return True
    if move.action == "accept_offer":
        _accept(application, actor, officer, index)
        return True
    if move.action == "expire_offer":
        Offer.objects.filter(application=application, is_current=True).update(
            expires_on=timezone.localdate() - dt.timedelta(days=2)
        )
        return False  # the table's move itself, now that the date has passed
    if move.action == "decline_offer":
        offers.offer_decline(application=application, actor=actor, reason="Our volunteers can no longer run it.")
        return True
    return False


def _accept(application, signatory, officer, index: int):
    """Running grants: the environmental one's account is in another name (waiting for the officer's
    check), the priorities one changed its account after accepting (held); completed grants had their
    account's name confirmed by phone."""
    running = index % 13 == 11
    mismatch = not running or application.strand.code == "ENV"
    offers.offer_accept(
        application=application,
        actor=signatory,
        full_name=signatory.get_full_name(),
        position="Treasurer",
        declarations=[key for key, _ in DECLARATIONS],
        bank={
            **DEMO_BANK,
            "account_name": "Knowsley CVS client account" if mismatch else application.organisation.name,
            "name_mismatch_reason": "Our money is held by Knowsley CVS while we are new." if mismatch else "",
        },
    )
    if not running:
        bank_details.bank_details_confirm(
            details=bank_details.current_bank_details(application),
            actor=officer,
            confirmed_with=f"{signatory.get_full_name()} (treasurer, on file since the application)",
            confirmed_phone="0151 443 2000",
        )
    elif not mismatch:
        bank_details.bank_details_change(
            application=application,
            actor=signatory,
            account_name=application.organisation.name,
            sort_code="40-47-84",
            account_number="21436587",
        )
