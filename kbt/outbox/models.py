"""The outbox: every email the portal sends, one row per recipient, written in the transaction of the
change that causes it and delivered from here by a Celery task (kbt.outbox.services)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class OutboxEmail(models.Model):
    """One email to one recipient, rendered when it is written, so delivering it reads nothing else.
    The unique `key` says which event it belongs to, so the same email can never be written twice."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be sent"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        # Written but never to be sent: the demo's made-up history (`make run`). Kept, to read in admin.
        HELD = "held", "Held (demo history, not sent)"

    key = models.CharField(max_length=255, unique=True, help_text="Which event this email belongs to.")
    recipient = models.EmailField()
    kind = models.CharField(max_length=60)
    # What the email is about: an application, a deal, an account. Empty for a stranger's sign-up.
    about_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    reference = models.CharField(max_length=100, blank=True, help_text="The reference people see, like KBT-ENV-00042.")
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Waiting: not sent before this time (a retry's backoff). Sending: the claim's lease; past it, the
    # delivery is taken to have died and the sweep tries again.
    next_attempt_at = models.DateTimeField()
    # When a delivery task was last queued; the sweep leaves the row alone for a while after it.
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "email"
        verbose_name_plural = "emails (outbox)"
        constraints = [
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False), name="outbox_sent_has_time"),
        ]
        indexes = [
            # The sweep's scan: only rows still to deliver.
            models.Index(
                fields=["next_attempt_at"], name="outbox_due_idx", condition=Q(status__in=["waiting", "sending"])
            ),
            models.Index(fields=["status", "kind"], name="outbox_status_kind_idx"),
            models.Index(fields=["about_type", "about_id"], name="outbox_about_idx"),
        ]

    def __str__(self):
        return f"{self.subject} to {self.recipient}"
