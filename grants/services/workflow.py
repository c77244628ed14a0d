"""Everything that writes grants data. Views, admin, commands and tasks call these; none repeats a rule."""

import calendar
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from .. import workflow
from ..models import (
    Application,
    BudgetLine,
    Document,
    LedgerEntry,
    Organisation,
    Recommendation,
    Round,
    Status,
    StatusChange,
    Strand,
    WardPot,
)
from ..models.councillors import councillor_refusal, decision_refusal, majority_needed, votes_for
from ..workflow import DECIDERS, Budget, Role


class WorkflowError(Exception):
    """A move the workflow refuses. `message` is plain English, fit to show on the page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionNotAllowed(WorkflowError):
    """The table has no such move from the application's status."""


class ActionForbidden(WorkflowError):
    """The table has the move, but not for any role this person holds on this application."""


class MissingInput(WorkflowError):
    """The move needs a reason or an amount that was not given, or was out of range."""


class ApplicationIncomplete(WorkflowError):
    def __init__(self, problems: list[str]):
        super().__init__("Your application is not ready to send: " + "; ".join(problems))
        self.problems = problems


class BudgetExceeded(WorkflowError):
    """Approving would commit more than remains in the strand or the ward pot."""


def money(amount) -> str:
    return f"£{amount:,.2f}"


def add_months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def application_create(*, organisation: Organisation, round: Round, title: str, created_by, **fields) -> Application:
    """Start a draft and give it its reference, like KBT-ENV-00042, which stays with it for life."""
    application = Application(organisation=organisation, round=round, title=title, created_by=created_by, **fields)
    application.strand_id = round.strand_id
    application.full_clean(exclude=["reference", "strand"])
    application._history_user = created_by
    application.save()
    application.reference = f"KBT-{round.strand.code}-{application.pk:05d}"
    application.save(update_fields=["reference"])
    return application


def amount_problem(strand: Strand, amount: Decimal | None) -> str | None:
    """Why this amount is outside the strand's limits, or None."""
    if amount is not None and not strand.minimum_award <= amount <= strand.maximum_award:
        return f"the amount must be between {money(strand.minimum_award)} and {money(strand.maximum_award)}"
    return None


def duration_problem(strand: Strand, start_date: date | None, end_date: date | None) -> str | None:
    """Why these dates run longer than the strand allows, or None."""
    if start_date and end_date and end_date > add_months(start_date, strand.maximum_duration_months):
        return f"your project can last at most {strand.maximum_duration_months} months"
    return None


def financial_year_of(day: date) -> int:
    """The year a day's financial year starts in: 1 April 2027 to 31 March 2028 is 2027."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int) -> str:
    return f"April {year} to March {year + 1}"


def budget_year_problem(start_date: date | None, end_date: date | None, year: int) -> str | None:
    """Why money cannot be spent in financial year `year` of a project with these dates, or None."""
    if end_date and year > financial_year_of(end_date):
        return f"your project ends in {end_date:%B %Y}, so its budget cannot include {financial_year_label(year)}"
    if start_date and year < financial_year_of(start_date):
        return f"your project starts in {start_date:%B %Y}, so its budget cannot include {financial_year_label(year)}"
    return None


def budget_problems(strand: Strand, amount: Decimal | None, total: Decimal, core: Decimal) -> list[str]:
    """What is wrong with a budget whose lines add up to `total`, `core` of it core costs."""
    problems = []
    if total == 0:
        problems.append("add the items your grant will pay for")
    elif amount is not None and total != amount:
        problems.append(f"your budget adds up to {money(total)} but you asked for {money(amount)}")
    if strand.core_cost_cap_percent is not None and amount:
        cap = (amount * strand.core_cost_cap_percent / 100).quantize(Decimal("0.01"))
        if core > cap:
            problems.append(f"core costs can be at most {strand.core_cost_cap_percent}% of the amount ({money(cap)})")
    return problems


def budget_totals(application: Application) -> tuple[Decimal, Decimal]:
    """The budget lines' total and the core costs among them, in one query."""
    totals = application.budget_lines.aggregate(
        total=Sum("cost"), core=Sum("cost", filter=Q(cost_type=BudgetLine.CostType.CORE))
    )
    return totals["total"] or Decimal("0.00"), totals["core"] or Decimal("0.00")


