"""Who hears about each move of an application, and what they read. The emails are written to the
outbox (kbt.outbox) in the transaction of the move, which delivers them once it has committed."""

from django.conf import settings
from django.urls import reverse

from kbt.outbox.services import email_queue

from .models import Application, StatusChange
from .offer_emails import MOVES as OFFER_MOVES
from .offer_emails import offer_move_emails
from .selectors.councillors import eligible_councillors

# action: (template name, subject). Moves not listed here send nothing.
APPLICANT_EMAILS = {
    "submit": ("application_submitted", "We have received your application {ref}"),
    "request_info": ("information_requested", "We need more information about your application {ref}"),
    "approve": ("application_decided", "Decision on your application {ref}"),
    "decline": ("application_decided", "Decision on your application {ref}"),
    "decline_after_approval": ("application_decided", "Decision on your application {ref}"),
    "withdraw_grant": ("grant_withdrawn", "Your grant {ref} has been withdrawn"),
}


def queue(*, to: list[str], subject: str, template: str, context: dict, key: str, about=None) -> int:
    """Write one email (text and HTML, from templates/emails/) per address to the outbox, each sent
    separately so nobody sees another's address. Returns how many were written."""
    return len(
        email_queue(
            to=to,
            kind=template,
            subject=subject,
            template=f"emails/{template}",
            context=context,
            key=key,
            about=about,
            reference=getattr(about, "reference", "") or "",
        )
    )


def _member_emails(application: Application) -> list[str]:
    return sorted(application.organisation.members.filter(is_active=True).values_list("email", flat=True))


def status_change_emails(change: StatusChange) -> int:
    """Write the emails a move causes to the outbox. Call it inside the move's transaction: the emails
    then exist exactly when the move does, and the key (the StatusChange) keeps them from doubling."""
    application = change.application
    context = {"application": application, "change": change}
    key = f"status_change:{change.pk}"
    if change.action in OFFER_MOVES:
        return offer_move_emails(change)
    if change.action in APPLICANT_EMAILS:
        template, subject = APPLICANT_EMAILS[change.action]
        return queue(
            to=_member_emails(application),
            subject=subject.format(ref=application.reference),
            template=template,
            context=context,
            key=key,
            about=application,
        )
    if change.action == "answer_info":
        asked = application.status_changes.filter(action="request_info").order_by("-created_at").first()
        if asked is None:
            return 0
        return queue(
            to=[asked.actor.email],
            subject=f"{application.reference}: the applicant has answered your question",
            template="information_answered",
            context={**context, "admin_path": reverse("admin:grants_application_change", args=[application.pk])},
            key=key,
            about=application,
        )
    if change.action in ("refer_split", "ask_revote"):
        return _split_emails(change, context, key)
    if (
        change.action in ("recommend", "not_recommend")
        and application.strand.councillors_decide
        and application.ward_id
    ):
        # A councillor with an interest in the bid (declared, or a member of the group) is not asked.
        councillors = eligible_councillors(application).select_related("user")
        return queue(
            to=sorted(c.user.email for c in councillors),
            subject=f"A bid in {application.ward.name} is waiting for your decision",
            template="decision_awaited",
            context=context,
            key=key,
            about=application,
        )
    return 0


def _split_emails(change: StatusChange, context: dict, key: str) -> int:
    """A split bid: the officers hear it is theirs to settle; asked to vote again, the councillors hear why."""
    application = change.application
    if change.action == "refer_split":
        officer = application.assigned_officer
        return queue(
            to=[officer.email] if officer and officer.is_active else [settings.FUND_TEAM_EMAIL],
            subject=f"{application.reference}: the councillors are split",
            template="councillors_split",
            context={**context, "admin_path": reverse("admin:grants_application_change", args=[application.pk])},
            key=key,
            about=application,
        )
    if change.action == "ask_revote":
        councillors = eligible_councillors(application).select_related("user")
        return queue(
            to=sorted(c.user.email for c in councillors),
            subject=f"Please vote again on a bid in {application.ward.name}",
            template="vote_again",
            context=context,
            key=key,
            about=application,
        )
    return 0
