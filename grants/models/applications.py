"""Applications, their budget lines, documents and status history."""

import re
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from kbt.form_lengths import (
    LONG_ANSWER_MAX_CHARACTERS,
    NOTE_MAX_CHARACTERS,
    PUBLIC_SUMMARY_MAX_CHARACTERS,
    SUMMARY_MAX_CHARACTERS,
    LimitedTextField,
)

from ..financial_year import financial_year_label
from ..money import pounds
from .fund import Priority, Round, Strand, Ward
from .money import MoneyField
from .organisations import Organisation

# More people than live in Knowsley several times over: a bigger number is a slip of the keyboard.
MAX_BENEFICIARIES = 1_000_000
TOO_MANY_PEOPLE = f"Enter a number of people up to {MAX_BENEFICIARIES:,}"


# What is published must hold no contact details: an email address or a UK phone number in a public summary.
EMAIL_IN_TEXT = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}", re.IGNORECASE)
PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:\+44\s?|0)(?:\d\s?){9,10}(?!\d)")


def validate_no_contact_details(value: str) -> None:
    """Refuse an email address or a phone number in text that the council publishes."""
    if EMAIL_IN_TEXT.search(value or ""):
        raise ValidationError("Take out the email address: this summary is published")
    if PHONE_IN_TEXT.search(value or ""):
        raise ValidationError("Take out the phone number: this summary is published")


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_ASSESSMENT = "in_assessment", "In assessment"
    INFO_REQUESTED = "info_requested", "Information requested"
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    # Under the majority rule the ward's councillors did not agree in time: officers record the panel's
    # decision, or ask the councillors to vote again.
    COUNCILLORS_SPLIT = "councillors_split", "Councillors split"
    APPROVED = "approved", "Approved"
    OFFER_ISSUED = "offer_issued", "Offer issued"
    OFFER_DECLINED = "offer_declined", "Offer declined"
    OFFER_EXPIRED = "offer_expired", "Offer expired"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    GRANT_ACTIVE = "grant_active", "Grant offer accepted"
    COMPLETED = "completed", "Grant completed"


# The status groups, named once: every module that asks "is it still open?" asks here.
S = Status
BEFORE_DECISION = (S.DRAFT, S.SUBMITTED, S.IN_ASSESSMENT, S.INFO_REQUESTED, S.AWAITING_DECISION, S.COUNCILLORS_SPLIT)
ASSESSABLE = (S.SUBMITTED, S.IN_ASSESSMENT, S.INFO_REQUESTED)  # its assessment may still change
WITH_OFFICERS = (S.SUBMITTED, S.IN_ASSESSMENT)  # waiting on an officer's assessment, not the group
OPEN_FOR_INTEREST = (*ASSESSABLE, S.AWAITING_DECISION, S.COUNCILLORS_SPLIT)  # sent and not yet decided
CLOSED = (S.DRAFT, S.WITHDRAWN, S.DECLINED, S.OFFER_DECLINED, S.COMPLETED)  # nothing left to declare or assess
OFFERED = (S.OFFER_ISSUED, S.OFFER_EXPIRED)  # an offer is out (or lapsed) and not yet accepted or refused
DECIDED = (S.APPROVED, *OFFERED, S.OFFER_DECLINED, S.DECLINED, S.GRANT_ACTIVE, S.COMPLETED)
VISIBLE_TO_COUNCILLORS = (S.AWAITING_DECISION, S.COUNCILLORS_SPLIT, *DECIDED)
HOLDING_MONEY = (S.APPROVED, *OFFERED, S.GRANT_ACTIVE, S.COMPLETED)  # money is (or was) committed to it
# On the public register and in the open data files, unless an officer withheld it (issue 15).
PUBLISHED_STATUSES = (S.GRANT_ACTIVE, S.COMPLETED)
del S


class Recommendation(models.TextChoices):
    NONE = "", "None yet"
    RECOMMENDED = "recommended", "Recommended"
    NOT_RECOMMENDED = "not_recommended", "Not recommended"


class ApplicationQuerySet(models.QuerySet):
    def for_user(self, user):
        """Applications of the organisations this user is a member of."""
        return self.filter(organisation__memberships__user=user)

    def with_status(self, *statuses):
        return self.filter(status__in=statuses)

    def for_ward(self, ward):
        return self.filter(ward=ward)

    def submitted(self):
        return self.exclude(status=Status.DRAFT)


