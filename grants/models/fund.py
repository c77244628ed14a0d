"""The fund's structure: strands, their criteria and rounds, priorities, wards, ward pots and councillors."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.utils import timezone

from kbt.form_lengths import LimitedTextField

from ..money import pounds
from .money import MoneyField


class Fund(models.Model):
    name = models.CharField(max_length=200, unique=True)
    total = MoneyField("total (£)")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(total__gte=0), name="fund_total_not_negative")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.pk:
            allocated = self.strands.aggregate(s=Sum("budget"))["s"] or Decimal(0)
            if allocated > self.total:
                raise ValidationError(
                    {"total": f"The strands' budgets add up to {pounds(allocated)}, more than this total."}
                )


class Strand(models.Model):
    class Kind(models.TextChoices):
        ENVIRONMENTAL = "environmental", "Environmental improvements in a ward"
        PRIORITIES = "priorities", "Projects supporting the council's priorities"

    class DecisionRule(models.TextChoices):
        ANY_COUNCILLOR = "any", "Any one councillor of the ward"
        MAJORITY = "majority", "A majority of the ward's councillors"

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="strands")
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    code = models.CharField(
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", "Enter three capital letters, like ENV")],
        help_text="Three letters used in application references, like ENV in KBT-ENV-00042.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = LimitedTextField(blank=True)
    budget = MoneyField("budget (£)")
    # The sum of this strand's ledger entries, kept by grants.services.ledger under the
    # row lock and nowhere else; on PostgreSQL a trigger refuses any other figure (migration 0009).
    # A budget changes only through grants.services.budgets, which checks it against the ledger.
    committed = MoneyField("committed (£)", default=Decimal("0.00"), editable=False)
    minimum_award = MoneyField("minimum award (£)")
    maximum_award = MoneyField("maximum award (£)")
    maximum_duration_months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    core_cost_cap_percent = models.PositiveSmallIntegerField(
        "cap on core costs (% of the amount)",
        null=True,
        blank=True,
        help_text="Leave empty for no cap.",
    )
    councillors_decide = models.BooleanField(
        "ward councillors decide", default=False, help_text="Ward councillors approve or decline bids in their ward."
    )
    decision_rule = models.CharField(max_length=10, choices=DecisionRule.choices, default=DecisionRule.ANY_COUNCILLOR)
    offer_expiry_days = models.PositiveSmallIntegerField(
        "days a grant offer stays open",
        default=28,
        validators=[MinValueValidator(1)],
        help_text="How long a group has to accept a grant offer once it is issued.",
    )
    split_after_days = models.PositiveSmallIntegerField(
        "days before a split vote goes to officers",
        default=14,
        validators=[MinValueValidator(1)],
        help_text="Under the majority rule: once every councillor has voted without a majority, how many days "
        'before the bid goes to the officers\' queue as "councillors split".',
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="strand_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(committed__gte=0) & Q(committed__lte=F("budget")), name="strand_committed_within_budget"
            ),
            models.CheckConstraint(
                condition=Q(minimum_award__gt=0) & Q(minimum_award__lte=F("maximum_award")),
                name="strand_award_limits_in_order",
            ),
            models.CheckConstraint(
                condition=Q(core_cost_cap_percent__isnull=True) | Q(core_cost_cap_percent__lte=100),
                name="strand_core_cap_is_percentage",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed

    def clean(self):
        if self.maximum_award is not None and self.budget is not None and self.maximum_award > self.budget:
            raise ValidationError({"maximum_award": "The maximum award cannot be more than the strand's budget."})


class Criterion(models.Model):
    """An assessment criterion of a strand, with its weight in the total score."""

    strand = models.ForeignKey(Strand, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=100)
    description = LimitedTextField(blank=True)
    weight = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["strand", "order", "name"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["strand", "name"], name="criterion_unique_per_strand"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return f"{self.name} (weight {self.weight})"


class RoundQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class Round(models.Model):
    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(max_length=200)
    opens_at = models.DateTimeField("opens")
    closes_at = models.DateTimeField("closes")

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="round_closes_after_it_opens"),
            models.UniqueConstraint(fields=["strand", "name"], name="round_name_unique_per_strand"),
        ]

    def __str__(self):
        return f"{self.strand.name}: {self.name}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class Priority(models.Model):
    """One of the council's five priorities."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    description = LimitedTextField(blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name_plural = "priorities"

    def __str__(self):
        return f"{self.number}. {self.name}"


class Ward(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    # The official ONS (GSS) ward code, published in the open data (360Giving geoCodeType WD).
    code = models.CharField(
        "ONS code",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^E05\d{6}$", "Enter an ONS ward code like E05000950")],
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="ward_code_unique"),
        ]

    def __str__(self):
        return self.name


class WardPot(models.Model):
    """A ward's share of the environmental strand. An approval can exceed neither the pot nor the strand."""

    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="ward_pots")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="pots")
    budget = MoneyField("budget (£)")
    # Like Strand.committed: the sum of this pot's ledger entries, written only by the ledger.
    committed = MoneyField("committed (£)", default=Decimal("0.00"), editable=False)

    class Meta:
        ordering = ["strand", "ward__name"]
        constraints = [
            models.UniqueConstraint(fields=["strand", "ward"], name="ward_pot_unique_per_strand"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="ward_pot_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(committed__gte=0) & Q(committed__lte=F("budget")), name="ward_pot_committed_within_budget"
            ),
        ]

    def __str__(self):
        return f"{self.ward.name} pot ({self.strand.name})"

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed

    def clean(self):
        if self.strand_id and self.budget is not None:
            others = WardPot.objects.filter(strand_id=self.strand_id).exclude(pk=self.pk)
            total = (others.aggregate(s=Sum("budget"))["s"] or Decimal(0)) + self.budget
            strand_budget = Strand.objects.values_list("budget", flat=True).get(pk=self.strand_id)
            if total > strand_budget:
                raise ValidationError(
                    {"budget": f"The ward pots would add up to {pounds(total)}, more than the strand's budget."}
                )


class Councillor(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="councillor")
    wards = models.ManyToManyField(Ward, related_name="councillors")

    class Meta:
        ordering = ["user__full_name"]

    def __str__(self):
        return f"Cllr {self.user.get_full_name()}"
