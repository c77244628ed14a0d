"""The budget panel on the admin index equals the ledger to the penny."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from grants import services
from grants.models import Application, BudgetLine, LedgerEntry, Status, Strand
from grants.selectors.budget import budget_panel
from tests.factories import (
    OrganisationFactory,
    StrandFactory,
    WardFactory,
    WardPotFactory,
    application_at,
    officer,
    panel_member,
    priorities_strand,
)

pytestmark = pytest.mark.django_db


def ledger_total(**filters) -> Decimal:
    return LedgerEntry.objects.filter(**filters).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


@pytest.fixture
def money_moved():
    """Commitments, a reversal and an underspend in both strands, and bids pending a decision."""
    env = StrandFactory()
    ward = WardFactory(name="Halewood North")
    WardPotFactory(strand=env, ward=ward, budget=Decimal("14000.00"))
    organisation = OrganisationFactory(ward=ward)
    first = application_at(Status.APPROVED, strand=env, organisation=organisation, amount="3333.33")
    application_at(Status.APPROVED, strand=env, organisation=organisation, amount="1234.57", cast=first.cast)
    application_at(Status.AWAITING_DECISION, strand=env, organisation=organisation, amount="999.99", cast=first.cast)
    pri = priorities_strand()
    grant = application_at(Status.APPROVED, strand=pri, amount="30000.00")
    # A three-year grant: its budget lines span the financial years.
    grant.budget_lines.all().delete()
    for year, cost in ((2026, "10000.01"), (2027, "9999.99"), (2028, "10000.00")):
        BudgetLine.objects.create(application=grant, item="Worker", cost=Decimal(cost), financial_year=year)
    services.application_return_underspend(
        application=grant, amount=Decimal("1000.00"), actor=grant.cast.officer, note="Spent less"
    )
    declined = application_at(Status.APPROVED, strand=pri, amount="5000.55", cast=grant.cast)
    services.application_transition(
        application=declined, action="decline_after_approval", actor=grant.cast.panel, reason="Folded"
    )
    application_at(Status.AWAITING_DECISION, strand=pri, amount="12345.67", cast=grant.cast)
    return env, pri


def test_each_strand_and_pot_equals_the_ledger_to_the_penny(money_moved):
    env, pri = money_moved
    panel = {strand.name: strand for strand in budget_panel()}
    env_row, pri_row = panel[env.name], panel[pri.name]
    assert env_row.committed == ledger_total(strand=env) == Decimal("4567.90")
    assert env_row.remaining == Decimal("300000.00") - Decimal("4567.90")
    assert env_row.pending == Decimal("999.99")
    (pot,) = env_row.ward_pots
    assert (pot.name, pot.committed, pot.remaining, pot.pending) == (
        "Halewood North",
        Decimal("4567.90"),
        Decimal("9432.10"),
        Decimal("999.99"),
    )
    assert pri_row.committed == ledger_total(strand=pri) == Decimal("29000.00")
    assert pri_row.pending == Decimal("12345.67")
    # The services keep Strand.committed in step with the ledger too.
    assert Strand.objects.get(pk=pri.pk).committed == pri_row.committed


def test_priorities_commitments_by_financial_year_add_up_to_the_ledger(money_moved):
    _, pri = money_moved
    row = next(s for s in budget_panel() if s.strand_id == pri.pk)
    years = dict(row.by_financial_year)
    assert list(years) == ["2026/27", "2027/28", "2028/29"]
    assert sum(years.values()) == row.committed == Decimal("29000.00")
    # £29,000 of £30,000 spread over the lines' years in proportion.
    assert years["2026/27"] == Decimal("9666.68")
    # The environmental strand is not split by year.
    env_row = next(s for s in budget_panel() if s.strand_id != pri.pk)
    assert env_row.by_financial_year == ()


def test_the_panel_shows_on_the_admin_index_only_and_moves_with_a_decision(client, money_moved):
    env, pri = money_moved
    client.force_login(officer())
    body = client.get(reverse("admin:index")).content.decode()
    assert "Budgets" in body
    assert "£4,567.90" in body and "£29,000" in body and "£12,345.67" in body
    assert "Halewood North ward pot" in body
    # Not on every page of the applications list: that is for finding bids.
    listing = client.get(reverse("admin:grants_application_changelist")).content.decode()
    assert "budget-panel-heading" not in listing
    pending = Application.objects.get(strand=pri, status=Status.AWAITING_DECISION)
    services.application_decide(
        application=pending,
        actor=panel_member(),
        approve=True,
        reason="Good",
        amount=pending.amount_requested,
        minute_reference="PAN/1",
    )
    body = client.get(reverse("admin:index")).content.decode()
    assert "£41,345.67" in body  # 29,000.00 + 12,345.67 now committed


def test_the_budget_panel_runs_a_fixed_number_of_queries(django_assert_max_num_queries, money_moved):
    with django_assert_max_num_queries(9):
        budget_panel()
