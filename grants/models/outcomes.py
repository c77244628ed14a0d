"""What a group promises: outcome measures (data per strand, officers edit them), the number it aims
for on each, and the co-operative principles its project shows (chosen by the group, confirmed by an
officer at assessment)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from .applications import MAX_BENEFICIARIES, Application
from .fund import Strand

# The council's five priorities by number (grants.models.Priority holds their names).
PRIORITY_NUMBERS = [(n, f"Priority {n}") for n in range(1, 6)]


class OutcomeMeasureQuerySet(models.QuerySet):
    def for_strand(self, strand: Strand):
        return self.filter(strand_kind=strand.kind, active=True)


class OutcomeMeasure(models.Model):
    """Something a project counts, like "trees or bulbs planted". Environmental measures belong to the
    environmental strand; each priorities measure serves one of the five priorities."""

    strand_kind = models.CharField("strand", max_length=20, choices=Strand.Kind.choices)
    priority_number = models.PositiveSmallIntegerField(
        "council priority",
        choices=PRIORITY_NUMBERS,
        null=True,
        blank=True,
        help_text="For the priorities strand: the priority this measure shows progress on.",
    )
    name = models.CharField(max_length=200, help_text='What is counted, like "trees or bulbs planted".')
    slug = models.SlugField(unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Untick to stop offering it to new applications.")

    objects = OutcomeMeasureQuerySet.as_manager()

    class Meta:
        ordering = ["strand_kind", "priority_number", "order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(strand_kind="environmental", priority_number__isnull=True)
                | Q(strand_kind="priorities", priority_number__gte=1, priority_number__lte=5),
                name="outcome_measure_priority_matches_strand",
            ),
        ]

    def __str__(self):
        return self.name


class OutcomeTarget(models.Model):
    """The number a group aims for on one measure."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="outcome_targets")
    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.PROTECT, related_name="targets")
    target = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(MAX_BENEFICIARIES)])

    class Meta:
        ordering = ["measure__priority_number", "measure__order", "measure__name"]
        constraints = [
            models.UniqueConstraint(fields=["application", "measure"], name="outcome_target_once_per_measure"),
            models.CheckConstraint(condition=Q(target__gte=1), name="outcome_target_positive"),
        ]

    def __str__(self):
        return f"{self.measure}: {self.target:,}"


class ApplicationPrinciple(models.Model):
    """A co-operative principle a project shows: ticked by the group, confirmed (or added) by an officer."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="principle_choices")
    principle = models.ForeignKey("deals.Principle", on_delete=models.PROTECT, related_name="+")
    chosen_by_group = models.BooleanField(default=True)
    confirmed = models.BooleanField(default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["principle__number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "principle"], name="application_principle_once"),
        ]

    def __str__(self):
        return str(self.principle)
