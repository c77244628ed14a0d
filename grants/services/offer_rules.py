"""The grant offer's rules that the workflow table's checks and effects run: who is a signatory, which
offer is current, the strand's current terms, and the offer prepared from a decision. Reads models only,
so the engine (transitions) and the offer services (offers) both import it."""

import datetime as dt
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from ..financial_year import financial_year_label
from ..models import Application, Membership, Offer, StandardTerms, Strand
from ..money import pounds
from .errors import ActionForbidden, MissingInput, TransitionNotAllowed

DEFAULT_TERMS = """Using the grant
You will spend the grant only on the project described in your application and in this offer.
You will tell us straight away about any change to the project, its costs or its timetable.
You will not use the grant for party political or religious promotion.

Money not spent
You will return any part of the grant that is not spent on the project, or not spent by the project's end date.
We may ask for the grant back if it is not used as agreed, or if any information you gave us was wrong.

Records and reports
You will keep receipts and records of spending for six years and show them to us if we ask.
You will send your reports by the dates in this offer.

Acknowledging the council
You will say that the project is funded by Knowsley Better Together in anything you publish about it."""

DECLARATIONS = (
    ("accept_terms", "I accept the terms and conditions of this grant offer, and any special conditions."),
    ("project_only", "The grant will be spent only on the project described in this offer."),
    ("return_unspent", "Any money not spent on the project will be returned to the council."),
    ("reports_on_time", "Reports will be sent by the dates in this offer."),
)


def is_signatory(user, application: Application) -> bool:
    """Is this user a member the organisation has marked as able to sign for it?"""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Membership.objects.filter(organisation_id=application.organisation_id, user=user, can_sign=True).exists()


def current_offer(application: Application) -> Offer | None:
    return Offer.objects.filter(application=application, is_current=True).select_related("terms").first()


def current_terms(strand: Strand, actor=None) -> StandardTerms:
    """The strand's newest terms, writing the council's standard text as version 1 if it has none."""
    terms = StandardTerms.objects.filter(strand=strand).order_by("-version").first()
    if terms is None:
        # Under the strand's lock (the order everywhere: application, then strand), so two approvals at
        # once write version 1 only once. Call it inside the caller's transaction.
        Strand.objects.select_for_update().get(pk=strand.pk)
        terms = StandardTerms.objects.filter(strand=strand).order_by("-version").first()
        terms = terms or StandardTerms.objects.create(strand=strand, version=1, text=DEFAULT_TERMS, created_by=actor)
    return terms


def next_terms_version(strand: Strand) -> int:
    return (StandardTerms.objects.filter(strand=strand).aggregate(v=Max("version"))["v"] or 0) + 1


def payment_summary(application: Application, amount: Decimal) -> str:
    """A plain summary of when the money is paid, until the payment schedule replaces it."""
    years = sorted({line.financial_year for line in application.budget_lines.all()})
    if len(years) <= 1:
        return f"{pounds(amount)} paid in one payment once you accept this offer and we have checked your bank details."
    labels = ", ".join(financial_year_label(year) for year in years)
    return (
        f"{pounds(amount)} paid in yearly instalments, one in each financial year of the project ({labels}), "
        "the first once you accept this offer and we have checked your bank details."
    )


def reporting_summary(application: Application) -> str:
    """A plain summary of when reports are due, until the reporting schedule replaces it."""
    if application.end_date:
        due = application.end_date + dt.timedelta(days=60)
        return f"A final report on what the grant achieved, by {due:%-d %B %Y} (two months after the project ends)."
    return "A final report on what the grant achieved, within two months of the project ending."


def offer_prepare(*, application: Application, actor, amount: Decimal) -> Offer:
    """Version 1 of the offer, from the decision: the amount awarded, the strand's current terms and
    plain summaries. Not issued: an officer reviews it first."""
    return Offer.objects.create(
        application=application,
        version=1,
        amount=amount,
        terms=current_terms(application.strand, actor),
        payment_summary=payment_summary(application, amount),
        reporting_summary=reporting_summary(application),
        created_by=actor,
    )


def default_expiry(strand: Strand, today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) + dt.timedelta(days=strand.offer_expiry_days)


# The checks and effects the workflow table names (grants.services.transitions runs them).


def check_signatory(application: Application, actor):
    if not is_signatory(actor, application):
        raise ActionForbidden(
            "Only someone your organisation has marked as able to sign for it can do this. "
            "Ask a member of your organisation to mark you as a signatory on the organisation's page."
        )


def check_offer_ready(application: Application, today: dt.date):
    offer = current_offer(application)
    if offer is None:
        raise TransitionNotAllowed(f"{application.reference} has no grant offer yet.")
    if offer.expires_on is not None and offer.expires_on < today:
        raise TransitionNotAllowed(
            f"The grant offer for {application.reference} expired on {offer.expires_on:%-d %B %Y}."
        )


def check_offer_signed(application: Application):
    offer = current_offer(application)
    if offer is None or not offer.signed_name or not offer.signed_position or offer.accepted_by_id is None:
        raise MissingInput("Enter your full name and position to sign the offer.")
    if not application.bank_details.filter(is_current=True).exists():
        raise MissingInput("Enter the bank details the grant should be paid into.")


def check_offer_lapsed(application: Application, today: dt.date):
    offer = current_offer(application)
    if offer is None or offer.expires_on is None or offer.expires_on >= today:
        raise TransitionNotAllowed(f"The grant offer for {application.reference} has not passed its accept-by date.")


def issue_current_offer(application: Application, actor, now) -> Offer:
    offer = current_offer(application)
    offer.issued_by = actor
    offer.issued_at = now
    if offer.expires_on is None:
        offer.expires_on = default_expiry(application.strand, timezone.localdate(now))
    offer.save(update_fields=["issued_by", "issued_at", "expires_on"])
    return offer


def terms_sections(text: str) -> list[tuple[str, list[str]]]:
    """Terms as (heading, conditions): a blank line starts a section, its first line is the heading."""
    sections = []
    for block in (text or "").split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines:
            sections.append((lines[0], lines[1:]))
    return sections
