"""What ward councillors record on environmental bids: declared interests and their votes."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from kbt.form_lengths import NOTE_MAX_CHARACTERS, LimitedTextField

from .applications import Application
from .fund import Councillor
from .money import MoneyField


class InterestDeclaration(models.Model):
    """A councillor's declared interest in a bid. It takes away their power to decide that bid, for good:
    declarations are never edited or deleted."""

    class Kind(models.TextChoices):
        TRUSTEE_OR_MEMBER = "trustee_or_member", "I am a trustee or member of the group"
        FAMILY_OR_FRIEND = "family_or_friend", "A family member or close friend is involved"
        OTHER = "other", "Another interest"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="interest_declarations")
    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="interest_declarations")
    kind = models.CharField("interest", max_length=20, choices=Kind.choices)
    note = LimitedTextField(blank=True, max_length=NOTE_MAX_CHARACTERS)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["declared_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "councillor"], name="interest_once_per_councillor"),
            models.CheckConstraint(condition=~Q(kind="other") | ~Q(note=""), name="interest_other_has_note"),
        ]

    def __str__(self):
        return f"{self.councillor}: {self.get_kind_display()} ({self.application})"


class CouncillorVote(models.Model):
    """One councillor's decision on one bid. Under the "any one councillor" rule the first vote settles
    the bid; under the majority rule the bid is settled once enough votes agree."""

    class Decision(models.TextChoices):
        APPROVE = "approve", "Approve"
        DECLINE = "decline", "Decline"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="councillor_votes")
    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="votes")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    amount = MoneyField("amount (£)", null=True, blank=True)
    reason = LimitedTextField(blank=True)
    # Set when an officer recorded the vote on the councillor's behalf, with the officer's note.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_note = LimitedTextField("officer's note", blank=True, max_length=NOTE_MAX_CHARACTERS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "councillor"], name="vote_once_per_councillor"),
            models.CheckConstraint(
                condition=Q(decision="approve", amount__gt=0)
                | (Q(decision="decline", amount__isnull=True) & ~Q(reason="")),
                name="vote_approval_has_amount_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(recorded_by__isnull=True) | ~Q(recorded_note=""), name="vote_recorded_by_officer_has_note"
            ),
        ]

    def __str__(self):
        return f"{self.councillor}: {self.get_decision_display()} ({self.application})"
