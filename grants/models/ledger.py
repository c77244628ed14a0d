"""The budget ledger: every commitment of money, every release of it and every payment, never edited,
never deleted. Committed = the sum of every entry except "paid"; paid = the sum of "paid" entries."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..money import pounds
from .applications import Application
from .fund import Strand, WardPot
from .money import MoneyField


class LedgerEntryQuerySet(models.QuerySet):
    def committed(self):
        """The entries whose sum is what is committed: every kind except "paid"."""
        return self.exclude(kind="paid")

    def paid(self):
        return self.filter(kind="paid")


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        COMMITMENT = "commitment", "Commitment on approval"
        DECLINE_REVERSAL = "decline_reversal", "Reversal: declined after approval"
        WITHDRAWAL_REVERSAL = "withdrawal_reversal", "Reversal: grant withdrawn"
        UNDERSPEND = "underspend", "Underspend returned"
        # Money paid out: positive, and not part of what is committed (see grants.services.ledger).
        PAID = "paid", "Paid"

    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="ledger_entries")
    ward_pot = models.ForeignKey(
        WardPot, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="ledger_entries")
    amount = MoneyField(
        "amount (£)", validators=[], help_text="Positive commits (or, for a payment, pays) money; negative releases it."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The instalment a "paid" entry pays: at most one paid entry each (a unique constraint).
    instalment = models.ForeignKey(
        "Instalment", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["strand", "created_at"], name="ledger_strand_time_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["commitment", "paid"], amount__gt=0)
                | (~Q(kind__in=["commitment", "paid"]) & Q(amount__lt=0)),
                name="ledger_commitments_positive_releases_negative",
            ),
            models.CheckConstraint(
                condition=Q(kind="paid", instalment__isnull=False) | (~Q(kind="paid") & Q(instalment__isnull=True)),
                name="ledger_paid_names_its_instalment",
            ),
            # No instalment is paid twice.
            models.UniqueConstraint(
                fields=["instalment"], condition=Q(kind="paid"), name="ledger_instalment_paid_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {pounds(self.amount)} ({self.application})"
