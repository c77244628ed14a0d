"""Budgets change only through grants.services.budgets, with a reason, never below what is committed;
the admin forms go through it and never write the committed figure."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum

from grants import services
from grants.models import BudgetChange, LedgerEntry, Status, Strand, WardPot
from grants.services import budgets
from tests.factories import WardFactory, application_at, panel_member, priorities_strand
from tests.grants.admin_forms import change_form_data, change_url
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db


def ledger_sum(**filters) -> Decimal:
    return LedgerEntry.objects.filter(**filters).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


@pytest.fixture
def ward():
    """A £14,000 Longview pot with £5,000 committed to it."""
    ward = Ward(pot="14000.00")
    ward.bid(status=Status.APPROVED, amount="5000.00")
    ward.pot.refresh_from_db()
    assert ward.pot.committed == Decimal("5000.00")
    return ward


@pytest.fixture
def panel_client(client):
    client.force_login(panel_member())
    return client


# The services


def test_a_ward_pot_budget_change_is_recorded_with_who_when_old_new_and_why(ward):
    person = panel_member()
    change = services.budgets.ward_pot_budget_change(
        pot=ward.pot, budget=Decimal("16000"), reason="Ward forum asked for more", changed_by=person
    )
    assert (change.ward_pot, change.strand, change.old_budget, change.new_budget) == (
        ward.pot,
        None,
        Decimal("14000.00"),
        Decimal("16000.00"),
    )
    assert (change.reason, change.changed_by) == ("Ward forum asked for more", person)
    assert change.changed_at is not None
    pot = WardPot.objects.get(pk=ward.pot.pk)
    assert (pot.budget, pot.committed) == (Decimal("16000.00"), Decimal("5000.00"))


def test_a_budget_below_what_is_committed_is_refused_and_changes_nothing(ward):
    with pytest.raises(budgets.BudgetRefused, match=r"£5,000 is already committed to the Longview ward pot"):
        budgets.ward_pot_budget_change(pot=ward.pot, budget=Decimal("4999.99"), reason="Cut", changed_by=panel_member())
    with pytest.raises(budgets.BudgetRefused, match=r"£5,000 is already committed to the Environmental"):
        budgets.strand_budget_change(
            strand=ward.strand, budget=Decimal("4999.99"), reason="Cut", changed_by=panel_member()
        )
    assert WardPot.objects.get(pk=ward.pot.pk).budget == Decimal("14000.00")
    assert Strand.objects.get(pk=ward.strand.pk).budget == Decimal("300000.00")
    assert not BudgetChange.objects.exists()
    # Exactly what is committed is allowed.
    budgets.ward_pot_budget_change(pot=ward.pot, budget=Decimal("5000"), reason="Freeze", changed_by=panel_member())
    assert WardPot.objects.get(pk=ward.pot.pk).remaining == Decimal("0.00")


def test_a_budget_change_needs_a_reason(ward):
    with pytest.raises(budgets.BudgetRefused, match="Say why the budget is changing"):
        budgets.strand_budget_change(
            strand=ward.strand, budget=Decimal("250000"), reason="  ", changed_by=panel_member()
        )
    assert not BudgetChange.objects.exists()


def test_a_strand_cannot_shrink_below_its_ward_pots_or_grow_past_the_fund(ward):
    with pytest.raises(budgets.BudgetRefused, match=r"ward pots add up to £14,000"):
        budgets.strand_budget_change(
            strand=ward.strand, budget=Decimal("13000"), reason="Cut", changed_by=panel_member()
        )
    with pytest.raises(budgets.BudgetRefused, match=r"more than the fund's £1,000,000"):
        budgets.strand_budget_change(
            strand=ward.strand, budget=Decimal("1000000.01"), reason="More", changed_by=panel_member()
        )
    change = budgets.strand_budget_change(
        strand=ward.strand, budget=Decimal("250000"), reason="Moved to priorities", changed_by=panel_member()
    )
    assert (change.strand, change.old_budget, change.new_budget) == (
        ward.strand,
        Decimal("300000.00"),
        Decimal("250000.00"),
    )


def test_ward_pots_cannot_add_up_to_more_than_the_strand(ward):
    strand = ward.strand
    budgets.strand_budget_change(strand=strand, budget=Decimal("20000"), reason="Pilot", changed_by=panel_member())
    with pytest.raises(budgets.BudgetRefused, match=r"ward pots would add up to £20,000.01"):
        budgets.ward_pot_create(
            strand=strand, ward=WardFactory(name="Park"), budget=Decimal("6000.01"), changed_by=panel_member()
        )
    pot = budgets.ward_pot_create(
        strand=strand, ward=WardFactory(name="Roby"), budget=Decimal("6000"), changed_by=panel_member()
    )
    opening = BudgetChange.objects.get(ward_pot=pot)
    assert (opening.old_budget, opening.new_budget, opening.reason) == (None, Decimal("6000.00"), "Opening budget")


# The admin forms


def test_an_unchanged_admin_save_from_a_stale_page_leaves_committed_equal_to_the_ledger(ward, panel_client):
    pot_form = change_form_data(panel_client, ward.pot)
    strand_form = change_form_data(panel_client, ward.strand)
    # While the pages are open, a councillor approves another bid.
    ward.bid(status=Status.APPROVED, amount="2000.00")

    assert panel_client.post(change_url(ward.pot), pot_form).status_code == 302
    assert panel_client.post(change_url(ward.strand), strand_form).status_code == 302

    pot = WardPot.objects.get(pk=ward.pot.pk)
    strand = Strand.objects.get(pk=ward.strand.pk)
    assert pot.committed == ledger_sum(ward_pot=pot) == Decimal("7000.00")
    assert strand.committed == ledger_sum(strand=strand) == Decimal("7000.00")
    assert not BudgetChange.objects.exists()


def test_the_admin_shows_committed_from_the_ledger_and_no_committed_box(ward, panel_client):
    response = panel_client.get(change_url(ward.pot))
    assert "committed" not in response.context["adminform"].form.fields
    body = response.content.decode()
    assert "£5,000" in body and "£9,000" in body  # committed and remaining


def test_changing_a_budget_in_admin_asks_why_and_records_it(ward, panel_client):
    data = change_form_data(panel_client, ward.pot, budget="15000.00")
    response = panel_client.post(change_url(ward.pot), data)
    assert response.status_code == 200
    assert "Say why the budget is changing." in response.content.decode()
    assert WardPot.objects.get(pk=ward.pot.pk).budget == Decimal("14000.00")

    data["budget_change_reason"] = "Second ward forum"
    assert panel_client.post(change_url(ward.pot), data).status_code == 302

    change = BudgetChange.objects.get()
    assert (change.old_budget, change.new_budget, change.reason) == (
        Decimal("14000.00"),
        Decimal("15000.00"),
        "Second ward forum",
    )
    body = panel_client.get(change_url(ward.pot)).content.decode()
    assert "Second ward forum" in body and "£15,000" in body


def test_a_budget_below_what_is_committed_is_a_message_on_the_admin_form_not_an_error_page(ward, panel_client):
    data = change_form_data(panel_client, ward.strand, budget="4000.00", budget_change_reason="Cut")
    response = panel_client.post(change_url(ward.strand), data)
    assert response.status_code == 200
    assert "£5,000 is already committed to the Environmental improvements strand" in response.content.decode()
    assert Strand.objects.get(pk=ward.strand.pk).budget == Decimal("300000.00")


def test_adding_a_ward_pot_in_admin_records_its_opening_budget(ward, panel_client):
    from django.urls import reverse

    park = WardFactory(name="Park")
    response = panel_client.post(
        reverse("admin:grants_wardpot_add"),
        {"strand": ward.strand.pk, "ward": park.pk, "budget": "9000.00", "budget_change_reason": "New ward pot"},
    )
    assert response.status_code == 302
    pot = WardPot.objects.get(ward=park)
    assert (pot.budget, pot.committed) == (Decimal("9000.00"), Decimal("0.00"))
    opening = BudgetChange.objects.get(ward_pot=pot)
    assert (opening.old_budget, opening.new_budget, opening.reason) == (None, Decimal("9000.00"), "New ward pot")


# The database


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_a_committed_figure_that_differs_from_the_ledger(ward):
    for model, pk in ((WardPot, ward.pot.pk), (Strand, ward.strand.pk)):
        with pytest.raises(IntegrityError, match="must equal its ledger entries"), transaction.atomic():
            model.objects.filter(pk=pk).update(committed=Decimal("1000.00"))
        with pytest.raises(IntegrityError, match="must equal its ledger entries"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {model._meta.db_table} SET committed = 0 WHERE id = %s", [pk])  # noqa: S608
    # A save of the whole row with a stale figure, as the admin once did, is refused too.
    stale = WardPot.objects.get(pk=ward.pot.pk)
    ward.bid(status=Status.APPROVED, amount="1000.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        stale.save()
    assert WardPot.objects.get(pk=ward.pot.pk).committed == ledger_sum(ward_pot=ward.pot) == Decimal("6000.00")
    # A new row must start at nothing committed.
    with pytest.raises(IntegrityError), transaction.atomic():
        priorities_strand(committed=Decimal("1.00"), budget=Decimal("100000.00"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_ledger_service_still_moves_the_counters_under_the_trigger():
    strand = priorities_strand(budget=Decimal("100000.00"))
    grant = application_at(Status.APPROVED, strand=strand, amount="4000.00")
    services.application_return_underspend(
        application=grant, amount=Decimal("500.00"), actor=grant.cast.officer, note="Spent less"
    )
    strand.refresh_from_db()
    assert strand.committed == ledger_sum(strand=strand) == Decimal("3500.00")


@pytest.mark.parametrize("which", ["pot", "strand"])
def test_an_approval_landing_while_the_admin_saves_the_form_is_not_undone(ward, panel_client, monkeypatch, which):
    """The admin reads the row, validates, then saves: an approval between the two once got overwritten."""
    from django.contrib import admin as django_admin

    obj = ward.pot if which == "pot" else ward.strand
    model_admin = django_admin.site._registry[type(obj)]
    original_save_form = model_admin.save_form

    def save_form_after_an_approval(request, form, change):
        ward.bid(status=Status.APPROVED, amount="2000.00")
        return original_save_form(request, form, change)

    data = change_form_data(panel_client, obj)
    monkeypatch.setattr(model_admin, "save_form", save_form_after_an_approval)
    assert panel_client.post(change_url(obj), data).status_code == 302

    pot = WardPot.objects.get(pk=ward.pot.pk)
    strand = Strand.objects.get(pk=ward.strand.pk)
    assert pot.committed == ledger_sum(ward_pot=pot) == Decimal("7000.00")
    assert strand.committed == ledger_sum(strand=strand) == Decimal("7000.00")
