"""Everything that writes deals, parties, commitments and progress. Each service validates with
`full_clean`, writes inside one transaction and records who made the change in the deal's history."""

import datetime as dt
import secrets
from collections.abc import Iterable
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from grants import emails
from grants.models import Application, Organisation, Priority, Ward
from grants.services import DocumentRefused, document_check

from .models import (
    Commitment,
    Deal,
    GovernmentAsk,
    Measure,
    PartnerInvitation,
    Party,
    Principle,
    ProgressUpdate,
    Target,
    TargetUpdate,
)
from .models.deals import RESERVED_SLUGS


def _unique_slug(title: str) -> str:
    base = slugify(title)[:190] or "deal"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Deal.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _save(instance, actor=None):
    # simple-history reads the author of the change from here when no request is in progress.
    if actor is not None:
        instance._history_user = actor
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def deal_create(
    *,
    title: str,
    shared_goal: str,
    actor=None,
    lead_officer=None,
    description: str = "",
    status: str = Deal.Status.PROPOSED,
    start_date: dt.date | None = None,
    review_date: dt.date | None = None,
    end_date: dt.date | None = None,
    slug: str = "",
    principles: Iterable[Principle] = (),
    priorities: Iterable[Priority] = (),
    wards: Iterable[Ward] = (),
    applications: Iterable[Application] = (),
) -> Deal:
    """Creates an unpublished deal with a unique slug (from the title unless given), tagged with its
    principles, priorities and wards and linked to its grant applications, or raises ValidationError
    and writes nothing."""
    deal = Deal(
        title=title,
        shared_goal=shared_goal,
        description=description,
        status=status,
        start_date=start_date,
        review_date=review_date,
        end_date=end_date,
        lead_officer=lead_officer,
        slug=slug or _unique_slug(title),
    )
    _save(deal, actor)
    deal.principles.set(principles)
    deal.priorities.set(priorities)
    deal.wards.set(wards)
    deal.applications.set(applications)
    return deal


@transaction.atomic
def deal_publish(*, deal: Deal, actor=None) -> Deal:
    """Shows the deal on the public site, at its slug."""
    deal.published = True
    return _save(deal, actor)


@transaction.atomic
def deal_unpublish(*, deal: Deal, actor=None) -> Deal:
    """Takes the deal off the public site: its page answers 404 from now on."""
    deal.published = False
    return _save(deal, actor)


@transaction.atomic
def deal_set_status(*, deal: Deal, status: str, actor=None) -> Deal:
    """Moves the deal to any of its statuses (deals are informal: there is no fixed path)."""
    deal.status = status
    return _save(deal, actor)


@transaction.atomic
def party_add(
    *,
    deal: Deal,
    name: str,
    kind: str,
    organisation: Organisation | None = None,
    contact_name: str = "",
    contact_email: str = "",
    actor=None,
) -> Party:
    """Adds a party to the deal. Names are unique within a deal."""
    party = Party(
        deal=deal,
        name=name,
        kind=kind,
        organisation=organisation,
        contact_name=contact_name,
        contact_email=contact_email,
    )
    return _save(party, actor)


@transaction.atomic
def commitment_add(
    *,
    deal: Deal,
    description: str,
    party: Party | None = None,
    due_date: dt.date | None = None,
    status: str = Commitment.Status.NOT_STARTED,
    contact_name: str = "",
    contact_email: str = "",
    actor=None,
) -> Commitment:
    """Records what a party of this deal (or, with no party, everyone together) will do by when. The
    party must belong to the deal; the contact for reminders is the party's unless one is given."""
    commitment = Commitment(
        deal=deal,
        party=party,
        description=description,
        due_date=due_date,
        status=status,
        contact_name=contact_name,
        contact_email=contact_email,
    )
    return _save(commitment, actor)


