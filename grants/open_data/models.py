"""Each publishing run of the open data files: when, who asked, the counts, any grant left out and why,
and where its files are kept (document storage, under open-data/<run>/)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class PublishingRunQuerySet(models.QuerySet):
    def succeeded(self):
        return self.filter(status=PublishingRun.Status.SUCCEEDED)

    def latest_published(self) -> "PublishingRun | None":
        """The latest run whose files are published (what the public addresses serve), or None."""
        return self.succeeded().exclude(files={}).order_by("-started_at", "-id").first()


class PublishingRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Published"
        FAILED = "failed", "Failed"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Every night"
        OFFICER = "officer", "An officer asked"
        DEMO = "demo", "Demo data"

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    grants_published = models.PositiveIntegerField(default=0)
    grants_left_out = models.PositiveIntegerField(default=0)
    postcodes_withheld = models.PositiveIntegerField("groups' postcodes kept private", default=0)
    # [{"reference", "title", "reason"}]: each accepted grant not in the files, and why.
    left_out = models.JSONField(default=list, blank=True)
    # {"json": "open-data/7/360giving.json", ...}: the files' names in document storage, and their sizes.
    files = models.JSONField(default=dict, blank=True)
    sizes = models.JSONField(default=dict, blank=True)
    # What went wrong, for officers (never personal data: it names grants by reference).
    error = models.TextField(blank=True)

    objects = PublishingRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"
        verbose_name = "publishing run"
        verbose_name_plural = "publishing"  # the admin index's link to the Publishing page
        constraints = [
            # One run at a time, whoever asks (beat and an officer may ask at once).
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="running"), name="open_data_one_run_at_a_time"
            ),
        ]

    def __str__(self):
        return f"Publishing run {self.started_at:%d %B %Y %H:%M}"
