"""What ward councillors do to environmental bids: declare an interest, and approve or decline.

Every decision settles through grants.services.application_transition, so money, history and emails
follow the same locked path as the panel's decisions."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from .. import workflow
from ..models import (
    OPEN_FOR_INTEREST,  # an interest can be declared from the moment a bid is sent until it is decided
    Application,
    Councillor,
    CouncillorVote,
    InterestDeclaration,
    Status,
    StatusChange,
    Strand,
)
from ..selectors.councillors import councillor_refusal, majority_needed, votes_for
from ..workflow import Role
from .errors import ActionForbidden, MissingInput, TransitionNotAllowed
from .rules import checked_amount
from .transitions import application_transition


@dataclass(frozen=True)
class CouncillorDecision:
    """What a councillor's decision did: their vote, and the status change if it settled the bid."""

    vote: CouncillorVote
    change: StatusChange | None
    agreeing: int
    needed: int

    @property
    def settled(self) -> bool:
        return self.change is not None


def _lock(application: Application) -> Application:
    # The same lock application_transition takes first: declarations, votes and moves on one bid queue up.
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("strand", "ward", "round")
        .get(pk=application.pk)
    )


def _ward_councillor(user, application: Application) -> Councillor:
    record = None
    if application.ward_id and application.strand.councillors_decide and user is not None and user.is_active:
        record = Councillor.objects.filter(user=user, wards=application.ward_id).first()
    if record is None:
        raise ActionForbidden(f"Only a councillor of the bid's ward can do this on {application.reference}.")
    return record


def _copy_state(source: Application, target: Application) -> None:
    for field in ("status", "decided_at", "amount_awarded"):
        setattr(target, field, getattr(source, field))


def interest_declare(*, application: Application, councillor, kind: str, note: str = "") -> InterestDeclaration:
    """Record that a councillor of the bid's ward has an interest in it, or raise a WorkflowError.

    Guarantees: once recorded, the councillor holds no role on the bid (grants.workflow.roles_for), so
    they can neither see its decision buttons nor decide it; a declaration is made once, before the
    bid is decided and before the councillor has voted on it; under the majority rule, a majority the
    remaining councillors' votes already make settles the bid at once.
    """
    note = (note or "").strip()
    if kind not in InterestDeclaration.Kind.values:
        raise MissingInput("Select the kind of interest you have.")
    if kind == InterestDeclaration.Kind.OTHER and not note:
        raise MissingInput("Describe your interest.")
    with transaction.atomic():
        locked = _lock(application)
        record = _ward_councillor(councillor, locked)
        if locked.status not in OPEN_FOR_INTEREST:
            raise TransitionNotAllowed(
                f"{locked.reference} has been decided: there is nothing to declare an interest in."
            )
        if InterestDeclaration.objects.filter(application=locked, councillor=record).exists():
            raise TransitionNotAllowed(f"You have already declared an interest in {locked.reference}.")
        if CouncillorVote.objects.filter(application=locked, councillor=record).exists():
            raise ActionForbidden(
                f"You have already decided on {locked.reference}. Ask the grants team to record your interest."
            )
        declaration = InterestDeclaration.objects.create(application=locked, councillor=record, kind=kind, note=note)
        if locked.status == Status.AWAITING_DECISION and locked.strand.decision_rule == Strand.DecisionRule.MAJORITY:
            for decision in CouncillorVote.Decision.values:
                agreeing = list(votes_for(locked, decision).select_related("councillor__user"))
                if agreeing and len(agreeing) >= majority_needed(locked):
                    _settle(locked, decision, agreeing)
                    break
    _copy_state(locked, application)
    return declaration


def councillor_decide(
    *,
    application: Application,
    councillor,
    decision: str,
    amount: Decimal | None = None,
    reason: str = "",
    recorded_by=None,
    note: str = "",
) -> CouncillorDecision:
    """Record a ward councillor's decision on a bid awaiting one, and settle the bid if the strand's rule
    is now met; or raise a WorkflowError and change nothing.

    Guarantees: only a councillor of the bid's ward without a declared interest decides, once; an
    approval is for more than £0 and no more than was requested (and the pot and strand must hold it,
    else BudgetExceeded and nothing is kept, not even the vote); a decline has a reason. Under the
    "any one councillor" rule the first decision settles the bid; under the majority rule each vote is
    kept and the bid is settled when more than half of the ward's councillors without an interest
    agree, for the lowest amount any of them approved. The bid's row is locked throughout, so when
    two councillors decide at once exactly one decision stands. `recorded_by` is an officer recording
    the decision on the councillor's behalf, with `note` saying how it was given.
    """
    reason, note = (reason or "").strip(), (note or "").strip()
    _check_decision_input(decision, recorded_by, note)
    with transaction.atomic():
        locked = _lock(application)
        record = _ward_councillor(councillor, locked)
        move = workflow.find_transition(locked, decision)
        if move is None or Role.COUNCILLOR not in move.roles:
            raise TransitionNotAllowed(
                f"{locked.reference} is {locked.get_status_display().lower()}: it is not waiting for a decision."
            )
        # A declared interest, membership of the group, having assessed or recommended it, or a vote
        # already cast (one rule, in grants.selectors.councillors).
        if refusal := councillor_refusal(councillor, locked):
            raise ActionForbidden(refusal)
        if decision == CouncillorVote.Decision.DECLINE:
            if not reason:
                raise MissingInput("Enter the reason for declining the bid.")
            amount = None
        else:
            amount = checked_amount(locked, amount)
        vote = CouncillorVote.objects.create(
            application=locked,
            councillor=record,
            decision=decision,
            amount=amount,
            reason=reason,
            recorded_by=recorded_by,
            recorded_note=note if recorded_by is not None else "",
        )
        if locked.strand.decision_rule == Strand.DecisionRule.MAJORITY:
            agreeing = list(votes_for(locked, decision).select_related("councillor__user"))
            needed = majority_needed(locked)
        else:
            agreeing, needed = [vote], 1
        change = _settle(locked, decision, agreeing) if len(agreeing) >= needed else None
    _copy_state(locked, application)
    return CouncillorDecision(vote=vote, change=change, agreeing=len(agreeing), needed=needed)


def _check_decision_input(decision: str, recorded_by, note: str) -> None:
    """Refuse, before any lock, a decision that is neither approve nor decline, or one an officer
    records without saying how it was given. (Who may record for someone else is the table's rule too:
    this early check words it for a councillor's vote.)"""
    if decision not in CouncillorVote.Decision.values:
        raise MissingInput("Choose whether to approve or decline the bid.")
    if recorded_by is not None:
        if not getattr(recorded_by, "is_officer", False):
            raise ActionForbidden("Only an officer can record a decision on a councillor's behalf.")
        if not note:
            raise MissingInput("Enter a note saying how the councillor gave their decision.")


def _settle(locked: Application, decision: str, agreeing: list[CouncillorVote]) -> StatusChange:
    """Move the bid on the agreeing votes: the last of them is the decider of record."""
    last = agreeing[-1]
    if decision == CouncillorVote.Decision.APPROVE:
        amount, reason = min(vote.amount for vote in agreeing), last.reason
    else:
        amount = None
        reasons = []
        for vote in agreeing:
            if vote.reason not in reasons:
                reasons.append(vote.reason)
        reason = "\n\n".join(reasons)
    return application_transition(
        application=locked,
        action=decision,
        actor=last.councillor.user,
        reason=reason,
        amount=amount,
        recorded_by=last.recorded_by,
    )
