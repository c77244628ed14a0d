"""Who hears about a grant offer, and what they read: written to the outbox (kbt.outbox) in the
transaction of the change, delivered once it has committed. grants.emails sends the offer's moves here."""

import uuid

from django.conf import settings
from django.urls import reverse

from kbt.outbox.services import email_queue

from .models import Application, BankDetails, Offer, StatusChange


def _send(*, to, subject, template, context, key, application):
    to = sorted({address.lower() for address in to if address})
    if not to:
        return 0
    return len(
        email_queue(
            to=to,
            kind=template,
            subject=subject,
            template=f"emails/{template}",
            context=context,
            key=key,
            about=application,
            reference=application.reference or "",
        )
    )


def _members(application: Application) -> list[str]:
    return list(application.organisation.members.filter(is_active=True).values_list("email", flat=True))


def _officer(application: Application, offer: Offer | None) -> list[str]:
    """The officer who issued the offer, or the bid's assigned officer, or the fund team's inbox."""
    for person in (getattr(offer, "issued_by", None), application.assigned_officer):
        if person is not None and person.is_active:
            return [person.email]
    return [settings.FUND_TEAM_EMAIL]


def _links(application: Application) -> dict:
    return {
        "offer_link": settings.SITE_URL + reverse("grants:offer", args=[application.pk]),
        "admin_link": settings.SITE_URL + reverse("admin:grants_application_offer", args=[application.pk]),
    }


# action: (who, template, subject)
MOVES = {
    "issue_offer": ("members", "offer_issued", "Your grant offer for {ref} is ready to accept"),
    "extend_offer": ("members", "offer_issued", "Your grant offer for {ref} has been extended"),
    "accept_offer": ("both", "offer_accepted", "The grant offer for {ref} has been accepted"),
    "decline_offer": ("officer", "offer_declined", "{ref}: the group declined the grant offer"),
    "expire_offer": ("officer", "offer_expired", "{ref}: the grant offer expired: extend or withdraw it"),
}


def offer_move_emails(change: StatusChange) -> int:
    """The emails of an offer's move (see MOVES). Call it in the move's transaction."""
    from .services.offer_rules import current_offer

    application = change.application
    offer = current_offer(application)
    who, template, subject = MOVES[change.action]
    to = []
    if who in ("members", "both"):
        to += _members(application)
    if who in ("officer", "both"):
        to += _officer(application, offer)
    return _send(
        to=to,
        subject=subject.format(ref=application.reference),
        template=template,
        context={"application": application, "change": change, "offer": offer, **_links(application)},
        key=f"status_change:{change.pk}",
        application=application,
    )


def offer_varied_emails(offer: Offer) -> int:
    application = offer.application
    return _send(
        to=_members(application),
        subject=f"Your grant offer for {application.reference} has changed",
        template="offer_varied",
        context={"application": application, "offer": offer, **_links(application)},
        key=f"offer_varied:{offer.pk}",
        application=application,
    )


def bank_details_changed_emails(details: BankDetails) -> int:
    """Every member hears that the grant's bank details changed: the warning that stops mandate fraud."""
    application = details.application
    return _send(
        to=_members(application),
        subject=f"The bank details for your grant {application.reference} have changed",
        template="bank_details_changed",
        context={
            "application": application,
            "details": details,
            "fund_team_phone": settings.FUND_TEAM_PHONE,
            **_links(application),
        },
        key=f"bank_details_changed:{details.pk}:{uuid.uuid4().hex[:8]}",
        application=application,
    )
