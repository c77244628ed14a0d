"""Reminder timings that officers edit, and the record of every reminder claimed, sent or failed."""

import datetime as dt

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


def reminder_kinds():
    """The registry of kinds, asked through the reminders app (kbt/reminders) rather than imported: the
    kinds import these models, so the models must not import them."""
    return apps.get_app_config("reminders").kinds


def reminder_kind_choices():
    # A callable, so a kind added by another app (deals) needs no migration here.
    return reminder_kinds().choices()


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class ReminderRule(models.Model):
    """One timing of one kind of reminder. A kind may have several (drafts: 7 days and 1 day before a
    round closes). Seeded with the defaults by a data migration; officers change them in admin."""

    kind = models.CharField(max_length=40, choices=reminder_kind_choices)
    days = models.PositiveSmallIntegerField(
        help_text="How many days: before the round closes, after the request, of waiting, or ahead of the "
        "due date, as the kind says."
    )
    send_from = models.TimeField(
        default=dt.time(8, 0), help_text="Reminders of this kind go out from this time of day, UK time."
    )
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices,
        null=True,
        blank=True,
        help_text="For weekly digests only: the day of the week they go out.",
    )
    enabled = models.BooleanField(default=True, help_text="Untick to stop sending reminders of this timing.")

    class Meta:
        ordering = ["kind", "-days"]
        verbose_name = "reminder timing"
        constraints = [
            models.UniqueConstraint(fields=["kind", "days"], name="reminder_rule_unique_kind_days"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.days} days"

    def clean(self):
        kind = reminder_kinds().get(self.kind)
        if kind is not None and kind.weekly and self.weekday is None:
            raise ValidationError({"weekday": "Choose the day of the week this digest goes out."})


class SentReminder(models.Model):
    """A reminder claimed for one recipient about one thing for one due date. The unique constraint is
    what makes a reminder go out at most once: it is claimed (inserted) before anything is sent."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Not needed any more"

    kind = models.CharField(max_length=40, choices=reminder_kind_choices)
    object_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("object_type", "object_id")
    recipient = models.EmailField()
    due_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # While a task is queued or waiting to retry, the sweep leaves the reminder alone until this time;
    # empty means the next sweep queues it (it was never queued, or queueing failed).
    next_try_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "reminder sent"
        verbose_name_plural = "reminders sent"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id", "recipient", "due_date"],
                name="sent_reminder_once",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="sent_reminder_sent_has_time"
            ),
        ]
        indexes = [
            models.Index(fields=["next_try_at"], name="sent_reminder_pending_idx", condition=Q(status="pending")),
            models.Index(fields=["status", "kind"], name="sent_reminder_status_kind_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient} (due {self.due_date:%d %B %Y})"
