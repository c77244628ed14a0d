"""The engine of grants.workflow's table: application_transition runs a row's checks, then its
effects, and never asks which action it is. Each check and effect is a small function below, named
in the table by its Check or Effect."""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db import transaction
from django.utils import timezone

from .. import workflow
from ..models import Application, CouncillorVote, EarlierVote, LedgerEntry, Recommendation, StatusChange, Strand
from ..selectors.councillors import councillor_refusal, decision_refusal, majority_needed, split_problem, votes_for
from ..workflow import DECIDERS, Check, Effect, Role, Transition
from . import ledger, offer_rules
from .errors import ActionForbidden, ApplicationIncomplete, MissingInput, NotReady, TransitionNotAllowed
from .reports import completion_problems
from .rules import checked_amount, recommendation_check, submission_problems


@dataclass
class Move:
    """One move in progress: what the checks read and the effects write."""

    application: Application  # locked
    row: Transition
    actor: object
    recorded_by: object
    reason: str
    amount: Decimal | None
    minute_reference: str = ""
    now: object = field(default_factory=timezone.now)

    @cached_property
    def roles(self) -> set[Role]:
        if self.actor is None:
            # Only the portal's own timed moves have no actor (grants.services.split).
            return {Role.PORTAL}
        return workflow.roles_for(self.actor, self.application)


def _recorder_is_officer(move: Move):
    if move.recorded_by is not None and not getattr(move.recorded_by, "is_officer", False):
        raise ActionForbidden("Only an officer can record a decision on someone else's behalf.")


def _councillor_may_decide(move: Move):
    """Refuse a councillor's decision that the declared interests or the strand's rule do not allow."""
    application = move.application
    if Role.COUNCILLOR not in move.row.roles or not application.ward_id:
        return
    if Role.COUNCILLOR not in move.roles:
        # Say why when the reason is an interest; anyone else gets the table's plain refusal.
        if refusal := councillor_refusal(move.actor, application):
            raise ActionForbidden(refusal)
        return
    if application.strand.decision_rule == Strand.DecisionRule.MAJORITY:
        needed = majority_needed(application)
        agreeing = votes_for(application, move.row.action)
        if agreeing.count() < needed or not agreeing.filter(councillor__user=move.actor).exists():
            raise ActionForbidden(
                f"{application.reference} needs {needed} of the ward's councillors to agree: record your vote."
            )


def _role_held(move: Move):
    if not move.roles & move.row.roles:
        refusal = decision_refusal(move.actor, move.application) if move.row.roles & DECIDERS else None
        raise ActionForbidden(
            refusal or f"You do not have permission to do this on {move.application.reference}: {move.row.label}."
        )


def _no_interest(move: Move):
    if move.roles & move.row.roles <= DECIDERS and (refusal := decision_refusal(move.actor, move.application)):
        raise ActionForbidden(refusal)


def _reason(move: Move):
    if not move.reason:
        raise MissingInput("Enter a reason.")


def _minute_reference(move: Move):
    if not move.minute_reference:
        raise MissingInput("Enter the minute reference of the panel meeting.")


def _amount(move: Move):
    move.amount = checked_amount(move.application, move.amount)


def _draft_complete(move: Move):
    if problems := submission_problems(move.application, move.now):
        raise ApplicationIncomplete(problems)


def _assessed(move: Move):
    recommending = Effect.RECORD_RECOMMENDATION in move.row.effects
    recommendation_check(application=move.application, actor=move.actor, recommending=recommending)


def _offer_ready(move: Move):
    offer_rules.check_offer_ready(move.application, timezone.localdate(move.now))


def _offer_lapsed(move: Move):
    offer_rules.check_offer_lapsed(move.application, timezone.localdate(move.now))


def _reports_signed_off(move: Move):
    if problems := completion_problems(move.application):
        raise NotReady("The grant cannot be marked completed yet", problems)


def _councillors_split(move: Move):
    if problem := split_problem(move.application, move.now):
        raise TransitionNotAllowed(problem)


CHECKS = {
    Check.RECORDER_IS_OFFICER: _recorder_is_officer,
    Check.COUNCILLOR_MAY_DECIDE: _councillor_may_decide,
    Check.ROLE_HELD: _role_held,
    Check.NO_INTEREST: _no_interest,
    Check.REASON: _reason,
    Check.AMOUNT: _amount,
    Check.DRAFT_COMPLETE: _draft_complete,
    Check.ASSESSED: _assessed,
    Check.MINUTE_REFERENCE: _minute_reference,
    Check.OFFER_READY: _offer_ready,
    Check.SIGNATORY: lambda move: offer_rules.check_signatory(move.application, move.actor),
    Check.OFFER_SIGNED: lambda move: offer_rules.check_offer_signed(move.application),
    Check.OFFER_LAPSED: _offer_lapsed,
    Check.REPORTS_SIGNED_OFF: _reports_signed_off,
    Check.COUNCILLORS_SPLIT: _councillors_split,
}


def _set(**fields):
    def effect(move: Move):
        for name, value in fields.items():
            setattr(move.application, name, value(move) if callable(value) else value)

    return effect


