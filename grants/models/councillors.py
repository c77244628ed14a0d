"""What ward councillors record on environmental bids: declared interests and their votes."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, Q

from .applications import Application, StatusChange
from .assessments import Assessment
from .fund import Councillor
from .money import MoneyField
from .organisations import Membership


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
    note = models.TextField(blank=True)
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
    reason = models.TextField(blank=True)
    # Set when an officer recorded the vote on the councillor's behalf, with the officer's note.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_note = models.TextField("officer's note", blank=True)
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


def decision_refusal(user, application: Application) -> str | None:
    """Why this person may not decide this bid, whatever their role (councillor or panel), in plain
    English, or None. The one place two rules live: belonging to the applying organisation is an
    interest, declared or not; and nobody decides a bid they assessed or recommended."""
    if user is None or not user.is_authenticated:
        return None
    reference = application.reference
    if Membership.objects.filter(organisation_id=application.organisation_id, user=user).exists():
        name = application.organisation.name
        return f"You are a member of {name}, which sent {reference}, so you cannot decide it."
    if Assessment.objects.filter(application=application, assessor=user).exists():
        return f"You assessed {reference}, so someone else must decide it."
    if StatusChange.objects.filter(
        application=application, action__in=("recommend", "not_recommend"), actor=user
    ).exists():
        return f"You made the recommendation on {reference}, so someone else must decide it."
    return None


def councillor_interest(*, application, organisation, councillor, user) -> Q:
    """A councillor's interest in a bid as a query condition, for lists, emails and reminders: a declared
    interest, or membership of the applying organisation. Each argument is a value or an OuterRef."""
    declared = InterestDeclaration.objects.filter(application=application, councillor=councillor)
    member = Membership.objects.filter(organisation=organisation, user=user)
    return Q(Exists(declared)) | Q(Exists(member))


def councillor_refusal(user, application: Application) -> str | None:
    """Why this councillor of the bid's ward may not decide it now, in plain English, or None if they may.

    Shared by grants.workflow (which buttons a page shows) and grants.services (which moves it takes), so
    the two always agree."""
    record = Councillor.objects.filter(user=user, wards=application.ward_id).first() if application.ward_id else None
    if record is None:
        return None
    if InterestDeclaration.objects.filter(application=application, councillor=record).exists():
        return f"You declared an interest in {application.reference}, so you cannot decide it."
    if refusal := decision_refusal(user, application):
        return refusal
    if CouncillorVote.objects.filter(application=application, councillor=record).exists():
        return f"You have already decided on {application.reference}."
    return None


def eligible_councillors(application: Application) -> models.QuerySet:
    """The ward's councillors who may decide this bid: active, and without an interest in it (declared,
    or as a member of the applying organisation)."""
    return (
        Councillor.objects.filter(wards=application.ward_id, user__is_active=True)
        .exclude(interest_declarations__application=application)
        .exclude(user__organisations=application.organisation_id)
    )


def majority_needed(application: Application) -> int:
    """How many agreeing votes settle the bid under the majority rule: more than half of the eligible."""
    return eligible_councillors(application).count() // 2 + 1


def votes_for(application: Application, decision: str) -> models.QuerySet:
    """The votes for this decision that count: those of councillors still eligible to decide."""
    return CouncillorVote.objects.filter(
        application=application, decision=decision, councillor__in=eligible_councillors(application)
    )
