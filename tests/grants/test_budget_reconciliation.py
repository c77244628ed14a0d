"""The periodic budget check finds a committed counter that has drifted from the ledger, logs it at
ERROR and shows it to officers in admin."""

import logging

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from grants.models import BudgetCheck, Status
from grants.services import budgets
from grants.tasks import check_budgets
from kbt.celery import app as celery_app
from tests.factories import officer
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db


def drift(table: str, pk: int, committed: str):
    """Set a counter behind the ledger's back, as a bug or a hand-typed UPDATE might: triggers are
    switched off for this one statement, as only a database superuser could."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(f"UPDATE {table} SET committed = %s WHERE id = %s", [committed, pk])  # noqa: S608
        if postgresql:
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def ward():
    ward = Ward(pot="14000.00")
    ward.bid(status=Status.APPROVED, amount="5000.00")
    return ward


def test_a_check_of_agreeing_figures_finds_nothing(ward, caplog):
    with caplog.at_level(logging.ERROR):
        check = budgets.budgets_reconcile()
    assert check.ok and (check.strands_checked, check.pots_checked) == (1, 1)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_drifted_counter_is_logged_at_error_and_recorded(ward, caplog):
    drift("grants_wardpot", ward.pot.pk, "3000.00")

    with caplog.at_level(logging.ERROR, logger="grants.services.budgets"):
        check = budgets.budgets_reconcile()

    assert check.mismatches == [
        {
            "kind": "ward_pot",
            "id": ward.pot.pk,
            "name": "Longview ward pot (Environmental improvements)",
            "counter": "3000.00",
            "ledger": "5000.00",
        }
    ]
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "Longview ward pot" in record.getMessage() and "£3,000" in record.getMessage()


def test_officers_see_the_difference_on_the_admin_index(ward, client):
    client.force_login(officer())
    budgets.budgets_reconcile()
    assert "differ from the ledger" not in client.get(reverse("admin:index")).content.decode()

    drift("grants_strand", ward.strand.pk, "4000.00")
    budgets.budgets_reconcile()

    body = client.get(reverse("admin:index")).content.decode()
    assert "found committed figures that differ from the ledger" in body
    assert "Environmental improvements strand: the figure shows £4,000 committed, the ledger £5,000" in body


def test_the_command_and_the_beat_task_run_the_check(ward):
    call_command("check_budgets")
    drift("grants_wardpot", ward.pot.pk, "0.00")
    with pytest.raises(CommandError, match="1 differ from the ledger"):
        call_command("check_budgets")
    assert check_budgets.delay().get() == 1
    assert BudgetCheck.objects.count() == 3
    assert celery_app.conf.beat_schedule["check-budgets"]["task"] == "grants.tasks.check_budgets"
