"""An officer's assessment of an application: the eligibility gate, a score per criterion of the
strand, the weighted total, a recommendation; and officers' declarations of interest."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from kbt.form_lengths import NOTE_MAX_CHARACTERS, LimitedTextField

from .applications import Application, Recommendation
from .fund import Criterion
from .money import MoneyField

MAX_SCORE = 5


class Assessment(models.Model):
    """One assessment per application, written by one officer. Only its assessor may change it."""

    class Check(models.TextChoices):
        NOT_CHECKED = "", "Not checked yet"
        PASS = "pass", "Pass"
        FAIL = "fail", "Fail"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="assessment")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments")
    governance = models.CharField("governance check", max_length=4, choices=Check.choices, blank=True)
    finance = models.CharField("finance check", max_length=4, choices=Check.choices, blank=True)
    safeguarding = models.CharField("safeguarding check", max_length=4, choices=Check.choices, blank=True)
    eligibility_notes = LimitedTextField("notes on eligibility", blank=True)
    comments = LimitedTextField("assessment comments", blank=True)
    # Weighted total as a percentage of the best possible score, kept by grants.services.
    total_score = models.DecimalField(
        "weighted score (%)", max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    recommended_amount = MoneyField("recommended amount (£)", null=True, blank=True)
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(total_score__isnull=True) | Q(total_score__gte=0, total_score__lte=100),
                name="assessment_total_is_percentage",
            ),
        ]

    def __str__(self):
        return f"Assessment of {self.application.reference}"

    @property
    def eligible(self) -> bool:
        return all(value == self.Check.PASS for value in (self.governance, self.finance, self.safeguarding))

    @property
    def failed_checks(self) -> list[str]:
        return [
            self._meta.get_field(name).verbose_name
            for name in ("governance", "finance", "safeguarding")
            if getattr(self, name) != self.Check.PASS
        ]


class CriterionScore(models.Model):
    """The assessor's score, 0 to 5, for one criterion of the strand."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField()
    comment = LimitedTextField(blank=True, max_length=NOTE_MAX_CHARACTERS)

    class Meta:
        ordering = ["criterion__order", "criterion__name"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="criterion_score_unique"),
            models.CheckConstraint(condition=Q(score__lte=MAX_SCORE), name="criterion_score_at_most_5"),
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.score}/{MAX_SCORE}"

    @property
    def weighted(self) -> Decimal:
        return Decimal(self.score * self.criterion.weight)


class ConflictDeclaration(models.Model):
    """An officer's declaration, for one application, of whether they have an interest in it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflict_declarations")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    has_conflict = models.BooleanField("has an interest")
    details = LimitedTextField(blank=True, max_length=NOTE_MAX_CHARACTERS)
    declared_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["declared_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "officer"], name="conflict_declaration_once_per_officer"),
            models.CheckConstraint(
                condition=Q(has_conflict=False) | ~Q(details=""), name="conflict_declaration_explains_interest"
            ),
        ]

    def __str__(self):
        verdict = "declared an interest" if self.has_conflict else "no interest"
        return f"{self.officer} on {self.application.reference}: {verdict}"
