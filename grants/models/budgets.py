"""The record of every budget change, and of every check of the committed counters against the ledger.

Both are written only by grants.services.budgets: officers read them and change them nowhere."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from kbt.form_lengths import NOTE_MAX_CHARACTERS, LimitedTextField

from ..money import pounds
from .fund import Strand, WardPot
from .money import MoneyField


class BudgetChange(models.Model):
    """One change of a strand's or a ward pot's budget: who, when, from what, to what and why.
    A new ward pot's opening budget is a change from nothing (`old_budget` empty)."""

    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, null=True, blank=True, related_name="budget_changes")
    ward_pot = models.ForeignKey(
        WardPot, on_delete=models.PROTECT, null=True, blank=True, related_name="budget_changes"
    )
    old_budget = MoneyField("old budget (£)", null=True, blank=True)
    new_budget = MoneyField("new budget (£)")
    reason = LimitedTextField(max_length=NOTE_MAX_CHARACTERS)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(strand__isnull=False, ward_pot__isnull=True)
                | Q(strand__isnull=True, ward_pot__isnull=False),
                name="budget_change_of_a_strand_or_a_pot",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="budget_change_has_a_reason"),
        ]

    def __str__(self):
        old = "nothing" if self.old_budget is None else pounds(self.old_budget)
        return f"{self.ward_pot or self.strand}: {old} to {pounds(self.new_budget)}"


class BudgetCheck(models.Model):
    """One run of the reconciliation: every strand's and ward pot's committed counter against the
    sum of its ledger entries. `mismatches` lists any that differ, with both figures."""

    checked_at = models.DateTimeField(auto_now_add=True)
    strands_checked = models.PositiveIntegerField(default=0)
    pots_checked = models.PositiveIntegerField(default=0)
    mismatches = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        get_latest_by = ["checked_at", "id"]

    def __str__(self):
        return f"Budget check at {self.checked_at:%d %b %Y %H:%M}: {len(self.mismatches)} differences"

    @property
    def ok(self) -> bool:
        return not self.mismatches