class Application(models.Model):
    reference = models.CharField(max_length=20, unique=True, null=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="applications")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    # The round's strand, kept here so officers' filters and the budget checks need no join.
    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="applications", editable=False)
    title = models.CharField("project name", max_length=200)
    # A TextField's max_length reaches the form but not the database: the validators hold it here too.
    summary = models.TextField(
        "summary of your project",
        blank=True,
        max_length=SUMMARY_MAX_CHARACTERS,
        validators=[MaxLengthValidator(SUMMARY_MAX_CHARACTERS)],
    )
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="applications")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="applications")
    amount_requested = MoneyField("amount requested (£)", null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    outcomes = models.TextField(
        "what difference your project will make",
        blank=True,
        max_length=LONG_ANSWER_MAX_CHARACTERS,
        validators=[MaxLengthValidator(LONG_ANSWER_MAX_CHARACTERS)],
    )
    beneficiaries_count = models.PositiveIntegerField(
        "number of people who will benefit",
        null=True,
        blank=True,
        validators=[
            MaxValueValidator(MAX_BENEFICIARIES, message=f"Enter a number of people up to {MAX_BENEFICIARIES:,}")
        ],
    )
    beneficiaries_description = models.TextField(
        "who will benefit",
        blank=True,
        max_length=LONG_ANSWER_MAX_CHARACTERS,
        validators=[MaxLengthValidator(LONG_ANSWER_MAX_CHARACTERS)],
    )
    match_funding = MoneyField("match funding (£)", default=Decimal("0.00"), blank=True)
    match_funding_sources = models.TextField(
        "where match funding comes from",
        blank=True,
        max_length=LONG_ANSWER_MAX_CHARACTERS,
        validators=[MaxLengthValidator(LONG_ANSWER_MAX_CHARACTERS)],
    )
    # Written by the group for the public register of grants (issue 15); officers may edit it before publishing.
    public_summary = models.TextField(
        "summary for the public",
        blank=True,
        max_length=PUBLIC_SUMMARY_MAX_CHARACTERS,
        validators=[MaxLengthValidator(PUBLIC_SUMMARY_MAX_CHARACTERS), validate_no_contact_details],
    )
    # Asked on the documents page: a safeguarding policy is needed when the answer is yes.
    works_with_people_at_risk = models.BooleanField("works with children or adults at risk", null=True, blank=True)
    # The ward councillor's idea the group started this bid from, if any (grants.services.ideas).
    idea = models.ForeignKey(
        "CouncillorIdea", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="bids"
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True, editable=False)
    recommended_amount = MoneyField("recommended amount (£)", null=True, blank=True, editable=False)
    amount_awarded = MoneyField("amount awarded (£)", null=True, blank=True, editable=False)
    # The assessment's weighted score, kept here by grants.services.assessments so the officers' list
    # sorts by it through an index instead of joining and sorting every assessment.
    score = models.DecimalField("score (%)", max_digits=5, decimal_places=2, null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_applications",
        limit_choices_to={"groups__name": "Officer"},
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # An officer kept this grant off the public register and the open data files (a refuge, say), and why.
    # Changed only through grants.services.publication, which audits each change.
    withheld = models.BooleanField("kept off the public register", default=False, editable=False)
    withheld_reason = LimitedTextField(
        "why it is kept off the register", blank=True, editable=False, max_length=NOTE_MAX_CHARACTERS
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "score"])
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status"], name="application_status_idx"),
            models.Index(fields=["strand", "status"], name="application_strand_status_idx"),
            models.Index(fields=["round", "status"], name="application_round_status_idx"),
            models.Index(fields=["ward", "status"], name="application_ward_status_idx"),
            models.Index(fields=["submitted_at"], name="application_submitted_at_idx"),
            models.Index(fields=["assigned_officer", "status"], name="application_officer_status_idx"),
            # The public register (grants.selectors.published): newest decisions first, published only. It
            # carries what the register's totals, filters and charts read, so at 100,000 grants they are
            # answered from the index alone (PostgreSQL; other databases ignore `include`).
            models.Index(
                fields=["-decided_at", "-id"],
                condition=Q(status__in=["grant_active", "completed"], withheld=False),
                include=["amount_awarded", "strand", "ward", "status", "organisation"],
                name="application_published_cov",
            ),
            # The officers' list: sent applications, newest first, and by score (PostgreSQL reads these
            # in order and stops at the page, instead of sorting the table).
            models.Index(
                fields=["-submitted_at", "-id"], name="application_sent_newest_idx", condition=~Q(status="draft")
            ),
            models.Index(fields=["score", "-id"], name="application_sent_score_idx", condition=~Q(status="draft")),
            # The list's other sorts: PostgreSQL walks these and sorts only the ties (incremental sort).
            models.Index(fields=["amount_requested"], name="application_sent_amount_idx", condition=~Q(status="draft")),
            models.Index(fields=["title"], name="application_sent_title_idx", condition=~Q(status="draft")),
            models.Index(
                fields=["strand", "-submitted_at", "-id"],
                name="application_sent_strand_idx",
                condition=~Q(status="draft"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True) | Q(amount_requested__gt=0),
                name="application_amount_requested_positive",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="application_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(amount_awarded__isnull=True) | Q(amount_awarded__lte=F("amount_requested")),
                name="application_award_within_request",
            ),
            models.CheckConstraint(
                condition=Q(withheld=False) | ~Q(withheld_reason=""), name="application_withheld_has_reason"
            ),
            models.CheckConstraint(
                # A draft withdrawn before it was sent has no submission date.
                condition=Q(status__in=["draft", "withdrawn"]) | Q(reference__isnull=False, submitted_at__isnull=False),
                name="application_submitted_has_reference_and_date",
            ),
        ]

    def __str__(self):
        return f"{self.reference or 'Draft'}: {self.title}"

    def save(self, *args, **kwargs):
        if self.round_id and not self.strand_id:
            self.strand_id = Round.objects.values_list("strand_id", flat=True).get(pk=self.round_id)
        super().save(*args, **kwargs)

    @property
    def budget_total(self) -> Decimal:
        return sum((line.cost for line in self.budget_lines.all()), Decimal("0.00"))


