"""The files that pass between the portal and the council's finance system: the payment file an approved
run produces (the only place full bank details appear), and the remittance file Finance imports to mark
instalments paid."""

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from kbt.audit.models import AuditEntry
from kbt.audit.services import audit_record

from ..models import Instalment, PaymentRun
from ..money import pounds
from .errors import ActionForbidden, PaymentRefused, TransitionNotAllowed
from .payment_runs import instalments_pay

HEADERS = ["Payee name", "Sort code", "Account number", "Building society roll number", "Amount", "Reference"]
REMITTANCE_HEADERS = ["reference", "amount", "date paid"]
# What a spreadsheet may read as the start of a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_REMITTANCE_ROWS = 20_000


class _Echo:
    def write(self, value):
        return value


def _safe(value) -> str:
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def payment_file_lines(*, run: PaymentRun, actor) -> Iterator[str]:
    """The run's payment file, one CSV line at a time, read from the database in chunks (one query,
    streamed), so a run of any size downloads in fixed memory.

    Guarantees: only Finance, only an approved or paid run; each instalment goes to the bank details
    fixed when the run was approved; every download is written to the audit log (who, which run)."""
    if not getattr(actor, "is_finance", False):
        raise ActionForbidden("Only a member of Finance can download a payment file.")
    if run.status not in (PaymentRun.Status.APPROVED, PaymentRun.Status.PAID):
        raise TransitionNotAllowed(f"{run} is not approved yet: it has no payment file.")
    audit_record(
        actor=actor,
        action=AuditEntry.Action.EXPORTED,
        target=run,
        detail=f"Payment file downloaded: {run.instalment_count} payments, {pounds(run.total)}",
    )
    rows = (
        run.instalments.select_related("application", "paid_to")
        .order_by("application__reference", "number")
        .iterator(chunk_size=2000)
    )
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(HEADERS)
        for instalment in rows:
            details = instalment.paid_to
            yield writer.writerow(
                [
                    _safe(details.account_name),
                    _safe(details.sort_code),
                    _safe(details.account_number),
                    _safe(details.roll_number or ""),
                    f"{instalment.amount:.2f}",
                    _safe(instalment.reference),
                ]
            )

    return lines()


@dataclass
class RemittanceRow:
    line: int
    reference: str
    amount: Decimal
    paid_on: dt.date


class RemittanceInvalid(PaymentRefused):
    """The remittance file has problems: `problems` lists each, by line, in plain English."""

    def __init__(self, problems: list[str]):
        super().__init__("The remittance file could not be imported: " + "; ".join(problems[:10]))
        self.problems = problems


def _read_remittance(text: str) -> list[RemittanceRow]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if header[:3] != REMITTANCE_HEADERS:
        raise RemittanceInvalid([f"the first line must be the headings: {', '.join(REMITTANCE_HEADERS)}"])
    rows, problems = [], []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_REMITTANCE_ROWS:
            raise RemittanceInvalid([f"the file has more than {MAX_REMITTANCE_ROWS:,} payments: split it"])
        cells = [cell.strip() for cell in cells] + ["", "", ""]
        try:
            amount = Decimal(cells[1].replace("£", "").replace(",", "")).quantize(Decimal("0.01"))
        except InvalidOperation:
            problems.append(f"line {line}: the amount “{cells[1]}” is not an amount in pounds")
            continue
        try:
            paid_on = dt.date.fromisoformat(cells[2])
        except ValueError:
            problems.append(f"line {line}: the date “{cells[2]}” is not a date like 2027-04-14")
            continue
        rows.append(RemittanceRow(line, cells[0], amount, paid_on))
    if problems:
        raise RemittanceInvalid(problems)
    if not rows:
        raise RemittanceInvalid(["the file has no payments in it"])
    return rows


def remittance_import(*, text: str, actor, finance_reference: str) -> list[PaymentRun]:
    """Mark paid every instalment the finance system's remittance file lists (reference, amount, date
    paid), in approved runs; a run all of whose instalments are paid becomes paid. Returns the runs paid.

    Guarantees: all or nothing: an unknown reference, one not in an approved run, an amount that
    differs or a date in the future refuses the whole file, listing every problem by line."""
    if not getattr(actor, "is_finance", False):
        raise ActionForbidden("Only a member of Finance can import a remittance file.")
    finance_reference = (finance_reference or "").strip()
    if not finance_reference:
        raise RemittanceInvalid(["enter the finance system's reference for this remittance"])
    rows = _read_remittance(text)
    with transaction.atomic():
        by_reference = {
            i.reference: i
            for i in Instalment.objects.select_for_update(of=("self",))
            .filter(status=Instalment.Status.IN_RUN, payment_run__status=PaymentRun.Status.APPROVED)
            .filter(application__reference__in={r.reference.rsplit("-", 1)[0] for r in rows})
            .select_related("application", "paid_to")
        }
        problems, seen, by_date = [], set(), {}
        today = timezone.localdate()
        for row in rows:
            instalment = by_reference.get(row.reference)
            if instalment is None:
                problems.append(f"line {row.line}: {row.reference or 'no reference'} is not waiting for payment")
            elif row.reference in seen:
                problems.append(f"line {row.line}: {row.reference} is listed twice")
            elif row.amount != instalment.amount:
                problems.append(
                    f"line {row.line}: {row.reference} is for {pounds(instalment.amount)}, not {pounds(row.amount)}"
                )
            elif row.paid_on > today:
                problems.append(f"line {row.line}: {row.reference} has a date paid in the future")
            else:
                by_date.setdefault(row.paid_on, []).append(instalment)
            seen.add(row.reference)
        if problems:
            raise RemittanceInvalid(problems)
        for paid_on, instalments in by_date.items():
            instalments_pay(instalments, actor=actor, paid_on=paid_on, finance_reference=finance_reference)
        return _runs_now_paid({i.payment_run_id for group in by_date.values() for i in group}, actor, finance_reference)


def _runs_now_paid(run_ids, actor, finance_reference) -> list[PaymentRun]:
    paid = []
    for run in PaymentRun.objects.select_for_update().filter(pk__in=run_ids).order_by("pk"):
        unpaid = run.instalments.exclude(status=Instalment.Status.PAID)
        if unpaid.exists():
            continue
        last = run.instalments.order_by("-paid_on").values_list("paid_on", flat=True).first()
        run.status, run.paid_by, run.paid_on, run.finance_reference = "paid", actor, last, finance_reference
        run.save(update_fields=["status", "paid_by", "paid_on", "finance_reference"])
        paid.append(run)
    return paid