def application_problems(application: Application, now=None) -> list[tuple[str, str]]:
    """What stops this draft being sent, as (section, problem) pairs: sections are "round", "project",
    "where", "budget", "outcomes" and "documents", the parts of the applicant's task list. Reads
    `application.documents.all()`, so prefetch documents when checking many."""
    strand = application.strand
    problems = []
    if not application.round.is_open(now):
        problems.append(("round", "this funding round is closed"))
    for section, field, message in (
        ("project", "title", "enter your project's name"),
        ("project", "summary", "enter a summary of your project"),
        ("budget", "amount_requested", "enter the amount you are asking for"),
        ("project", "start_date", "enter when your project starts"),
        ("project", "end_date", "enter when your project ends"),
        ("outcomes", "outcomes", "say what difference your project will make"),
    ):
        if getattr(application, field) in (None, ""):
            problems.append((section, message))
    if strand.kind == Strand.Kind.ENVIRONMENTAL and not application.ward_id:
        problems.append(("where", "choose the ward your project is in"))
    if strand.kind == Strand.Kind.PRIORITIES and not application.priorities.exists():
        problems.append(("where", "choose at least one council priority your project supports"))

    amount = application.amount_requested
    if problem := amount_problem(strand, amount):
        problems.append(("budget", problem))
    if problem := duration_problem(strand, application.start_date, application.end_date):
        problems.append(("project", problem))
    total, core = budget_totals(application)
    problems.extend(("budget", problem) for problem in budget_problems(strand, amount, total, core))
    # The dates may have changed since the lines were written.
    years = application.budget_lines.values_list("financial_year", flat=True).distinct().order_by("financial_year")
    for year in years:
        if problem := budget_year_problem(application.start_date, application.end_date, year):
            problems.append(("budget", problem))

    if application.beneficiaries_count is None:
        problems.append(("outcomes", "say how many people will benefit"))
    if not application.beneficiaries_description:
        problems.append(("outcomes", "say who will benefit"))
    if application.works_with_people_at_risk is None:
        problems.append(("documents", "say whether your project works with children or adults at risk"))
    uploaded = {document.kind for document in application.documents.all()}
    for kind in required_document_kinds(application):
        if kind not in uploaded:
            problems.append(("documents", f"upload your {Document.Kind(kind).label.lower()}"))
    return problems


def required_document_kinds(application: Application) -> list[str]:
    kinds = [Document.Kind.GOVERNING_DOCUMENT, Document.Kind.ACCOUNTS, Document.Kind.BANK_STATEMENT]
    if application.works_with_people_at_risk:
        kinds.append(Document.Kind.SAFEGUARDING_POLICY)
    return kinds


