"""The budget ledger's public API: the only way money moves, and the figures it adds up to.

`commit` and `release` write a LedgerEntry and move the strand's and ward pot's `committed` counters
with it, under row locks taken in one order everywhere: application (the caller's), then strand, then
ward pot. The CHECK constraints refuse any over-commit, and on PostgreSQL a trigger refuses a counter
that differs from its ledger's sum (migrations 0009 and 0013).

`pay` writes a "paid" entry (positive) for each instalment paid. Paid entries are not part of what is
committed: committed = the sum of every other kind, paid = the sum of "paid" entries, and what is still
to pay is committed less paid. Returned money is an "underspend" entry (negative).
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum

from .. import workflow
from ..models import HOLDING_MONEY, Application, LedgerEntry, Strand, WardPot
from ..money import pounds
from ..workflow import Role
from .errors import ActionForbidden, BudgetExceeded, MissingInput, TransitionNotAllowed
from .rules import checked_amount

ZERO = Decimal("0.00")


def commit(*, application: Application, amount: Decimal, actor) -> LedgerEntry:
    """Commit `amount` to the application from its strand and ward pot, or raise BudgetExceeded and
    write nothing. Call it inside the caller's transaction, with the application row locked."""
    strand = Strand.objects.select_for_update().get(pk=application.strand_id)
    pot = _locked_pot(application)
    if amount > strand.remaining:
        raise BudgetExceeded(
            f"Approving {pounds(amount)} would exceed the {strand.name} budget: "
            f"only {pounds(strand.remaining)} remains."
        )
    if pot is not None and amount > pot.remaining:
        raise BudgetExceeded(
            f"Approving {pounds(amount)} would exceed the {pot.ward.name} ward pot: "
            f"only {pounds(pot.remaining)} remains."
        )
    return _write_entry(application, strand, pot, amount, LedgerEntry.Kind.COMMITMENT, actor)


def release(
    *, application: Application, kind: str, actor, amount: Decimal | None = None, note: str = ""
) -> LedgerEntry | None:
    """Give back `amount` (all that is still committed, if None) to the strand and to the ward pot the
    commitment came from, even if the pot has since changed. Nothing to give back writes nothing.
    With no amount, what is released is what is committed and not yet paid."""
    strand = Strand.objects.select_for_update().get(pk=application.strand_id)
    entries = LedgerEntry.objects.filter(application=application)
    outstanding = entries.committed().aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if amount is None:
        # What was paid stays paid: only what has not been paid is released.
        amount = outstanding - (entries.paid().aggregate(s=Sum("amount"))["s"] or Decimal(0))
    if amount <= 0:
        return None
    if amount > outstanding:
        raise MissingInput(f"Only {pounds(outstanding)} is still committed to this application.")
    pot_id = entries.filter(kind=LedgerEntry.Kind.COMMITMENT).values_list("ward_pot_id", flat=True).first()
    pot = WardPot.objects.select_for_update().get(pk=pot_id) if pot_id else None
    return _write_entry(application, strand, pot, -amount, kind, actor, note)


def return_money(*, application: Application, amount: Decimal, actor, note: str = "") -> LedgerEntry:
    """Record money a group did not spend and gave back: a reversing ledger entry, status unchanged.

    Guarantees: only an officer records it, only on an approved, running or completed grant, and
    never for more than is still committed to it.
    """
    with transaction.atomic():
        locked = Application.objects.select_for_update(of=("self",)).select_related("strand").get(pk=application.pk)
        if Role.OFFICER not in workflow.roles_for(actor, locked):
            raise ActionForbidden("Only an officer can record a returned underspend.")
        if locked.status not in HOLDING_MONEY:
            raise TransitionNotAllowed("Only an approved grant can return an underspend.")
        amount = checked_amount(locked, amount)
        entry = release(application=locked, kind=LedgerEntry.Kind.UNDERSPEND, actor=actor, amount=amount, note=note)
        locked._history_user = actor
        locked._change_reason = f"Underspend of {pounds(amount)} returned"
        locked.save(update_fields=["updated_at"])
        return entry


# The name the rest of the code has always called it by.
application_return_underspend = return_money


def pay(*, instalments: list, actor, note: str = "") -> list[LedgerEntry]:
    """Write one "paid" entry per instalment, for its amount, against the strand and ward pot its grant's
    money was committed from, in two queries whatever the number. Committed figures do not move. Call it
    inside the caller's transaction with the instalments locked; the database refuses a second paid
    entry for any instalment (a unique constraint), so nothing is ever paid twice."""
    application_ids = {instalment.application_id for instalment in instalments}
    # Oldest first, so the dict keeps the pot of each grant's latest commitment.
    commitments = dict(
        LedgerEntry.objects.filter(application_id__in=application_ids, kind=LedgerEntry.Kind.COMMITMENT)
        .order_by("id")
        .values_list("application_id", "ward_pot_id")
    )
    strands = dict(Application.objects.filter(pk__in=application_ids).values_list("pk", "strand_id"))
    return LedgerEntry.objects.bulk_create(
        LedgerEntry(
            strand_id=strands[instalment.application_id],
            ward_pot_id=commitments.get(instalment.application_id),
            application_id=instalment.application_id,
            instalment=instalment,
            amount=instalment.amount,
            kind=LedgerEntry.Kind.PAID,
            created_by=actor,
            note=note,
        )
        for instalment in instalments
    )


def committed_to_strand(strand: Strand) -> Decimal:
    """What the ledger says is committed to the strand: the sum of its entries except payments."""
    return LedgerEntry.objects.committed().filter(strand=strand).aggregate(s=Sum("amount"))["s"] or ZERO


def committed_to_pot(pot: WardPot) -> Decimal:
    """What the ledger says is committed to the ward pot: the sum of its entries except payments."""
    return LedgerEntry.objects.committed().filter(ward_pot=pot).aggregate(s=Sum("amount"))["s"] or ZERO


def paid_from_strand(strand: Strand) -> Decimal:
    """What the ledger says has been paid from the strand."""
    return LedgerEntry.objects.paid().filter(strand=strand).aggregate(s=Sum("amount"))["s"] or ZERO


def paid_from_pot(pot: WardPot) -> Decimal:
    """What the ledger says has been paid from the ward pot."""
    return LedgerEntry.objects.paid().filter(ward_pot=pot).aggregate(s=Sum("amount"))["s"] or ZERO


def committed_by_financial_year(strand: Strand) -> dict[str, Decimal]:
    """What is committed to the strand in each financial year, by label ("2026/27")."""
    from ..selectors.budget import commitments_by_financial_year

    return commitments_by_financial_year([strand.pk]).get(strand.pk, {})


def _locked_pot(application: Application) -> WardPot | None:
    if not application.ward_id:
        return None
    return (
        WardPot.objects.select_for_update().filter(strand_id=application.strand_id, ward_id=application.ward_id).first()
    )


def _write_entry(application, strand, pot, amount, kind, actor, note="") -> LedgerEntry:
    """The only place the committed counters change: the entry first, then the counters, by F()
    updates under the row locks taken above."""
    entry = LedgerEntry.objects.create(
        strand=strand, ward_pot=pot, application=application, amount=amount, kind=kind, created_by=actor, note=note
    )
    Strand.objects.filter(pk=strand.pk).update(committed=F("committed") + amount)
    if pot is not None:
        WardPot.objects.filter(pk=pot.pk).update(committed=F("committed") + amount)
    return entry