@transaction.atomic
def commitment_update_status(
    *, commitment: Commitment, status: str, evidence: str = "", on: dt.date | None = None, actor=None
) -> Commitment:
    """Sets a commitment's status, keeping the evidence given (or what was there). Done records the
    date it was done (today unless given); any other status clears it."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    commitment.status = status
    if evidence:
        commitment.evidence = evidence
    commitment.completed_on = (on or timezone.localdate()) if status == Commitment.Status.DONE else None
    return _save(commitment, actor)


def commitment_complete(
    *, commitment: Commitment, evidence: str = "", on: dt.date | None = None, actor=None
) -> Commitment:
    """Marks the commitment done, with its evidence and the date it was done."""
    return commitment_update_status(
        commitment=commitment, status=Commitment.Status.DONE, evidence=evidence, on=on, actor=actor
    )


@transaction.atomic
def progress_record(
    *,
    deal: Deal,
    text: str,
    author=None,
    date: dt.date | None = None,
    commitment: Commitment | None = None,
) -> ProgressUpdate:
    """Adds a dated progress update to the deal (today unless given), optionally about one of its
    commitments. It shows on the public page once the deal is published."""
    update = ProgressUpdate(
        deal=deal, commitment=commitment, text=text, author=author, date=date or timezone.localdate()
    )
    update.full_clean()
    update.save()
    return update


# Targets and the figures reported for them.


@transaction.atomic
def target_set(
    *,
    commitment: Commitment,
    measure: Measure,
    target_number: int,
    target_date: dt.date,
    baseline: int = 0,
    baseline_date: dt.date | None = None,
    actor=None,
) -> Target:
    """Gives a commitment a number to reach by a date, from a baseline (counted today unless a date is
    given). The figure achieved starts at the baseline; only accepted updates move it."""
    target = Target(
        commitment=commitment,
        measure=measure,
        target_number=target_number,
        baseline=baseline,
        baseline_date=baseline_date or timezone.localdate(),
        target_date=target_date,
        achieved=baseline,
    )
    target.full_clean()
    target.save()
    return target


def _new_update(*, target, achieved, date, note, evidence, reporter, state) -> TargetUpdate:
    if date is None:
        date = timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": "The date must be today or in the past."})
    update = TargetUpdate(target=target, achieved=achieved, date=date, note=note, reported_by=reporter, state=state)
    if evidence is not None:
        try:
            document_check(evidence)
        except DocumentRefused as refused:
            raise ValidationError({"evidence": refused.message}) from refused
        update.evidence_name = PurePath(evidence.name).name[-255:]
        update.evidence.save(evidence.name, evidence, save=False)
    update.full_clean()
    update.save()
    return update


def _refresh_achieved(target_id: int) -> Target:
    """Sets the target's figure to its latest accepted update's (by date, then the later report)."""
    target = Target.objects.select_for_update().get(pk=target_id)
    latest = target.updates.filter(state=TargetUpdate.State.ACCEPTED).order_by("-date", "-pk").first()
    target.achieved = latest.achieved if latest else target.baseline
    target.achieved_on = latest.date if latest else None
    target.save(update_fields=["achieved", "achieved_on"])
    return target


@transaction.atomic
def target_update_record(
    *, target: Target, achieved: int, actor, date: dt.date | None = None, note: str = "", evidence=None
) -> TargetUpdate:
    """An officer's figure for a target: accepted as it is recorded, so it shows at once. The evidence,
    if any, passes the same checks as application documents, or nothing is written."""
    update = _new_update(
        target=target,
        achieved=achieved,
        date=date,
        note=note,
        evidence=evidence,
        reporter=actor,
        state=TargetUpdate.State.AWAITING_CHECK,
    )
    return target_update_accept(update=update, actor=actor)


@transaction.atomic
def target_update_report(
    *, target: Target, achieved: int, user, date: dt.date | None = None, note: str = "", evidence=None
) -> TargetUpdate:
    """A partner's figure for one of their own party's targets. It waits, marked "awaiting check", until
    an officer accepts it; public pages keep showing the last accepted figure. Raises ValidationError
    if the target is not one this person was invited to report on."""
    if not Target.objects.for_contact(user).filter(pk=target.pk).exists():
        raise ValidationError("You can only report on your own organisation's commitments.")
    return _new_update(
        target=target,
        achieved=achieved,
        date=date,
        note=note,
        evidence=evidence,
        reporter=user,
        state=TargetUpdate.State.AWAITING_CHECK,
    )


@transaction.atomic
def target_update_accept(*, update: TargetUpdate, actor) -> TargetUpdate:
    """Accepts a reported figure: it counts on public pages from now on, and the target shows its latest
    accepted figure. Accepting an accepted figure changes nothing."""
    update = TargetUpdate.objects.select_for_update().get(pk=update.pk)
    if update.state == TargetUpdate.State.ACCEPTED:
        return update
    update.state = TargetUpdate.State.ACCEPTED
    update.checked_by = actor
    update.checked_at = timezone.now()
    update.save(update_fields=["state", "checked_by", "checked_at"])
    _refresh_achieved(update.target_id)
    return update


# What the deal asks of government.


@transaction.atomic
def government_ask_add(
    *, deal: Deal, ask: str, outcome: str = GovernmentAsk.Outcome.WAITING, outcome_note: str = "", actor=None
) -> GovernmentAsk:
    """Records something the deal asks of government, and what came of it so far."""
    item = GovernmentAsk(deal=deal, ask=ask, outcome=outcome, outcome_note=outcome_note)
    item.full_clean()
    item.save()
    return item


# Partners who report their own figures.


@transaction.atomic
def partner_invite(*, party: Party, name: str, email: str, actor) -> PartnerInvitation:
    """Invites a named contact to report on this party's commitments: writes the invitation and its
    email to the outbox in one transaction, so the email is sent exactly when the invitation exists."""
    invitation = PartnerInvitation(
        party=party, name=name, email=email.strip().lower(), invited_by=actor, token=secrets.token_urlsafe(32)
    )
    invitation.full_clean()
    invitation.save()
    _queue_invitation(invitation)
    return invitation


def _queue_invitation(invitation: PartnerInvitation) -> None:
    """The invitation's email, written to the outbox in the invitation's own transaction."""
    emails.queue(
        to=[invitation.email],
        subject=f"Report your progress on the deal “{invitation.party.deal.title}”",
        template="deals_partner_invitation",
        context={
            "invitation": invitation,
            "party": invitation.party,
            "deal": invitation.party.deal,
            "action_path": reverse("deals:partner_invitation", args=[invitation.token]),
        },
        key=f"partner_invitation:{invitation.pk}",
        about=invitation,
    )


class InvitationRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def partner_invitation_accept(*, token: str, user) -> PartnerInvitation:
    """Links the signed-in person to the party they were invited for, so they may report its figures.
    The invitation is for one email address: someone signed in with another is refused, and so is a
    second person once it has been accepted. Accepting it again as the same person changes nothing."""
    invitation = PartnerInvitation.objects.select_for_update().filter(token=token).first()
    if invitation is None:
        raise InvitationRefused("This invitation link is not right. Ask the council officer to send it again.")
    if invitation.user_id is not None:
        if invitation.user_id == user.pk:
            return invitation
        raise InvitationRefused("This invitation has already been used. Ask the council officer for a new one.")
    if user.email.lower() != invitation.email.lower():
        raise InvitationRefused(
            f"This invitation is for {invitation.email}. Sign out, then sign in or create an account with that address."
        )
    invitation.user = user
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["user", "accepted_at"])
    return invitation
