"""A spreadsheet of applications an officer asked for: made by a Celery task, then linked in an email."""

from django.conf import settings
from django.db import models


class ApplicationExport(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Which applications: the list's filters and search as a query string, or the rows ticked.
    query = models.TextField(blank=True)
    selected = models.JSONField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    file = models.FileField(upload_to="exports/", blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"Applications spreadsheet {self.pk} for {self.requested_by}"
