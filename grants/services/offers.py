"""Grant offers: an officer reviews, issues, varies and extends them; a signatory of the group accepts
or declines. Every status move goes through the workflow table (application_transition); this module
adds what the table's moves need: the offer's versions, the signature and the bank details."""

import datetime as dt
import importlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..models import Application, Offer, StandardTerms, Status, Strand
from .bank_details import (  # noqa: F401  (the names CONTRACT.md gives payments, importable from here too)
    _after_bank_details_changed,
    _after_bank_details_confirmed,
    bank_details_ready,
    bank_details_save,
)
from .errors import ActionForbidden, OfferInvalid, TransitionNotAllowed, WorkflowError
from .offer_rules import DECLARATIONS, check_signatory, current_offer, next_terms_version, offer_prepare
from .transitions import application_transition

logger = logging.getLogger(__name__)
EDITABLE = ("special_conditions", "payment_summary", "reporting_summary", "expires_on")


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("strand", "organisation")
        .get(pk=application.pk)
    )


def _officer(actor):
    if not getattr(actor, "is_officer", False):
        raise ActionForbidden("Only an officer can change a grant offer.")


def _expiry_problem(expires_on, today) -> str | None:
    if expires_on is not None and expires_on <= today:
        return "The accept-by date must be in the future."
    return None


def offer_review(*, application: Application, actor) -> Offer:
    """The offer an officer reviews before issuing it: the current one, prepared from the decision if
    the bid was approved before offers existed."""
    with transaction.atomic():
        locked = _locked(application)
        offer = current_offer(locked)
        if offer is None:
            _officer(actor)
            if locked.status != Status.APPROVED or locked.amount_awarded is None:
                raise TransitionNotAllowed(f"{locked.reference} is not an approved bid waiting for its offer.")
            offer = offer_prepare(application=locked, actor=actor, amount=locked.amount_awarded)
        return offer


def offer_update(*, application: Application, actor, **fields) -> Offer:
    """Change the offer being prepared (not yet issued). Guarantees: only an officer, only before the
    offer is issued, only the special conditions, summaries and accept-by date."""
    _officer(actor)
    with transaction.atomic():
        locked = _locked(application)
        if locked.status != Status.APPROVED:
            raise TransitionNotAllowed("Only an offer that has not been issued can be edited: vary it instead.")
        offer = offer_review(application=locked, actor=actor)
        if problem := _expiry_problem(fields.get("expires_on"), timezone.localdate()):
            raise OfferInvalid({"expires_on": problem})
        for name in EDITABLE:
            if name in fields:
                setattr(offer, name, fields[name] if name == "expires_on" else (fields[name] or "").strip())
        offer.save()
        return offer


def offer_issue(*, application: Application, actor):
    """Issue the offer to the group (the table's `issue_offer`): its accept-by date is set from the
    strand's days unless the officer set one, and every member is emailed a link."""
    with transaction.atomic():
        offer_review(application=application, actor=actor)
        return application_transition(application=application, action="issue_offer", actor=actor)


def _new_version(offer: Offer, actor, reason: str, **fields) -> Offer:
    offer.is_current = False
    offer.save(update_fields=["is_current"])
    copy = Offer(
        application=offer.application,
        version=offer.version + 1,
        amount=offer.amount,
        terms=offer.terms,  # a bid keeps the terms version it was offered
        special_conditions=offer.special_conditions,
        payment_summary=offer.payment_summary,
        reporting_summary=offer.reporting_summary,
        expires_on=offer.expires_on,
        variation_reason=reason,
        created_by=actor,
    )
    for name in EDITABLE:
        if name in fields:
            setattr(copy, name, fields[name] if name == "expires_on" else (fields[name] or "").strip())
    copy.save()
    return copy


def offer_vary(*, application: Application, actor, reason: str, **fields) -> Offer:
    """Vary an issued offer before it is accepted: a new version, issued at once, and emailed to the
    group. Guarantees: only an officer, only while the offer is open, with a reason; every earlier
    version is kept, and the bid keeps its terms version."""
    from ..offer_emails import offer_varied_emails

    _officer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise OfferInvalid({"reason": "Enter why the offer is changing."})
    with transaction.atomic():
        locked = _locked(application)
        if locked.status != Status.OFFER_ISSUED:
            raise TransitionNotAllowed("Only an issued offer that is not yet accepted can be varied.")
        now = timezone.now()
        if problem := _expiry_problem(fields.get("expires_on"), timezone.localdate(now)):
            raise OfferInvalid({"expires_on": problem})
        if fields.get("expires_on") is None:
            fields.pop("expires_on", None)  # no new date: the offer keeps its accept-by date
        offer = _new_version(current_offer(locked), actor, reason, **fields)
        offer.issued_by, offer.issued_at = actor, now
        offer.save(update_fields=["issued_by", "issued_at"])
        offer_varied_emails(offer)
        return offer


