"""How deals get on: progress updates, targets against measures, the figures reported for them (a
partner's waiting for an officer's check), and what each deal asks of government."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from kbt.form_lengths import NOTE_MAX_CHARACTERS, LimitedTextField

from .deals import Commitment, Deal, Party


class ProgressUpdate(models.Model):
    """A dated note of how a deal (or one of its commitments) is going. Shown on the public page."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="progress_updates")
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        help_text="If the update is about one commitment.",
    )
    date = models.DateField()
    text = LimitedTextField("what has happened")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["deal", "-date"], name="progress_deal_date_idx")]

    def __str__(self):
        return f"{self.date:%-d %B %Y}: {self.text[:60]}"

    def clean(self):
        if self.commitment_id and self.deal_id and self.commitment.deal_id != self.deal_id:
            raise ValidationError({"commitment": "Choose one of this deal's commitments."})


class Measure(models.Model):
    """What a target counts, such as apprenticeships. Seeded by a data migration; officers may add more."""

    name = models.CharField(max_length=100, unique=True, help_text="As in a sentence: “apprenticeships”.")
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class TargetQuerySet(models.QuerySet):
    def in_published_deals(self):
        return self.filter(commitment__deal__published=True)

    def for_contact(self, user):
        """Targets of the commitments of the parties this person was invited to report for."""
        return self.filter(commitment__party__in=Party.objects.for_contact(user))


class Target(models.Model):
    """A number a commitment promises, from a baseline, by a date. `achieved` and `achieved_on` are the
    latest accepted figure, kept by the deals services so pages and roll-ups read one column."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="targets")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="targets")
    target_number = models.PositiveIntegerField("target")
    baseline = models.PositiveIntegerField(default=0, help_text="Where the count stood when the target was set.")
    baseline_date = models.DateField(help_text="When the count stood at the baseline.")
    target_date = models.DateField()
    achieved = models.PositiveIntegerField(default=0, editable=False)
    achieved_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["target_date", "id"]
        indexes = [models.Index(fields=["target_date"], name="target_date_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(target_number__gt=F("baseline")), name="target_above_baseline"),
            models.CheckConstraint(condition=Q(target_date__gt=F("baseline_date")), name="target_after_baseline"),
        ]

    def __str__(self):
        return f"{self.target_number:,} {self.measure} by {self.target_date:%-d %B %Y}"

    def clean(self):
        if self.baseline is not None and self.target_number is not None and self.target_number <= self.baseline:
            raise ValidationError({"target_number": "The target must be more than the baseline."})
        if self.baseline_date and self.target_date and self.target_date <= self.baseline_date:
            raise ValidationError({"target_date": "The target date must be after the baseline date."})

    @property
    def percent(self) -> int:
        """How much of the target is achieved, as a whole percentage (212 of 300 is 71)."""
        return round(100 * self.achieved / self.target_number) if self.target_number else 0

    @property
    def progress_text(self) -> str:
        """“212 of 300 apprenticeships (71%), due March 2016”."""
        return (
            f"{self.achieved:,} of {self.target_number:,} {self.measure.name} ({self.percent}%), "
            f"due {self.target_date:%B %Y}"
        )


def evidence_upload_to(instance, filename):
    # A random name, as for application documents: the stored path says nothing.
    return f"deal-evidence/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class TargetUpdate(models.Model):
    """A figure reported for a target: how many achieved so far, on a date. A partner's figure waits for
    an officer's check; only accepted figures count on public pages."""

    class State(models.TextChoices):
        AWAITING_CHECK = "awaiting_check", "Awaiting check"
        ACCEPTED = "accepted", "Accepted"

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="updates")
    achieved = models.PositiveIntegerField("number achieved so far")
    date = models.DateField()
    note = LimitedTextField(blank=True, max_length=NOTE_MAX_CHARACTERS)
    evidence = models.FileField(upload_to=evidence_upload_to, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.AWAITING_CHECK)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["target", "-date"], name="targetupdate_target_date_idx"),
            models.Index(fields=["state", "created_at"], name="targetupdate_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="awaiting_check") | Q(checked_at__isnull=False), name="targetupdate_checked_when"
            ),
        ]

    def __str__(self):
        return f"{self.achieved:,} {self.target.measure} on {self.date:%-d %B %Y}"


class GovernmentAsk(models.Model):
    """What a deal asks of government in return for its pledges, and what came of it."""

    class Outcome(models.TextChoices):
        WAITING = "waiting", "Waiting for an answer"
        AGREED = "agreed", "Agreed"
        PARTLY = "partly", "Partly agreed"
        REFUSED = "refused", "Refused"

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="government_asks")
    ask = LimitedTextField("we ask government to", max_length=NOTE_MAX_CHARACTERS)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.WAITING)
    outcome_note = LimitedTextField("what came of it", blank=True, max_length=NOTE_MAX_CHARACTERS)

    class Meta:
        ordering = ["deal", "id"]
        verbose_name = "ask of government"
        verbose_name_plural = "asks of government"

    def __str__(self):
        return self.ask if len(self.ask) <= 80 else self.ask[:77] + "…"
