"""The budget ledger: every commitment of money and every release of it, never edited, never deleted."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..money import pounds
from .applications import Application
from .fund import Strand, WardPot
from .money import MoneyField


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        COMMITMENT = "commitment", "Commitment on approval"
        DECLINE_REVERSAL = "decline_reversal", "Reversal: declined after approval"
        WITHDRAWAL_REVERSAL = "withdrawal_reversal", "Reversal: grant withdrawn"
        UNDERSPEND = "underspend", "Underspend returned"

    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="ledger_entries")
    ward_pot = models.ForeignKey(
        WardPot, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="ledger_entries")
    amount = MoneyField("amount (£)", validators=[], help_text="Positive commits money; negative releases it.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["strand", "created_at"], name="ledger_strand_time_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="commitment", amount__gt=0) | (~Q(kind="commitment") & Q(amount__lt=0)),
                name="ledger_commitments_positive_releases_negative",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {pounds(self.amount)} ({self.application})"