def offer_extend(*, application: Application, actor, expires_on: dt.date, reason: str):
    """Reopen an expired offer with a new accept-by date (the table's `extend_offer`): a new version."""
    _officer(actor)
    with transaction.atomic():
        locked = _locked(application)
        if locked.status != Status.OFFER_EXPIRED:
            raise TransitionNotAllowed("Only an expired offer can be extended.")
        if expires_on is None or (problem := _expiry_problem(expires_on, timezone.localdate())):
            raise OfferInvalid({"expires_on": problem if expires_on else "Enter the new accept-by date."})
        if not (reason or "").strip():
            raise OfferInvalid({"reason": "Enter why the offer is being extended."})
        _new_version(current_offer(locked), actor, reason, expires_on=expires_on)
        return application_transition(application=application, action="extend_offer", actor=actor, reason=reason)


def offer_accept(
    *,
    application: Application,
    actor,
    full_name: str,
    position: str,
    declarations,
    bank: dict,
):
    """Accept the offer for the group (the table's `accept_offer`). Guarantees: only a signatory, only
    an issued offer before its accept-by date; the full name, position, all four declarations and valid
    bank details are all given, or nothing is written; the signed offer letter is kept with the grant;
    the payment and reporting schedules are made (`_after_acceptance`)."""
    from ..offer_letter import offer_letter_pdf

    problems = {}
    if not (full_name or "").strip():
        problems["full_name"] = "Enter your full name"
    if not (position or "").strip():
        problems["position"] = "Enter your position in the organisation"
    missing = [key for key, _ in DECLARATIONS if key not in set(declarations or ())]
    if missing:
        problems["declarations"] = "Tick each declaration to accept the offer"
    with transaction.atomic():
        locked = _locked(application)
        offer = current_offer(locked)
        if locked.status != Status.OFFER_ISSUED or offer is None:
            # The table gives the plain refusal (and the right one for someone with no role here).
            return application_transition(application=application, action="accept_offer", actor=actor)
        check_signatory(locked, actor)
        try:
            bank_details_save(application=locked, actor=actor, after_acceptance=False, **bank)
        except OfferInvalid as error:
            problems = {**problems, **error.problems}
        if problems:
            raise OfferInvalid(problems)
        now = timezone.now()
        offer.accepted_by, offer.accepted_at = actor, now
        offer.signed_name, offer.signed_position = full_name.strip(), position.strip()
        offer.save(update_fields=["accepted_by", "accepted_at", "signed_name", "signed_position"])
        change = application_transition(application=application, action="accept_offer", actor=actor)
        offer.signed_pdf.save(f"{locked.reference}-signed.pdf", ContentFile(offer_letter_pdf(offer)), save=True)
        _after_acceptance(locked, actor)
        return change


def offer_decline(*, application: Application, actor, reason: str):
    """Decline the offer for the group (the table's `decline_offer`): a signatory, with a reason; the
    money committed to it goes back to the strand (and ward pot) through the ledger."""
    return application_transition(application=application, action="decline_offer", actor=actor, reason=reason)


def offers_expire(*, today: dt.date | None = None) -> int:
    """Mark every issued offer past its accept-by date expired (the table's `expire_offer`), acting as
    the officer who issued it; the officers are emailed to extend or withdraw it. Returns how many."""
    from kbt.accounts.models import OFFICER_GROUP, User

    today = today or timezone.localdate()
    due = Offer.objects.filter(
        is_current=True, application__status=Status.OFFER_ISSUED, expires_on__lt=today
    ).select_related("application", "issued_by")
    expired = 0
    for offer in due:
        actor = offer.issued_by if offer.issued_by and offer.issued_by.is_active else None
        actor = actor or User.objects.filter(groups__name=OFFICER_GROUP, is_active=True).order_by("pk").first()
        try:
            if actor is None:
                raise ActionForbidden("No active officer to act for")
            application_transition(
                application=offer.application,
                action="expire_offer",
                actor=actor,
                reason=f"Not accepted by {offer.expires_on:%-d %B %Y}",
            )
        except WorkflowError as error:
            # One offer that cannot move (accepted a moment ago, say) never stops the others.
            logger.warning("Offer %s not expired: %s", offer.pk, error.message)
            continue
        expired += 1
    return expired


def standard_terms_save(*, strand: Strand, text: str, actor) -> StandardTerms:
    """A new version of the strand's standard terms. Earlier versions stay, and every offer keeps the
    version it was made with; offers prepared from now on use this one."""
    text = (text or "").strip()
    if not text:
        raise OfferInvalid({"text": "Enter the terms and conditions"})
    with transaction.atomic():
        Strand.objects.select_for_update().get(pk=strand.pk)
        return StandardTerms.objects.create(
            strand=strand, version=next_terms_version(strand), text=text, created_by=actor
        )


def _after_acceptance(application: Application, actor) -> None:
    """Make the payment and reporting schedules once the offer is accepted (issues 13 and 14), when
    those modules are present. The lead wires these at merge."""
    for name in ("grants.services.payments", "grants.services.reports"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.make_schedule(application, actor=actor)
