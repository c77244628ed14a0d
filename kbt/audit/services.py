"""The only writer of the audit log."""

from .models import AuditEntry


def audit_record(*, actor, action: str, target=None, detail: str = "", subject_user=None) -> AuditEntry:
    """Write one audit entry: who (`actor`, None for the system), did what (`AuditEntry.Action`), to
    what (`target`, any model instance, or None) and any plain-text `detail`.

    Guarantees: the entry is written in the caller's transaction, so it exists exactly when the
    change it records does. Never put passwords, bank details or document contents in `detail`.
    """
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        subject_user=subject_user,
        detail=detail,
    )
