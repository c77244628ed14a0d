"""Settling a split decision: under the majority rule, a bid whose councillors have all voted without a
majority goes to the officers' queue as "councillors split" once the strand's days have passed; an officer
then records the panel's decision or asks the councillors to vote again. Each is a row of grants.workflow's
table, made through application_transition like every other move."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ..models import Application, Status, StatusChange, Strand
from ..selectors.councillors import split_problem
from .transitions import application_transition


def split_bids_refer(now=None) -> list[StatusChange]:
    """Send every bid whose councillors are split, and have been for the strand's days, to the officers'
    queue. Beat runs it hourly (grants.tasks.refer_split_bids); running it twice changes nothing more.

    Guarantees: only bids the table's COUNCILLORS_SPLIT check passes move, each in its own locked
    transaction, recorded as the portal's move (no actor) with the officers emailed."""
    now = now or timezone.now()
    candidates = Application.objects.filter(
        status=Status.AWAITING_DECISION,
        strand__councillors_decide=True,
        strand__decision_rule=Strand.DecisionRule.MAJORITY,
    ).select_related("strand")
    changes = []
    for application in candidates:
        if split_problem(application, now) is not None:
            continue
        with transaction.atomic():
            changes.append(application_transition(application=application, action="refer_split", actor=None))
    return changes


def split_decision_record(
    *,
    application: Application,
    actor,
    approve: bool,
    reason: str,
    minute_reference: str,
    amount: Decimal | None = None,
) -> StatusChange:
    """An officer records the decision panel's decision on a split bid, with its reason and the meeting's
    minute reference (the table's checks); an approval commits the money through the ledger."""
    return application_transition(
        application=application,
        action="approve" if approve else "decline",
        actor=actor,
        reason=reason,
        amount=amount,
        minute_reference=minute_reference,
    )


def split_revote(*, application: Application, actor, reason: str) -> StatusChange:
    """An officer asks the ward's councillors to vote again on a split bid: their votes are set aside
    (kept as earlier votes), the bid waits for their decision again, and they are emailed why."""
    return application_transition(application=application, action="ask_revote", actor=actor, reason=reason)
