"""Monitoring and end-of-grant reports: what a funded group did with the money, against what it promised.

A grant's reports are scheduled when the offer is accepted (grants.services.reports.make_schedule);
the group fills each in over several visits and sends it; an officer accepts it or asks for changes.
Every answer lives on the report and its rows; every step is a ReportEvent. Only the services write."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import Q

from kbt.form_lengths import LONG_ANSWER_MAX_CHARACTERS, NOTE_MAX_CHARACTERS, LimitedTextField

from .applications import MAX_BENEFICIARIES, Application, BudgetLine, Document
from .money import MoneyField
from .outcomes import OutcomeMeasure


def _long_text(label, **kwargs):
    return models.TextField(
        label,
        blank=True,
        max_length=LONG_ANSWER_MAX_CHARACTERS,
        validators=[MaxLengthValidator(LONG_ANSWER_MAX_CHARACTERS)],
        **kwargs,
    )


def _count(label):
    return models.PositiveIntegerField(label, null=True, blank=True, validators=[MaxValueValidator(MAX_BENEFICIARIES)])


class ReportState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SENT = "sent", "Sent for review"
    CHANGES_REQUESTED = "changes_requested", "Changes asked for"
    ACCEPTED = "accepted", "Accepted"


# The group may change a report in these states; the officer reviews it in SENT.
EDITABLE = (ReportState.NOT_STARTED, ReportState.IN_PROGRESS, ReportState.CHANGES_REQUESTED)
NOT_SENT = EDITABLE


class ReportQuerySet(models.QuerySet):
    def waiting_for_group(self):
        return self.filter(state__in=NOT_SENT, application__status="grant_active")


class Report(models.Model):
    class Kind(models.TextChoices):
        PROGRESS = "progress", "Progress report"
        FINAL = "final", "End-of-grant report"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_date = models.DateField()
    state = models.CharField(max_length=20, choices=ReportState.choices, default=ReportState.NOT_STARTED)

    # 1. What you did.
    what_you_did = _long_text("what you did")
    # 3. People who benefited, with an optional breakdown by age group.
    people_helped = _count("people who benefited")
    people_under_18 = _count("aged under 18")
    people_18_to_64 = _count("aged 18 to 64")
    people_65_and_over = _count("aged 65 and over")
    # 4. Volunteers and their hours.
    volunteers = _count("volunteers")
    volunteer_hours = _count("volunteer hours")
    # 6. Underspend to return (None: not answered yet).
    underspend = MoneyField("underspend to return (£)", null=True, blank=True)
    underspend_explanation = _long_text("why there is an underspend")
    # 8. A short story for the public, with consent.
    story = _long_text("a short story for the public")
    story_consent = models.BooleanField("happy for the story to be published", default=False)
    # 9. What you learned.
    learning = _long_text("what you learned")
    # Which sections the group has visited (the task list's "In progress").
    sections_started = models.JSONField(default=list, blank=True)

    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set once, when the report first passes its due date unsent (payments hold the next instalment).
    overdue_at = models.DateTimeField(null=True, blank=True)
    # An officer may waive the return of a final report's underspend, with a reason.
    underspend_waived_reason = LimitedTextField(blank=True, max_length=NOTE_MAX_CHARACTERS)
    underspend_waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["application", "due_date", "id"]
        indexes = [
            models.Index(fields=["state", "due_date"], name="report_state_due_idx"),
            models.Index(fields=["application", "due_date"], name="report_application_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(kind="final"), name="report_one_final_per_grant"
            ),
            models.CheckConstraint(
                condition=~Q(state="accepted") | Q(accepted_at__isnull=False), name="report_accepted_has_date"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} due {self.due_date:%-d %B %Y} ({self.application.reference})"

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE

    @property
    def title(self) -> str:
        return f"{self.get_kind_display()}, due {self.due_date:%-d %B %Y}"


class ReportMeasure(models.Model):
    """2. One promised measure: the number aimed for (copied when the report is made), the number
    achieved so far, and why they differ."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="measures")
    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.PROTECT, related_name="+")
    target = models.PositiveIntegerField(null=True, blank=True)
    achieved = _count("number achieved")
    explanation = _long_text("why they differ")

    class Meta:
        ordering = ["measure__priority_number", "measure__order", "measure__name"]
        constraints = [models.UniqueConstraint(fields=["report", "measure"], name="report_measure_once")]

    def __str__(self):
        return f"{self.measure}: {self.achieved if self.achieved is not None else '?'} of {self.target or '?'}"


class ReportSpend(models.Model):
    """5. Spending to date on one budget line, against what was planned."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="spending")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="+")
    spent = MoneyField("spent so far (£)", null=True, blank=True)
    explanation = _long_text("why it differs from the plan")

    class Meta:
        ordering = ["budget_line__financial_year", "budget_line_id"]
        constraints = [models.UniqueConstraint(fields=["report", "budget_line"], name="report_spend_once_per_line")]

    def __str__(self):
        return f"{self.budget_line.item}: {self.spent}"


class ReportEvidence(models.Model):
    """7. A photo or other evidence: an application Document (so the same file checks and virus scan
    apply), with the group's consent to publish it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="report_evidence")
    caption = models.CharField(max_length=200, blank=True)
    publish_consent = models.BooleanField("happy for it to be published", default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.caption or self.document.original_name


class ReportEvent(models.Model):
    """One step in a report's life: scheduled, moved, sent, changes asked for, accepted, overdue."""

    class Action(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        RESCHEDULED = "rescheduled", "Due date changed"
        SENT = "sent", "Sent"
        CHANGES_REQUESTED = "changes_requested", "Changes asked for"
        ACCEPTED = "accepted", "Accepted"
        OVERDUE = "overdue", "Overdue"
        UNDERSPEND_WAIVED = "underspend_waived", "Underspend waived"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = LimitedTextField(blank=True, max_length=NOTE_MAX_CHARACTERS)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.report}"
