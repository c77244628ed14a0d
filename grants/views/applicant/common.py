"""What every applicant page shares: the words for each status, and finding the signed-in person's
own applications (anyone else's answer 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect

from ... import services
from ...models import Application, Offer, Status, Strand

# Prefetch on any list or page that describes applications: the dashboard line names the offer's date.
CURRENT_OFFERS = Prefetch("offers", Offer.objects.filter(is_current=True), to_attr="current_offers")

SECTION_ORDER = list(services.SECTIONS)  # the task list, in the order the service checks it
SECTION_TITLES = {
    "group": "About your group",
    "project": "Your project",
    "where": "Which priorities your project supports",
    "budget": "Budget",
    "outcomes": "Outcomes and who will benefit",
    "documents": "Documents",
}


def section_title(key: str, application) -> str:
    """A section's name, the same on the task list and as the section page's heading."""
    if key == "where" and application.strand.kind == Strand.Kind.ENVIRONMENTAL:
        return "Where your project is"
    return SECTION_TITLES[key]


# What each status means to a group, and what it needs to do next.
STATUS_WORDS = {
    Status.DRAFT: ("Not sent yet", "Finish your application and send it before the round closes."),
    Status.SUBMITTED: ("Sent", "Nothing for now. A council officer will check your application soon."),
    Status.IN_ASSESSMENT: ("Being assessed", "Nothing for now. An officer is assessing your application."),
    Status.INFO_REQUESTED: ("We need more information", "Answer the officer's question."),
    Status.AWAITING_DECISION: ("Waiting for a decision", "Nothing for now. We will email you with the decision."),
    Status.COUNCILLORS_SPLIT: (
        "Waiting for a decision",
        "Nothing for now. Your ward councillors did not agree, so the council will settle it. We will email you.",
    ),
    Status.APPROVED: ("Approved", "We will send you a grant offer to accept."),
    Status.OFFER_ISSUED: ("Grant offer ready", "Your grant offer is ready: read it and accept it."),
    Status.OFFER_DECLINED: ("Offer declined", "Nothing. Your organisation declined the grant offer."),
    Status.OFFER_EXPIRED: (
        "Offer expired",
        "Nothing for now. The offer was not accepted in time: we will contact you.",
    ),
    Status.DECLINED: ("Not approved", "Nothing. You can read why and apply again in a later round."),
    Status.WITHDRAWN: ("Withdrawn", "Nothing."),
    Status.GRANT_ACTIVE: ("Grant running", "Spend the grant as agreed and send your reports when they are due."),
    Status.COMPLETED: ("Grant finished", "Nothing. Thank you."),
}
STATUS_TAGS = {
    Status.DRAFT: "govuk-tag--grey",
    Status.INFO_REQUESTED: "govuk-tag--orange",
    Status.APPROVED: "govuk-tag--green",
    Status.OFFER_ISSUED: "govuk-tag--yellow",
    Status.OFFER_DECLINED: "govuk-tag--grey",
    Status.OFFER_EXPIRED: "govuk-tag--grey",
    Status.GRANT_ACTIVE: "govuk-tag--green",
    Status.DECLINED: "govuk-tag--red",
    Status.WITHDRAWN: "govuk-tag--grey",
}


def describe(application: Application) -> Application:
    words, next_step = STATUS_WORDS[application.status]
    if application.status == Status.DRAFT and not application.round.is_open():
        next_step = "Nothing: this round has closed, so the draft cannot be sent. We have kept your answers."
    offer = next(iter(getattr(application, "current_offers", ())), None)
    if application.status == Status.OFFER_ISSUED and offer is not None and offer.expires_on:
        next_step = f"Your grant offer is ready: accept it by {offer.expires_on:%-d %B %Y}"
    application.status_words, application.next_step = words, next_step
    application.status_tag = STATUS_TAGS.get(application.status, "govuk-tag--blue")
    return application


def my_applications(user):
    return Application.objects.filter(organisation__memberships__user=user)


def my_application(request, pk, *, draft=False) -> Application:
    application = get_object_or_404(
        my_applications(request.user).select_related("organisation", "round", "strand", "ward"), pk=pk
    )
    if draft and application.status != Status.DRAFT:
        raise NotDraft(application)
    return application


class NotDraft(Exception):
    def __init__(self, application):
        self.application = application


def draft_only(view):
    """Pages that change a draft: once it has been sent, show it instead."""

    def wrapper(request, pk, *args, **kwargs):
        try:
            return view(request, pk, *args, **kwargs)
        except NotDraft as sent:
            messages.info(request, "This application has been sent, so it can no longer be changed.")
            return redirect("grants:application", pk=sent.application.pk)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return login_required(wrapper)


def promises_context(application) -> dict:
    """The numbers a group aims for and the principles it chose, for the answers' summary."""
    return {
        "targets": list(application.outcome_targets.select_related("measure")),
        "chosen_principles": list(application.principle_choices.select_related("principle")),
    }