class BudgetLine(models.Model):
    class CostType(models.TextChoices):
        PROJECT = "project", "Project cost"
        CORE = "core", "Core cost (running your group)"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    item = models.CharField("what it is for", max_length=200)
    cost = MoneyField("cost (£)")
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts in: 2026 means April 2026 to March 2027."
    )
    cost_type = models.CharField(max_length=10, choices=CostType.choices, default=CostType.PROJECT)

    class Meta:
        ordering = ["financial_year", "id"]
        constraints = [models.CheckConstraint(condition=Q(cost__gt=0), name="budget_line_cost_positive")]

    def __str__(self):
        return f"{self.item}: {pounds(self.cost)} ({self.financial_year_label})"

    @property
    def financial_year_label(self) -> str:
        return financial_year_label(self.financial_year)


def document_upload_to(instance, filename):
    # A random name, so a stored file's path says nothing and cannot be guessed.
    return f"documents/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Document(models.Model):
    class Kind(models.TextChoices):
        GOVERNING_DOCUMENT = "governing_document", "Governing document"
        ACCOUNTS = "accounts", "Latest accounts"
        BANK_STATEMENT = "bank_statement", "Recent bank statement"
        SAFEGUARDING_POLICY = "safeguarding_policy", "Safeguarding policy"
        INFORMATION_RESPONSE = "information_response", "Answer to an information request"
        REPORT_EVIDENCE = "report_evidence", "Photo or evidence for a report"
        OTHER = "other", "Other"

    class ScanStatus(models.TextChoices):
        # Scanning is off (the demo, `make run`): nobody checked the file for viruses.
        NOT_SCANNED = "not_scanned", "Not scanned"
        # Scanning is on and clamd has not answered yet: nobody on the council's side may open it.
        PENDING = "pending", "Being checked"
        CLEAN = "clean", "Checked"
        # The file itself has been deleted from storage; the row stays to tell the group why.
        INFECTED = "infected", "Virus found"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    file = models.FileField(upload_to=document_upload_to)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    scan_status = models.CharField(max_length=20, choices=ScanStatus.choices, default=ScanStatus.NOT_SCANNED)
    # What the virus scanner found (its signature name), when scan_status is infected.
    scan_finding = models.CharField(max_length=200, blank=True)
    scanned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "uploaded_at"]
        indexes = [models.Index(fields=["scan_status", "uploaded_at"], name="document_scan_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def cleared(self) -> bool:
        """May the council's side open it? Checked clean, or uploaded while scanning was off."""
        return self.scan_status in (self.ScanStatus.CLEAN, self.ScanStatus.NOT_SCANNED)


class StatusChange(models.Model):
    """One move of an application through the workflow: who, when, from, to and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_changes")
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    # None when the portal itself made the move on a timer (a split vote sent to the officers).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reason = LimitedTextField(blank=True)
    amount = MoneyField(null=True, blank=True)
    # An officer who recorded this move on the actor's behalf (a councillor's decision taken by phone).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The decision panel's minute of the meeting that decided a priorities bid.
    minute_reference = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at"], name="status_change_app_time_idx")]

    def __str__(self):
        return f"{self.application}: {self.from_status} → {self.to_status}"
