"""Role changes made in the officers' site, written to the audit log.

A role is who is staff, in which staff group, a councillor of which wards, or a member of which
organisation. Each admin page that changes one describes its record as a small dict of plain-text
values (`role_state`); the mixin compares the record before and after a save and writes one entry
saying what changed, so the log reads "groups: Officer → Officer, Administrators"."""

from django.db import transaction

from .models import AuditEntry
from .services import audit_record


def describe_change(before: dict[str, str] | None, after: dict[str, str] | None) -> str:
    """Plain English for a change between two role states: added, removed, or each field that moved."""
    if before is None and after is not None:
        return "added: " + "; ".join(f"{k}: {v}" for k, v in after.items())
    if after is None and before is not None:
        return "removed: " + "; ".join(f"{k}: {v}" for k, v in before.items())
    return "; ".join(f"{k}: {before[k]} → {after[k]}" for k in after if before.get(k) != after[k])


def names(objects) -> str:
    return ", ".join(sorted(str(o) for o in objects)) or "none"


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def record_role_change(*, actor, target, before, after, subject_user=None) -> AuditEntry | None:
    """Write one ROLE_CHANGED entry if anything changed; None when nothing did."""
    detail = describe_change(before, after)
    if not detail:
        return None
    return audit_record(
        actor=actor, action=AuditEntry.Action.ROLE_CHANGED, target=target, detail=detail, subject_user=subject_user
    )


class RoleChangesAudited:
    """For a ModelAdmin whose records are roles. Define `role_state(obj) -> dict[str, str]` and
    `role_subject(obj) -> User | None` (the person whose role it is)."""

    def role_state(self, obj) -> dict[str, str]:
        raise NotImplementedError

    def role_subject(self, obj):
        return None

    def _state_in_database(self, obj):
        fresh = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk else None
        return self.role_state(fresh) if fresh is not None else None

    def save_model(self, request, obj, form, change):
        # The form has already put the new values on `obj`: read the old ones from the database.
        request._role_before = self._state_in_database(obj) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        record_role_change(
            actor=request.user,
            target=obj,
            before=getattr(request, "_role_before", None),
            after=self._state_in_database(obj),
            subject_user=self.role_subject(obj),
        )

    # Django's add, change and delete views run in one transaction, so the entry exists exactly
    # when the change does.
    def delete_model(self, request, obj):
        record_role_change(
            actor=request.user, target=obj, before=self.role_state(obj), after=None, subject_user=self.role_subject(obj)
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The list's "delete selected" action is not in a transaction of its own.
        with transaction.atomic():
            for obj in queryset:
                record_role_change(
                    actor=request.user,
                    target=obj,
                    before=self.role_state(obj),
                    after=None,
                    subject_user=self.role_subject(obj),
                )
            super().delete_queryset(request, queryset)
