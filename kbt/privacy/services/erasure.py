"""Deleting a person's account, at their request or when the retention job finds it unused."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from kbt.audit.models import AuditEntry
from kbt.audit.services import audit_record

from ..selectors import Refusal, account_deletion_refusal
from .traces import person_traces_forget


class ErasureRefused(Exception):
    def __init__(self, refusal: Refusal):
        super().__init__(refusal.reason)
        self.refusal = refusal


def _forget_sign_ins(user) -> None:
    # django-axes keeps the address typed at each sign-in, with the IP address.
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()


def _end_sessions(user) -> None:
    # Sessions cannot be found by user without decoding them; only unexpired ones matter.
    key = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            session.delete()


@transaction.atomic
def user_erase(*, user, actor, why: str, check: bool = True) -> str:
    """Delete `user`'s account and everything personal that hangs off it: memberships, sign-in records,
    sessions. Returns "deleted", or "anonymised" where the council must keep a record the person took
    part in (a workflow step they took, an assessment): then the row stays with no name, no email
    address and no way to sign in, so nothing left identifies them.

    With `check` (the default) it refuses, raising ErasureRefused, when account_deletion_refusal says so.
    Guarantees: all or nothing; one audit entry, with no personal detail in it."""
    if check and (refusal := account_deletion_refusal(user)):
        raise ErasureRefused(refusal)
    pk = user.pk
    by_themselves = actor is None or actor.pk == pk
    _forget_sign_ins(user)
    _end_sessions(user)
    person_traces_forget(user)
    user.memberships.all().delete()
    try:
        with transaction.atomic():
            user.delete()
        outcome = "deleted"
    except (ProtectedError, RestrictedError):
        user.email = f"deleted-{pk}@deleted.invalid"
        user.full_name = ""
        user.is_active = False
        user.email_verified = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        outcome = "anonymised"
    audit_record(
        actor=None if by_themselves else actor,
        action=AuditEntry.Action.DELETED,
        detail=f"Account {pk} {outcome}: {why}",
    )
    return outcome
