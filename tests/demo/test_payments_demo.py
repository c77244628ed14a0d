"""seed_demo shows payments: a run built by one member of Finance, approved by another and paid, and
instalments paid, due and held, with the ledger agreeing to the penny."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from grants.models import Instalment, LedgerEntry, PaymentRun
from grants.selectors.payments import due_summary, grant_schedule

pytestmark = pytest.mark.django_db


def test_seed_demo_has_a_paid_run_and_instalments_paid_due_and_held():
    out = StringIO()
    call_command("seed_demo", stdout=out)

    run = PaymentRun.objects.get()
    assert run.status == "paid" and run.built_by != run.approved_by
    assert {run.built_by.email, run.approved_by.email} == {"finance@knowsley.example", "finance2@knowsley.example"}
    assert "finance2@knowsley.example" in out.getvalue()
    paid = Instalment.objects.filter(status="paid")
    assert paid.exists()
    assert LedgerEntry.objects.paid().aggregate(s=Sum("amount"))["s"] == paid.aggregate(s=Sum("amount"))["s"]
    states = {row.state for i in Instalment.objects.all() for row in grant_schedule(i.application).rows}
    assert {"Paid", "Due", "On hold"} <= states
    assert due_summary()[0] >= 1

    call_command("seed_demo", stdout=StringIO())  # again: nothing changes
    assert PaymentRun.objects.count() == 1