def _commit_money(move: Move):
    ledger.commit(application=move.application, amount=move.amount, actor=move.actor)
    move.application.amount_awarded = move.amount


def _release(kind):
    def effect(move: Move):
        ledger.release(application=move.application, kind=kind, actor=move.actor, note=move.reason)

    return effect


def _release_on_withdrawal(move: Move):
    """A withdrawn grant: its unpaid instalments are cancelled and what was not paid goes back."""
    from .payments import cancel_unpaid

    cancel_unpaid(move.application, actor=move.actor, reason=f"Grant withdrawn: {move.reason}")
    _release(LedgerEntry.Kind.WITHDRAWAL_REVERSAL)(move)


def _set_votes_aside(move: Move):
    """The councillors vote again: their votes are kept as earlier votes and no longer count."""
    votes = list(CouncillorVote.objects.filter(application=move.application))
    EarlierVote.objects.bulk_create(
        EarlierVote(
            application=move.application,
            councillor_id=vote.councillor_id,
            decision=vote.decision,
            amount=vote.amount,
            reason=vote.reason,
            voted_at=vote.created_at,
        )
        for vote in votes
    )
    CouncillorVote.objects.filter(pk__in=[vote.pk for vote in votes]).delete()


EFFECTS = {
    Effect.STAMP_SUBMITTED: _set(submitted_at=lambda move: move.now),
    Effect.RECORD_RECOMMENDATION: _set(
        recommendation=Recommendation.RECOMMENDED, recommended_amount=lambda move: move.amount
    ),
    Effect.RECORD_NOT_RECOMMENDED: _set(recommendation=Recommendation.NOT_RECOMMENDED, recommended_amount=None),
    Effect.STAMP_DECIDED: _set(decided_at=lambda move: move.now),
    Effect.COMMIT_MONEY: _commit_money,
    Effect.DRAFT_OFFER: lambda move: offer_rules.offer_prepare(
        application=move.application, actor=move.actor, amount=move.amount
    ),
    Effect.ISSUE_OFFER: lambda move: offer_rules.issue_current_offer(move.application, move.actor, move.now),
    Effect.RELEASE_ON_DECLINE: _release(LedgerEntry.Kind.DECLINE_REVERSAL),
    Effect.RELEASE_ON_WITHDRAWAL: _release_on_withdrawal,
    Effect.SET_VOTES_ASIDE: _set_votes_aside,
}
# What the caller's copy of the application is brought up to date with.
CHANGED_FIELDS = ("status", "submitted_at", "decided_at", "recommendation", "recommended_amount", "amount_awarded")


def application_transition(
    *,
    application: Application,
    action: str,
    actor,
    reason: str = "",
    amount: Decimal | None = None,
    recorded_by=None,
    minute_reference: str = "",
) -> StatusChange:
    """Move an application through the workflow, or raise a WorkflowError and change nothing.

    Guarantees: the move is a row of grants.workflow's table for the application's current status;
    the row's checks all pass (who holds which role, interests, the majority rule, a reason, an amount
    no more than requested, a complete draft, a finished assessment, a panel's minute reference)
    before anything is written; the application row is locked for the whole move; money moves only
    through grants.services.ledger, never beyond the budgets; a StatusChange and a history row record
    who, when, from, to and why (`recorded_by` names an officer acting for the actor; a panel's
    `minute_reference` is kept); the emails are written to the outbox in the same transaction and
    delivered once it commits.
    """
    with transaction.atomic():
        # Lock order everywhere: application, then strand, then ward pot. One order, no deadlocks.
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("strand", "round", "ward")
            .get(pk=application.pk)
        )
        row = workflow.find_transition(locked, action)
        if row is None:
            raise TransitionNotAllowed(
                f"You cannot {action.replace('_', ' ')} an application that is {locked.get_status_display().lower()}."
            )
        move = Move(locked, row, actor, recorded_by, (reason or "").strip(), amount, (minute_reference or "").strip())
        for check in row.checks:
            CHECKS[check](move)
        from_status = locked.status
        for effect in row.effects:
            EFFECTS[effect](move)
        change = _record(move, from_status)
    # The caller's copy now shows the new state.
    for name in CHANGED_FIELDS:
        setattr(application, name, getattr(locked, name))
    return change


def _record(move: Move, from_status) -> StatusChange:
    """Save the new status with its history row and StatusChange, and write the move's emails."""
    locked, row, reason = move.application, move.row, move.reason
    locked.status = row.target
    locked._history_user = move.recorded_by or move.actor
    locked._change_reason = f"{row.label}: {reason}" if reason else row.label
    if move.recorded_by is not None:
        locked._change_reason += f" (recorded by an officer for {move.actor.get_full_name()})"
    locked.save()
    change = StatusChange.objects.create(
        application=locked,
        action=row.action,
        from_status=from_status,
        to_status=row.target,
        actor=move.actor,
        reason=reason,
        amount=move.amount if row.needs_amount else None,
        recorded_by=move.recorded_by,
        minute_reference=move.minute_reference,
    )
    # In the same transaction: the emails exist exactly when the move does (kbt.outbox).
    from ..emails import status_change_emails

    status_change_emails(change)
    return change
