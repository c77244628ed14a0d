"""Budgets: changing a strand's or a ward pot's budget, opening a ward pot, and checking every
committed counter against the ledger.

Committed money itself moves only through the ledger (grants.services.ledger: commit, release,
return_money). Nothing here writes `committed`; on PostgreSQL a trigger refuses any change of it that
does not equal the ledger's sum (migration 0009)."""

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from ..models import BudgetChange, BudgetCheck, LedgerEntry, Strand, Ward, WardPot
from ..money import pounds
from .errors import WorkflowError

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")


class BudgetRefused(WorkflowError):
    """The new budget breaks a rule: below what is committed, beyond the fund or the strand, and so on."""


def _ledger_sum(column: str):
    """The sum of the ledger entries of the outer row that make up what is committed (every kind but
    "paid"), as a subquery: 0 when there are none."""
    total = (
        LedgerEntry.objects.committed()
        .filter(**{column: OuterRef("pk")})
        .order_by()
        .values(column)
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(total), Value(ZERO), output_field=DecimalField(max_digits=12, decimal_places=2))


def strands_with_ledger(strands=None):
    """Strands annotated with `ledger_committed`, the sum of their ledger entries."""
    return (Strand.objects.all() if strands is None else strands).annotate(ledger_committed=_ledger_sum("strand"))


def ward_pots_with_ledger(pots=None):
    """Ward pots annotated with `ledger_committed`, the sum of their ledger entries."""
    return (WardPot.objects.all() if pots is None else pots).annotate(ledger_committed=_ledger_sum("ward_pot"))


def strand_budget_problems(strand: Strand, budget: Decimal) -> list[str]:
    """Why `strand` cannot have this budget, in plain English: empty when it can. Reads the
    committed figure and the other budgets from the database, not from `strand`'s copy."""
    problems = []
    if budget < 0:
        return ["The budget cannot be less than £0."]
    committed = strands_with_ledger().get(pk=strand.pk).ledger_committed
    if budget < committed:
        problems.append(
            f"{pounds(committed)} is already committed to the {strand.name} strand: "
            "its budget cannot be less than that."
        )
    pots = WardPot.objects.filter(strand=strand).aggregate(s=Sum("budget"))["s"] or ZERO
    if budget < pots:
        problems.append(f"The strand's ward pots add up to {pounds(pots)}: its budget cannot be less than that.")
    others = Strand.objects.filter(fund_id=strand.fund_id).exclude(pk=strand.pk).aggregate(s=Sum("budget"))["s"]
    fund_total = strand.fund.total
    if (others or ZERO) + budget > fund_total:
        problems.append(
            f"The fund's strands would add up to {pounds((others or ZERO) + budget)}, "
            f"more than the fund's {pounds(fund_total)}."
        )
    if strand.maximum_award is not None and strand.maximum_award > budget:
        problems.append(f"The budget cannot be less than the strand's maximum award of {pounds(strand.maximum_award)}.")
    return problems


def ward_pot_committed_problem(pot: WardPot, budget: Decimal) -> str | None:
    """Why `pot` cannot have this budget given what the ledger has committed to it, or None."""
    committed = ward_pots_with_ledger().get(pk=pot.pk).ledger_committed
    if budget < committed:
        return (
            f"{pounds(committed)} is already committed to the {pot.ward.name} ward pot: "
            "its budget cannot be less than that."
        )
    return None


def ward_pot_budget_problems(*, strand: Strand, ward: Ward, budget: Decimal, pot: WardPot | None = None) -> list[str]:
    """Why a ward pot of `strand` (`pot`, or a new one) cannot have this budget: empty when it can."""
    if budget < 0:
        return ["The budget cannot be less than £0."]
    problems = [problem] if pot is not None and (problem := ward_pot_committed_problem(pot, budget)) else []
    try:
        # The pots' total against the strand is the model's own rule.
        WardPot(pk=pot.pk if pot else None, strand=strand, ward=ward, budget=budget).clean()
    except ValidationError as error:
        problems.extend(error.messages)
    return problems


def _refuse(problems: list[str]):
    if problems:
        raise BudgetRefused(" ".join(problems))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise BudgetRefused("Say why the budget is changing.")
    return reason


def strand_budget_change(*, strand: Strand, budget: Decimal, reason: str, changed_by) -> BudgetChange | None:
    """Give a strand a new budget, or raise BudgetRefused and change nothing.

    Guarantees: the strand row is locked (the same lock approvals take), so no approval can commit
    money between the check and the change; the budget is never below what the ledger has
    committed, below its ward pots, or beyond the fund; a BudgetChange records who, when, the old
    and new figures and why. Only `budget` is written: `committed` is the ledger's. Returns None
    when the budget is unchanged."""
    budget = Decimal(budget).quantize(Decimal("0.01"))
    reason = _reason(reason)
    with transaction.atomic():
        locked = Strand.objects.select_for_update().select_related("fund").get(pk=strand.pk)
        if locked.budget == budget:
            return None
        _refuse(strand_budget_problems(locked, budget))
        change = BudgetChange.objects.create(
            strand=locked, old_budget=locked.budget, new_budget=budget, reason=reason, changed_by=changed_by
        )
        Strand.objects.filter(pk=locked.pk).update(budget=budget)
    strand.budget = budget
    return change