def submission_problems(application: Application, now=None) -> list[str]:
    """What stops this draft being sent, in plain English: empty when it is ready."""
    return [message for _, message in application_problems(application, now)]


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

    Guarantees: the move is in grants.workflow's table for the application's current status and the
    actor holds one of its roles; the application row is locked for the whole move, so two people cannot
    move it at once; money is committed or released with the strand and ward pot rows locked, and never
    beyond their budgets; a StatusChange and a history row record who, when, from, to and why; its
    emails are written to the outbox in the same transaction and delivered once it commits. A councillor
    with a declared interest in the bid cannot decide it, and under the majority rule a councillor's
    decision stands only once the recorded votes make a majority (grants.services.councillor_decide
    records them). `recorded_by` names an officer who makes the move on the actor's behalf; it is kept
    on the StatusChange and the history row is the officer's. A panel's decision keeps the meeting's
    `minute_reference` on the StatusChange. Sending a draft needs every section complete, documents
    included (submission_problems); recommending needs an assessment and no declared interest
    (grants.services.assessments.recommendation_check).
    """
    with transaction.atomic():
        # Lock order everywhere: application, then strand, then ward pot. One order, no deadlocks.
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("strand", "round", "ward")
            .get(pk=application.pk)
        )
        move = workflow.find_transition(locked, action)
        if move is None:
            raise TransitionNotAllowed(
                f"You cannot {action.replace('_', ' ')} an application that is {locked.get_status_display().lower()}."
            )
        if recorded_by is not None and not getattr(recorded_by, "is_officer", False):
            raise ActionForbidden("Only an officer can record a decision on someone else's behalf.")
        roles = workflow.roles_for(actor, locked)
        if Role.COUNCILLOR in move.roles:
            _check_councillor_may_decide(actor, locked, move, has_role=Role.COUNCILLOR in roles)
        if not roles & move.roles:
            refusal = decision_refusal(actor, locked) if move.roles & DECIDERS else None
            raise ActionForbidden(
                refusal or f"You do not have permission to do this on {locked.reference}: {move.label}."
            )
        if roles & move.roles <= DECIDERS and (refusal := decision_refusal(actor, locked)):
            raise ActionForbidden(refusal)

        reason = (reason or "").strip()
        if move.needs_reason and not reason:
            raise MissingInput("Enter a reason.")
        if move.needs_amount:
            amount = _checked_amount(locked, amount)

        now = timezone.now()
        from_status = locked.status
        if action == "submit":
            problems = submission_problems(locked, now)
            if problems:
                raise ApplicationIncomplete(problems)
            locked.submitted_at = now
        elif action in ("recommend", "not_recommend"):
            # The assessment rules live with assessments, which build on this module.
            from .assessments import recommendation_check

            recommendation_check(application=locked, actor=actor, recommending=action == "recommend")
            if action == "recommend":
                locked.recommendation, locked.recommended_amount = Recommendation.RECOMMENDED, amount
            else:
                locked.recommendation, locked.recommended_amount = Recommendation.NOT_RECOMMENDED, None
        if move.target in (Status.APPROVED, Status.DECLINED) and from_status == Status.AWAITING_DECISION:
            locked.decided_at = now

        if move.budget is Budget.COMMIT:
            _commit(locked, amount, actor)
            locked.amount_awarded = amount
        elif move.budget is Budget.RELEASE:
            kind = (
                LedgerEntry.Kind.DECLINE_REVERSAL
                if move.target == Status.DECLINED
                else LedgerEntry.Kind.WITHDRAWAL_REVERSAL
            )
            _release(locked, kind, actor, note=reason)

        locked.status = move.target
        locked._history_user = recorded_by or actor
        locked._change_reason = f"{move.label}: {reason}" if reason else move.label
        if recorded_by is not None:
            locked._change_reason += f" (recorded by an officer for {actor.get_full_name()})"
        locked.save()
        change = StatusChange.objects.create(
            application=locked,
            action=action,
            from_status=from_status,
            to_status=move.target,
            actor=actor,
            reason=reason,
            amount=amount if move.needs_amount else None,
            recorded_by=recorded_by,
            minute_reference=(minute_reference or "").strip(),
        )
        # In the same transaction: the emails exist exactly when the move does (kbt.outbox).
        from ..emails import status_change_emails

        status_change_emails(change)
    # The caller's copy now shows the new state.
    for field in ("status", "submitted_at", "decided_at", "recommendation", "recommended_amount", "amount_awarded"):
        setattr(application, field, getattr(locked, field))
    return change


def _check_councillor_may_decide(actor, application: Application, move, *, has_role: bool):
    """Refuse a councillor's decision that the declared interests or the strand's rule do not allow."""
    if not application.ward_id:
        return
    if not has_role:
        # Say why when the reason is an interest; anyone else gets the table's plain refusal.
        if refusal := councillor_refusal(actor, application):
            raise ActionForbidden(refusal)
        return
    if application.strand.decision_rule == Strand.DecisionRule.MAJORITY:
        needed = majority_needed(application)
        agreeing = votes_for(application, move.action)
        if agreeing.count() < needed or not agreeing.filter(councillor__user=actor).exists():
            raise ActionForbidden(
                f"{application.reference} needs {needed} of the ward's councillors to agree: record your vote."
            )


def _checked_amount(application: Application, amount) -> Decimal:
    if amount is None or amount == "":
        raise MissingInput("Enter an amount.")
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount <= 0:
        raise MissingInput("Enter an amount more than £0.")
    if application.amount_requested is not None and amount > application.amount_requested:
        raise MissingInput(f"The amount cannot be more than the {money(application.amount_requested)} requested.")
    return amount


def _locked_pot(application: Application) -> WardPot | None:
    if not application.ward_id:
        return None
    return (
        WardPot.objects.select_for_update().filter(strand_id=application.strand_id, ward_id=application.ward_id).first()
    )


def _commit(application: Application, amount: Decimal, actor) -> LedgerEntry:
    strand = Strand.objects.select_for_update().get(pk=application.strand_id)
    pot = _locked_pot(application)
    if amount > strand.remaining:
        raise BudgetExceeded(
            f"Approving {money(amount)} would exceed the {strand.name} budget: only {money(strand.remaining)} remains."
        )
    if pot is not None and amount > pot.remaining:
        raise BudgetExceeded(
            f"Approving {money(amount)} would exceed the {pot.ward.name} ward pot: only {money(pot.remaining)} remains."
        )
    return _write_entry(application, strand, pot, amount, LedgerEntry.Kind.COMMITMENT, actor)


def _release(application: Application, kind, actor, *, amount: Decimal | None = None, note="") -> LedgerEntry | None:
    strand = Strand.objects.select_for_update().get(pk=application.strand_id)
    entries = LedgerEntry.objects.filter(application=application)
    outstanding = entries.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    amount = outstanding if amount is None else amount
    if amount <= 0:
        return None
    if amount > outstanding:
        raise MissingInput(f"Only {money(outstanding)} is still committed to this application.")
    # Release from the pot the commitment came from, even if the pot has since changed.
    pot_id = entries.filter(kind=LedgerEntry.Kind.COMMITMENT).values_list("ward_pot_id", flat=True).first()
    pot = WardPot.objects.select_for_update().get(pk=pot_id) if pot_id else None
    return _write_entry(application, strand, pot, -amount, kind, actor, note)


def _write_entry(application, strand, pot, amount, kind, actor, note="") -> LedgerEntry:
    """The only place the committed counters change: the entry first, then the counters, by F()
    updates under the row locks taken above. The CHECK constraints refuse any over-commit, and on
    PostgreSQL a trigger refuses a counter that differs from its ledger's sum (migration 0009)."""
    entry = LedgerEntry.objects.create(
        strand=strand, ward_pot=pot, application=application, amount=amount, kind=kind, created_by=actor, note=note
    )
    Strand.objects.filter(pk=strand.pk).update(committed=F("committed") + amount)
    if pot is not None:
        WardPot.objects.filter(pk=pot.pk).update(committed=F("committed") + amount)
    return entry


def application_return_underspend(*, application: Application, amount: Decimal, actor, note: str = "") -> LedgerEntry:
    """Record money a group did not spend and gave back: a reversing ledger entry, status unchanged.

    Only an officer may record it, only on an approved or running or completed grant, and never for
    more than is still committed to it.
    """
    with transaction.atomic():
        locked = Application.objects.select_for_update(of=("self",)).select_related("strand").get(pk=application.pk)
        if Role.OFFICER not in workflow.roles_for(actor, locked):
            raise ActionForbidden("Only an officer can record a returned underspend.")
        if locked.status not in (Status.APPROVED, Status.GRANT_ACTIVE, Status.COMPLETED):
            raise TransitionNotAllowed("Only an approved grant can return an underspend.")
        amount = _checked_amount(locked, amount)
        entry = _release(locked, LedgerEntry.Kind.UNDERSPEND, actor, amount=amount, note=note)
        locked._history_user = actor
        locked._change_reason = f"Underspend of {money(amount)} returned"
        locked.save(update_fields=["updated_at"])
        return entry
