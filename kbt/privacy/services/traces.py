"""What other records keep of a person or a document, removed when they go. The audit log is append-only
for everything else; here, and only here, a deleted thing's label is replaced, because the label may be a
name (a person's, or a file's) that must not outlive its retention period. The entry itself stays."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from grants.models import Application, Document, SentReminder
from kbt.audit.models import AuditEntry
from kbt.outbox.models import OutboxEmail


def audit_labels_forget(*, model, pks) -> None:
    pks = [str(pk) for pk in pks]
    if pks:
        AuditEntry.objects.filter(target_type=model._meta.label, target_id__in=pks).update(
            target_label=f"Deleted {model._meta.verbose_name}"
        )


def documents_traces_forget(document_pks) -> None:
    audit_labels_forget(model=Document, pks=document_pks)


def application_traces_forget(application_pk: int) -> None:
    """Reminders and emails about an application name their recipients and quote the application; once it
    is deleted or cleared they go. Emails not yet delivered go too: what they said is no longer true."""
    application_type = ContentType.objects.get_for_model(Application)
    SentReminder.objects.filter(object_type=application_type, object_id=application_pk).delete()
    OutboxEmail.objects.filter(about_type=application_type, about_id=application_pk).delete()


def person_traces_forget(user) -> None:
    SentReminder.objects.filter(recipient__iexact=user.email).delete()
    # Sent emails are copies of what the person received; unsent ones must not reach a deleted account.
    OutboxEmail.objects.filter(recipient__iexact=user.email).delete()
    audit_labels_forget(model=get_user_model(), pks=[user.pk])
