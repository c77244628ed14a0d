"""Community groups' profiles and who may act for them."""

import uuid

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from kbt.outbox.services import email_queue

from ..models import Membership, Organisation

INVITE_SALT = "grants.organisation-invite"
INVITE_MAX_AGE = 60 * 60 * 24 * 14  # two weeks


class InviteInvalid(Exception):
    """An invitation link that is old, altered, or for someone else. `message` is fit to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def organisation_create(*, user, **fields) -> Organisation:
    """Create a group's profile, validated, with `user` as its main contact."""
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.LEAD, can_sign=True)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, **fields) -> Organisation:
    """Change a group's profile, validated. Drafts read it from here, so nobody types it twice."""
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_invite(*, organisation: Organisation, email: str, invited_by) -> str:
    """Email `email` a link to join `organisation`, through the outbox. The link works for two weeks,
    only for the account with that address. Returns the link."""
    email = email.strip().lower()
    token = signing.dumps({"o": organisation.pk, "e": email}, salt=INVITE_SALT)
    link = settings.SITE_URL + reverse("grants:organisation_join", args=[token])
    email_queue(
        to=email,
        kind="organisation_invite",
        subject=f"Join {organisation.name} on Knowsley Better Together",
        template="grants/emails/organisation_invite",
        context={"organisation": organisation, "invited_by": invited_by, "link": link},
        # Every invitation sent is its own email, even a second one to the same address.
        key=f"organisation_invite:{organisation.pk}:{uuid.uuid4().hex}",
        about=organisation,
    )
    return link


@transaction.atomic
def organisation_join(*, token: str, user) -> Organisation:
    """Make `user` a member of the organisation the invitation is for, if it was sent to their address.
    Joining twice changes nothing."""
    try:
        data = signing.loads(token, salt=INVITE_SALT, max_age=INVITE_MAX_AGE)
    except signing.BadSignature as error:
        raise InviteInvalid("This invitation link is out of date or not complete. Ask for a new one.") from error
    if data["e"] != user.email.lower():
        raise InviteInvalid(
            "This invitation was sent to a different email address. Sign in with the account it was sent to."
        )
    organisation = Organisation.objects.filter(pk=data["o"]).first()
    if organisation is None:
        raise InviteInvalid("This organisation no longer exists.")
    Membership.objects.get_or_create(organisation=organisation, user=user)
    return organisation


def membership_set_signatory(*, membership: Membership, can_sign: bool, actor) -> Membership:
    """Mark a member as able (or not) to sign for the organisation: accept grant offers. Guarantees: only
    a member of the same organisation does it, and the organisation always keeps at least one signatory."""
    from kbt.audit.models import AuditEntry
    from kbt.audit.services import audit_record

    from .errors import ActionForbidden, MissingInput

    with transaction.atomic():
        members = Membership.objects.select_for_update().filter(organisation_id=membership.organisation_id)
        locked = {m.pk: m for m in members}
        if not any(m.user_id == getattr(actor, "pk", None) for m in locked.values()):
            raise ActionForbidden("Only a member of the organisation can choose who signs for it.")
        target = locked[membership.pk]
        others = [m for m in locked.values() if m.can_sign and m.pk != target.pk]
        if not can_sign and not others:
            raise MissingInput(
                "Your organisation must always have someone who can sign for it. Mark another member first."
            )
        if target.can_sign != can_sign:
            target.can_sign = can_sign
            target.save(update_fields=["can_sign"])
            audit_record(
                actor=actor,
                action=AuditEntry.Action.ROLE_CHANGED,
                target=target,
                subject_user=target.user,
                detail=f"{'Can' if can_sign else 'Can no longer'} sign for {target.organisation.name}",
            )
        membership.can_sign = can_sign
        return membership
