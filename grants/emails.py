"""Who hears about each move of an application, and what they read."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Application, StatusChange
from .models.councillors import eligible_councillors

# action: (template name, subject). Moves not listed here send nothing.
APPLICANT_EMAILS = {
    "submit": ("application_submitted", "We have received your application {ref}"),
    "request_info": ("information_requested", "We need more information about your application {ref}"),
    "approve": ("application_decided", "Decision on your application {ref}"),
    "decline": ("application_decided", "Decision on your application {ref}"),
    "decline_after_approval": ("application_decided", "Decision on your application {ref}"),
    "withdraw_grant": ("grant_withdrawn", "Your grant {ref} has been withdrawn"),
}


def send(*, to: list[str], subject: str, template: str, context: dict) -> int:
    """Send one email, in plain text and HTML, to each address separately so nobody sees another's address."""
    context = {**context, "site_url": settings.SITE_URL}
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    sent = 0
    for address in to:
        message = EmailMultiAlternatives(subject=subject, body=text, to=[address], reply_to=[settings.REPLY_TO_EMAIL])
        message.attach_alternative(html, "text/html")
        sent += message.send()
    return sent


def _member_emails(application: Application) -> list[str]:
    return sorted(application.organisation.members.filter(is_active=True).values_list("email", flat=True))


def send_status_change_emails(change: StatusChange) -> int:
    application = change.application
    context = {"application": application, "change": change}
    if change.action in APPLICANT_EMAILS:
        template, subject = APPLICANT_EMAILS[change.action]
        return send(
            to=_member_emails(application),
            subject=subject.format(ref=application.reference),
            template=template,
            context=context,
        )
    if change.action == "answer_info":
        asked = application.status_changes.filter(action="request_info").order_by("-created_at").first()
        if asked is None:
            return 0
        return send(
            to=[asked.actor.email],
            subject=f"{application.reference}: the applicant has answered your question",
            template="information_answered",
            context={**context, "admin_path": reverse("admin:grants_application_change", args=[application.pk])},
        )
    if (
        change.action in ("recommend", "not_recommend")
        and application.strand.councillors_decide
        and application.ward_id
    ):
        # A councillor with an interest in the bid (declared, or a member of the group) is not asked.
        councillors = eligible_councillors(application).select_related("user")
        return send(
            to=sorted(c.user.email for c in councillors),
            subject=f"A bid in {application.ward.name} is waiting for your decision",
            template="decision_awaited",
            context=context,
        )
    return 0
