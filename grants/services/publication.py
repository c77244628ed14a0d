"""What the public register and the open data files show (issue 15): an officer may keep a grant off them,
or keep a group's postcode out of them, always with a reason, and may edit the group's public summary
before it is published. Every change is audited (kbt.audit, action "publication")."""

from django.core.exceptions import ValidationError
from django.db import transaction

from kbt.audit.models import AuditEntry
from kbt.audit.services import audit_record
from kbt.form_lengths import PUBLIC_SUMMARY_MAX_CHARACTERS

from ..models import Application, Organisation
from ..models.applications import validate_no_contact_details
from ..open_data.tasks import publish_open_data
from .errors import ActionForbidden, MissingInput


def _check_officer(actor) -> None:
    if not (getattr(actor, "is_officer", False) or getattr(actor, "is_administrator", False)):
        raise ActionForbidden("Only an officer can change what is published.")


def _republish(actor) -> None:
    """Make the open data files again once the change is saved, so that a grant or postcode kept back
    leaves the public files within minutes, not at the nightly run (the register's pages read the
    database, so they change at once)."""
    transaction.on_commit(lambda: publish_open_data.delay(trigger="officer", requested_by_id=actor.pk))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise MissingInput("Enter why it is kept off the published register.")
    return reason


@transaction.atomic
def grant_withhold(application: Application, *, reason: str, actor) -> Application:
    """Keep a grant off the public register and the open data files, with the reason."""
    _check_officer(actor)
    reason = _reason(reason)
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.withheld, application.withheld_reason = True, reason
    application.save(update_fields=["withheld", "withheld_reason", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.PUBLICATION, target=application, detail=f"Withheld: {reason}")
    _republish(actor)
    return application


@transaction.atomic
def grant_unwithhold(application: Application, *, actor) -> Application:
    """Publish a withheld grant again (when its status is a published one)."""
    _check_officer(actor)
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.withheld, application.withheld_reason = False, ""
    application.save(update_fields=["withheld", "withheld_reason", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.PUBLICATION, target=application, detail="No longer withheld")
    _republish(actor)
    return application


@transaction.atomic
def postcode_withhold(organisation: Organisation, *, reason: str, actor) -> Organisation:
    """Keep a group's postcode (and the location it gives away) out of every page and file."""
    _check_officer(actor)
    reason = _reason(reason)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.postcode_withheld, organisation.postcode_withheld_reason = True, reason
    organisation.save(update_fields=["postcode_withheld", "postcode_withheld_reason"])
    audit_record(
        actor=actor, action=AuditEntry.Action.PUBLICATION, target=organisation, detail=f"Postcode withheld: {reason}"
    )
    _republish(actor)
    return organisation


@transaction.atomic
def postcode_unwithhold(organisation: Organisation, *, actor) -> Organisation:
    _check_officer(actor)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.postcode_withheld, organisation.postcode_withheld_reason = False, ""
    organisation.save(update_fields=["postcode_withheld", "postcode_withheld_reason"])
    audit_record(
        actor=actor, action=AuditEntry.Action.PUBLICATION, target=organisation, detail="Postcode no longer withheld"
    )
    _republish(actor)
    return organisation


@transaction.atomic
def public_summary_edit(application: Application, *, text: str, actor) -> Application:
    """An officer's edit of the group's public summary, before (or after) it is published."""
    _check_officer(actor)
    text = (text or "").strip()
    if len(text) > PUBLIC_SUMMARY_MAX_CHARACTERS:
        raise MissingInput(f"The public summary must be {PUBLIC_SUMMARY_MAX_CHARACTERS:,} characters or fewer.")
    try:
        validate_no_contact_details(text)
    except ValidationError as error:
        raise MissingInput(error.messages[0]) from None
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.public_summary == text:
        return application
    application.public_summary = text
    application.save(update_fields=["public_summary", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.PUBLICATION, target=application, detail="Public summary edited")
    return application
