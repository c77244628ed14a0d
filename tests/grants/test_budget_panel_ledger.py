"""The budget panel's figures are the ledger's, after approvals, releases and payments, and never stale."""

from decimal import Decimal

import pytest
from django.db.models import Q, Sum
from django.urls import reverse

from grants import services
from grants.models import BudgetLine, LedgerEntry, Status
from grants.selectors.budget import PAID, budget_panel
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
from tests.grants.payment_factories import pay_part

pytestmark = pytest.mark.django_db


def ledger(condition: Q, **filters) -> Decimal:
    return LedgerEntry.objects.filter(condition, **filters).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


def pay(application, amount: str):
    """A payment through the payments services: kind "paid", a positive amount, not a commitment."""
    return pay_part(application, amount)


def rows():
    panel = budget_panel()
    return {s.strand_id: s for s in panel}, {(s.strand_id, p.name): p for s in panel for p in s.ward_pots}


def assert_panel_is_the_ledger(strands, pots):
    not_paid, paid = ~Q(kind=PAID), Q(kind=PAID)
    for strand_id, row in strands.items():
        assert row.committed == ledger(not_paid, strand_id=strand_id)
        assert row.paid == ledger(paid, strand_id=strand_id)
        assert sum(dict(row.by_financial_year).values(), Decimal(0)) in (Decimal(0), row.committed)
    for (strand_id, ward_name), pot in pots.items():
        assert pot.committed == ledger(not_paid, strand_id=strand_id, ward_pot__ward__name=ward_name)
        assert pot.paid == ledger(paid, strand_id=strand_id, ward_pot__ward__name=ward_name)


def test_the_panel_equals_the_ledger_after_approvals_releases_and_payments():
    env = StrandFactory()
    ward = WardFactory(name="Prescot South")
    WardPotFactory(strand=env, ward=ward, budget=Decimal("20000.00"))
    group = OrganisationFactory(ward=ward)
    env_grant = application_at(Status.GRANT_ACTIVE, strand=env, organisation=group, amount="4000.00")
    pri = priorities_strand()
    grant = application_at(Status.GRANT_ACTIVE, strand=pri, amount="24000.00")
    grant.budget_lines.all().delete()
    for year, cost in ((2026, "8000.00"), (2027, "16000.00")):
        BudgetLine.objects.create(application=grant, item="Worker", cost=Decimal(cost), financial_year=year)
    strands, pots = rows()
    assert strands[pri.pk].committed == Decimal("24000.00")
    assert dict(strands[pri.pk].by_financial_year) == {"2026/27": Decimal("8000.00"), "2027/28": Decimal("16000.00")}

    # A release: the panel (kept in the cache between ledger changes) moves at once.
    services.application_return_underspend(application=grant, amount=Decimal("2400.00"), actor=grant.cast.officer)
    strands, pots = rows()
    assert strands[pri.pk].committed == Decimal("21600.00")
    assert dict(strands[pri.pk].by_financial_year) == {"2026/27": Decimal("7200.00"), "2027/28": Decimal("14400.00")}
    declined = application_at(Status.APPROVED, strand=env, organisation=group, amount="700.00", cast=env_grant.cast)
    services.application_transition(
        application=declined, action="decline_after_approval", actor=env_grant.cast.panel, reason="Folded"
    )

    # Payments: counted as paid, not as committed, in the strand and in the pot.
    pay(env_grant, "1500.00")
    pay(grant, "8000.00")
    strands, pots = rows()
    assert (strands[env.pk].committed, strands[env.pk].paid) == (Decimal("4000.00"), Decimal("1500.00"))
    assert (pots[(env.pk, "Prescot South")].committed, pots[(env.pk, "Prescot South")].paid) == (
        Decimal("4000.00"),
        Decimal("1500.00"),
    )
    assert (strands[pri.pk].committed, strands[pri.pk].paid) == (Decimal("21600.00"), Decimal("8000.00"))
    assert sum(dict(strands[pri.pk].by_financial_year).values()) == Decimal("21600.00")
    assert_panel_is_the_ledger(strands, pots)


def test_an_approval_shows_on_the_next_index_page(client):
    pri = priorities_strand()
    pending = application_at(Status.AWAITING_DECISION, strand=pri, amount="12345.67")
    client.force_login(officer())
    assert "£12,345.67" in client.get(reverse("admin:index")).content.decode()  # pending
    before, _ = rows()
    assert before[pri.pk].committed == Decimal("0.00")
    services.application_decide(
        application=pending, actor=panel_member(), approve=True, reason="Good", amount=pending.amount_requested,
        minute_reference="PAN/2",
    )  # fmt: skip
    after, pots = rows()
    assert (after[pri.pk].committed, after[pri.pk].pending) == (Decimal("12345.67"), Decimal("0.00"))
    assert_panel_is_the_ledger(after, pots)


def test_the_panel_sums_in_the_database_not_over_lists_of_ids(django_assert_max_num_queries):
    application_at(Status.APPROVED, strand=priorities_strand(), amount="1500.00")
    with django_assert_max_num_queries(7) as captured:
        budget_panel()
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert " IN (" not in sql and 'ORDER BY "grants_ledgerentry"' not in sql
    # That the ledger's sums are not worked out again while nothing commits: tests/test_snapshot_cache.py.