def ward_pot_budget_change(*, pot: WardPot, budget: Decimal, reason: str, changed_by) -> BudgetChange | None:
    """Give a ward pot a new budget, or raise BudgetRefused and change nothing.

    Guarantees: the strand and then the pot are locked, in the order approvals lock them, so no
    approval commits money between the check and the change and no two pots of a strand grow past
    it at once; the budget is never below what the ledger has committed to the pot, and the pots
    never add up to more than the strand; a BudgetChange records who, when, the old and new figures
    and why. Only `budget` is written. Returns None when the budget is unchanged."""
    budget = Decimal(budget).quantize(Decimal("0.01"))
    reason = _reason(reason)
    with transaction.atomic():
        strand = Strand.objects.select_for_update().get(pk=pot.strand_id)
        locked = WardPot.objects.select_for_update().select_related("ward").get(pk=pot.pk)
        if locked.budget == budget:
            return None
        _refuse(ward_pot_budget_problems(strand=strand, ward=locked.ward, budget=budget, pot=locked))
        change = BudgetChange.objects.create(
            ward_pot=locked, old_budget=locked.budget, new_budget=budget, reason=reason, changed_by=changed_by
        )
        WardPot.objects.filter(pk=locked.pk).update(budget=budget)
    pot.budget = budget
    return change


def ward_pot_create(*, strand: Strand, ward: Ward, budget: Decimal, changed_by, reason: str = "") -> WardPot:
    """Open a ward pot in a strand, or raise BudgetRefused. The strand is locked while the pots'
    total is checked; the opening budget is recorded as a BudgetChange from nothing."""
    budget = Decimal(budget).quantize(Decimal("0.01"))
    reason = (reason or "").strip() or "Opening budget"
    with transaction.atomic():
        locked = Strand.objects.select_for_update().get(pk=strand.pk)
        if WardPot.objects.filter(strand=locked, ward=ward).exists():
            raise BudgetRefused(f"The {locked.name} strand already has a {ward.name} ward pot.")
        _refuse(ward_pot_budget_problems(strand=locked, ward=ward, budget=budget))
        pot = WardPot.objects.create(strand=locked, ward=ward, budget=budget)
        BudgetChange.objects.create(
            ward_pot=pot, old_budget=None, new_budget=budget, reason=reason, changed_by=changed_by
        )
    return pot


def strand_budget_open(*, strand: Strand, changed_by, reason: str = "") -> BudgetChange:
    """Record a new strand's opening budget, as a BudgetChange from nothing."""
    return BudgetChange.objects.create(
        strand=strand,
        old_budget=None,
        new_budget=strand.budget,
        reason=(reason or "").strip() or "Opening budget",
        changed_by=changed_by,
    )


def budgets_reconcile() -> BudgetCheck:
    """Compare every strand's and ward pot's committed counter with the sum of its ledger entries,
    record the run as a BudgetCheck, and log each difference at ERROR.

    Each counter and its ledger sum are read in one statement, so both come from one snapshot and a
    commit in progress cannot look like a difference."""
    mismatches = []
    strands = list(strands_with_ledger().order_by("pk").values("pk", "name", "committed", "ledger_committed"))
    pots = list(
        ward_pots_with_ledger()
        .order_by("pk")
        .values("pk", "ward__name", "strand__name", "committed", "ledger_committed")
    )
    for row in strands:
        if row["committed"] != row["ledger_committed"]:
            mismatches.append(
                {
                    "kind": "strand",
                    "id": row["pk"],
                    "name": f"{row['name']} strand",
                    "counter": str(row["committed"]),
                    "ledger": str(row["ledger_committed"]),
                }
            )
    for row in pots:
        if row["committed"] != row["ledger_committed"]:
            mismatches.append(
                {
                    "kind": "ward_pot",
                    "id": row["pk"],
                    "name": f"{row['ward__name']} ward pot ({row['strand__name']})",
                    "counter": str(row["committed"]),
                    "ledger": str(row["ledger_committed"]),
                }
            )
    for mismatch in mismatches:
        logger.error(
            "Budget check: the %s shows %s committed but its ledger entries add up to %s",
            mismatch["name"],
            pounds(mismatch["counter"]),
            pounds(mismatch["ledger"]),
        )
    return BudgetCheck.objects.create(strands_checked=len(strands), pots_checked=len(pots), mismatches=mismatches)
