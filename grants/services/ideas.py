"""Councillors' ideas for their wards, and bids groups start from them."""

from django.db import transaction

from ..emails import queue
from ..models import Application, Councillor, CouncillorIdea, Status, Ward
from ..models.partnership import IDEA_DESCRIPTION_MAX_CHARACTERS
from .errors import ActionForbidden, MissingInput, TransitionNotAllowed


def _councillor(user) -> Councillor:
    record = Councillor.objects.filter(user=user).first() if user is not None and user.is_active else None
    if record is None:
        raise ActionForbidden("Only a ward councillor can do this.")
    return record


def idea_post(*, councillor, ward: Ward, title: str, description: str, place: str) -> CouncillorIdea:
    """A councillor posts an idea for one of their own wards: a short title, a description and a place.
    Groups see it on the environmental strand's page and, if they work in that ward, their dashboard."""
    record = _councillor(councillor)
    if not record.wards.filter(pk=getattr(ward, "pk", None)).exists():
        raise ActionForbidden("You can only post ideas for your own ward.")
    title, description, place = (title or "").strip(), (description or "").strip(), (place or "").strip()
    for value, missing in ((title, "Enter a title"), (description, "Enter a description"), (place, "Enter a place")):
        if not value:
            raise MissingInput(f"{missing}.")
    if len(title) > 120 or len(place) > 200 or len(description) > IDEA_DESCRIPTION_MAX_CHARACTERS:
        raise MissingInput("The idea is too long: shorten the title, place or description.")
    return CouncillorIdea.objects.create(
        councillor=record, ward=ward, title=title, description=description, place=place
    )


def idea_close(*, idea: CouncillorIdea, councillor) -> CouncillorIdea:
    """The councillor who posted an idea closes it: groups no longer see it. Bids started from it keep
    their link."""
    record = _councillor(councillor)
    if idea.councillor_id != record.pk:
        raise ActionForbidden("You can only close your own ideas.")
    if idea.status == CouncillorIdea.Status.CLOSED:
        raise TransitionNotAllowed("This idea is already closed.")
    idea.status = CouncillorIdea.Status.CLOSED
    idea.save(update_fields=["status"])
    return idea


def application_link_idea(*, application: Application, idea: CouncillorIdea, actor) -> Application:
    """Link a new draft to the open idea the group started it from, in the idea's ward, and tell the
    councillor who posted the idea (by email, through the outbox)."""
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=application.pk)
        )
        if not locked.organisation.memberships.filter(user=actor).exists():
            raise ActionForbidden("Only a member of the group can do this.")
        if locked.status != Status.DRAFT or idea.status != CouncillorIdea.Status.OPEN:
            raise TransitionNotAllowed("This idea is closed, or the application has been sent.")
        if locked.ward_id != idea.ward_id:
            raise TransitionNotAllowed(f"This idea is for {idea.ward.name}: a bid from it must be in that ward.")
        locked.idea = idea
        locked._history_user = actor
        locked._change_reason = f"Started from {idea.councillor}'s idea: {idea.title}"[:100]
        locked.save(update_fields=["idea", "updated_at"])
        user = idea.councillor.user
        if user.is_active:
            queue(
                to=[user.email],
                subject=f"{locked.organisation.name} has started a bid from your idea",
                template="idea_used",
                context={"application": locked, "idea": idea},
                key=f"idea_used:{locked.pk}:{idea.pk}",
                about=locked,
            )
    application.idea = idea
    return application
