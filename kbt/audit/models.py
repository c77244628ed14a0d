"""One append-only log of things the council must be able to account for: role changes, staff looking at
drafts or bank details, exports, retention deletions. Written only by kbt.audit.services.audit_record."""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        ROLE_CHANGED = "role_changed", "Role changed"
        VIEWED = "viewed", "Viewed"
        EXPORTED = "exported", "Exported"
        DELETED = "deleted", "Deleted"
        SECURITY = "security", "Security setting changed"
        PUBLICATION = "publication", "Publication changed"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    # What the entry is about, kept as plain text so the entry outlives the thing itself.
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=255, blank=True)
    # The person the entry is about, where there is one (for subject access requests).
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries_about",
    )
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.target_label or self.target_type}"
