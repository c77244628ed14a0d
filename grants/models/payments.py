"""Paying a grant: its instalments, the holds that stop them, the payment runs that pay them, and the
record of every change to a schedule.

The database holds the rules that matter most (migration 0013 on PostgreSQL): a grant's instalments add
up to its award (a deferred constraint trigger, checked at commit), a paid instalment never changes, an
instalment belongs to at most one run (a single foreign key, set only while it is in a run or paid),
and whoever built a run never approves it (a CHECK).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from kbt.form_lengths import NOTE_MAX_CHARACTERS, LimitedTextField

from ..money import pounds
from .applications import Application
from .money import MoneyField
from .offers import BankDetails


class Condition(models.TextChoices):
    NONE = "", "None"
    REPORT_ACCEPTED = "report_accepted", "The progress report for the previous period is accepted"


class InstalmentQuerySet(models.QuerySet):
    def unpaid(self):
        return self.filter(status=Instalment.Status.SCHEDULED)

    def condition_met(self):
        return self.filter(Q(condition=Condition.NONE) | Q(condition_met_at__isnull=False))

    def not_held(self):
        return self.exclude(
            models.Exists(PaymentHold.objects.filter(application=models.OuterRef("application"), released_at=None))
        )

    def payable(self):
        """Instalments whose grant may be paid now: accepted and running, no hold open, bank details
        given and confirmed. The one statement of that rule: runs, pages and reminders ask it here."""
        return self.filter(application__status__in=PAYABLE_STATUSES).not_held().filter(bank_details_ready_q())

    def due(self, today):
        """Unpaid, in no run, its date reached, its condition met, and payable."""
        return self.unpaid().filter(payment_run=None, due_date__lte=today).condition_met().payable()


# Money is paid only on a grant whose offer was accepted.
PAYABLE_STATUSES = ("grant_active", "completed")


def bank_details_ready_q() -> Q:
    """The instalment's grant has current bank details with no officer's confirmation outstanding: the
    rule of grants.services.bank_details.bank_details_ready, as a filter for many at once."""
    return Q(
        models.Exists(
            BankDetails.objects.filter(
                application=models.OuterRef("application"), is_current=True, needs_confirmation=False
            )
        )
    )


class Instalment(models.Model):
    """One payment of a grant. Scheduled, then due (its date reached and its condition met), then in a
    payment run, then paid; or cancelled when the grant is withdrawn or the money is not needed."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        IN_RUN = "in_run", "In a payment run"
        PAID = "paid", "Paid"
        CANCELLED = "cancelled", "Cancelled"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="instalments")
    number = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    amount = MoneyField("amount (£)")
    condition = models.CharField(max_length=20, choices=Condition.choices, blank=True, default=Condition.NONE)
    condition_met_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    payment_run = models.ForeignKey(
        "PaymentRun", on_delete=models.PROTECT, null=True, blank=True, related_name="instalments"
    )
    # The bank details the payment goes to, fixed when its run is approved: a change of details after
    # that never reaches the run's payment file.
    paid_to = models.ForeignKey(BankDetails, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    paid_on = models.DateField(null=True, blank=True)
    finance_reference = models.CharField(max_length=100, blank=True)
    cancelled_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InstalmentQuerySet.as_manager()

    class Meta:
        ordering = ["application", "number"]
        indexes = [models.Index(fields=["status", "due_date"], name="instalment_status_due_idx")]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="instalment_number_unique_per_grant"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_amount_positive"),
            models.CheckConstraint(condition=Q(number__gte=1), name="instalment_number_from_one"),
            # In a run or paid exactly when it names its run: one run, never two.
            models.CheckConstraint(
                condition=Q(status__in=["in_run", "paid"], payment_run__isnull=False)
                | (~Q(status__in=["in_run", "paid"]) & Q(payment_run__isnull=True)),
                name="instalment_run_when_in_run_or_paid",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False), name="instalment_paid_has_date"
            ),
            # Nothing is paid without the confirmed bank details its run was approved to pay.
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_to__isnull=False), name="instalment_paid_has_bank_details"
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {pounds(self.amount)}"

    @property
    def reference(self) -> str:
        """What the payee's bank statement shows: the grant reference and the instalment number."""
        return payment_reference(self.application.reference, self.number)


def payment_reference(grant_reference: str | None, number: int) -> str:
    return f"{grant_reference}-{number}"


class PaymentHold(models.Model):
    """A grant's payments held, with the reason. While any hold is open no instalment of the grant goes
    into a payment run, and a run that holds one leaves it out when it is approved."""

    class Reason(models.TextChoices):
        BANK_DETAILS = "bank_details", "Bank details not yet confirmed"
        REPORT_OVERDUE = "report_overdue", "A report is overdue"
        OFFICER = "officer", "Held by an officer"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payment_holds")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = LimitedTextField(blank=True, max_length=NOTE_MAX_CHARACTERS)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reason"],
                condition=Q(released_at__isnull=True),
                name="payment_hold_one_open_per_reason",
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.get_reason_display()}"


class PaymentRun(models.Model):
    """A batch of due instalments: built by one member of Finance, approved by another, then paid."""

    class Status(models.TextChoices):
        BUILT = "built", "Waiting for approval"
        APPROVED = "approved", "Approved: payment file ready"
        PAID = "paid", "Paid"
        DISCARDED = "discarded", "Discarded"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BUILT)
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    built_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_on = models.DateField("date paid", null=True, blank=True)
    finance_reference = models.CharField("finance system's reference", max_length=100, blank=True)
    # Kept with the run when it is built and approved, so a list of runs needs no sums.
    instalment_count = models.PositiveIntegerField(default=0)
    total = MoneyField("total (£)", default=0)

    class Meta:
        ordering = ["-built_at", "-id"]
        constraints = [
            # Two people, always: the database refuses a run approved by whoever built it.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("built_by")),
                name="payment_run_approver_is_not_builder",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "paid"]) | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="payment_run_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(paid_on__isnull=False) & ~Q(finance_reference="")),
                name="payment_run_paid_has_date_and_reference",
            ),
        ]

    def __str__(self):
        return f"Payment run {self.pk}"


class ScheduleChange(models.Model):
    """An officer's change to a grant's payment schedule: who, when, why, and the schedule before and
    after (as text, so it reads the same however the instalments change later)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="schedule_changes")
    reason = LimitedTextField(max_length=NOTE_MAX_CHARACTERS)
    before = models.TextField()
    after = models.TextField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.application}: schedule changed {self.changed_at:%d %B %Y}"
