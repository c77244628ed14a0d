"""The ledger: approvals commit money under locks, reversals release it, and the committed figures are
always the ledger's sums. The database refuses any over-commit even if a service forgot to check."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Sum

from grants import services
from grants.models import LedgerEntry, Status, Strand, WardPot
from tests.factories import WardPotFactory, application_at, decision_fields, priorities_strand

pytestmark = pytest.mark.django_db


def ledger_sum(**filters) -> Decimal:
    return LedgerEntry.objects.filter(**filters).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


def assert_figures_match_ledger():
    for strand in Strand.objects.all():
        assert strand.committed == ledger_sum(strand=strand), strand
    for pot in WardPot.objects.all():
        assert pot.committed == ledger_sum(ward_pot=pot), pot


def approve(application, amount=None):
    return services.application_transition(
        application=application,
        action="approve",
        actor=application.cast.actor_for("approve", application),
        amount=amount if amount is not None else application.amount_requested,
        **decision_fields(application),
    )


def test_approval_commits_exactly_the_award_to_the_strand_and_the_ward_pot():
    application = application_at(Status.AWAITING_DECISION, amount="4000.00")
    pot = WardPotFactory(strand=application.strand, ward=application.ward, budget=Decimal("9000.00"))

    approve(application, Decimal("3750.25"))

    entry = LedgerEntry.objects.get(application=application)
    assert (entry.kind, entry.amount, entry.ward_pot) == (LedgerEntry.Kind.COMMITMENT, Decimal("3750.25"), pot)
    assert entry.created_by == application.cast.councillor
    pot.refresh_from_db()
    application.strand.refresh_from_db()
    assert pot.committed == Decimal("3750.25") and pot.remaining == Decimal("5249.75")
    assert application.strand.committed == Decimal("3750.25")
    assert_figures_match_ledger()


def test_an_approval_beyond_the_strand_is_refused_and_changes_nothing():
    strand = priorities_strand(budget=Decimal("10000.00"))
    first = application_at(Status.AWAITING_DECISION, strand=strand, amount="8000.00")
    second = application_at(Status.AWAITING_DECISION, strand=strand, amount="2500.00")
    approve(first)

    with pytest.raises(services.BudgetExceeded, match=r"only £2,000 remains"):
        approve(second)

    second.refresh_from_db()
    strand.refresh_from_db()
    assert second.status == Status.AWAITING_DECISION and second.amount_awarded is None
    assert strand.committed == Decimal("8000.00")
    assert not LedgerEntry.objects.filter(application=second).exists()
    assert not second.status_changes.filter(action="approve").exists()
    # The same bid for what remains goes through.
    approve(second, Decimal("2000.00"))
    strand.refresh_from_db()
    assert strand.remaining == Decimal("0.00")
    assert_figures_match_ledger()


def test_an_approval_beyond_the_ward_pot_is_refused_even_when_the_strand_has_money():
    application = application_at(Status.AWAITING_DECISION, amount="5000.00")
    WardPotFactory(strand=application.strand, ward=application.ward, budget=Decimal("4999.99"))

    with pytest.raises(services.BudgetExceeded, match="ward pot: only £4,999.99 remains"):
        approve(application)

    application.strand.refresh_from_db()
    assert application.strand.committed == Decimal("0.00")
    assert LedgerEntry.objects.count() == 0


def test_declining_after_approval_writes_a_reversal_and_frees_the_money():
    application = application_at(Status.APPROVED, amount="6000.00")
    pot = WardPotFactory(strand=application.strand, ward=application.ward, budget=Decimal("20000.00"))
    # The approval above happened before the pot existed; approve a second bid into the pot.
    second = application_at(Status.AWAITING_DECISION, amount="3000.00", organisation=application.organisation)
    approve(second)
    pot.refresh_from_db()
    assert pot.committed == Decimal("3000.00")

    services.application_transition(
        application=second, action="decline_after_approval", actor=application.cast.panel, reason="Group dissolved"
    )

    reversal = LedgerEntry.objects.get(application=second, kind=LedgerEntry.Kind.DECLINE_REVERSAL)
    assert reversal.amount == Decimal("-3000.00") and reversal.ward_pot == pot
    pot.refresh_from_db()
    assert pot.committed == Decimal("0.00")
    second.refresh_from_db()
    assert second.status == Status.DECLINED
    assert_figures_match_ledger()


def test_withdrawing_a_running_grant_releases_what_is_still_committed():
    application = application_at(Status.GRANT_ACTIVE, amount="5000.00")
    services.application_return_underspend(
        application=application, amount=Decimal("1200.00"), actor=application.cast.officer, note="Cheaper tools"
    )
    services.application_transition(
        application=application, action="withdraw_grant", actor=application.cast.officer, reason="Project stopped"
    )
    kinds = list(LedgerEntry.objects.filter(application=application).values_list("kind", "amount"))
    assert kinds == [
        (LedgerEntry.Kind.COMMITMENT, Decimal("5000.00")),
        (LedgerEntry.Kind.UNDERSPEND, Decimal("-1200.00")),
        (LedgerEntry.Kind.WITHDRAWAL_REVERSAL, Decimal("-3800.00")),
    ]
    application.strand.refresh_from_db()
    assert application.strand.committed == Decimal("0.00")
    assert_figures_match_ledger()


def test_an_underspend_cannot_return_more_than_is_committed_or_be_recorded_by_an_applicant():
    application = application_at(Status.COMPLETED, amount="5000.00")
    with pytest.raises(services.MissingInput, match="cannot be more than"):
        services.application_return_underspend(
            application=application, amount=Decimal("5000.01"), actor=application.cast.officer
        )
    with pytest.raises(services.ActionForbidden):
        services.application_return_underspend(
            application=application, amount=Decimal("10.00"), actor=application.cast.applicant
        )
    services.application_return_underspend(
        application=application, amount=Decimal("5000.00"), actor=application.cast.officer
    )
    with pytest.raises(services.MissingInput, match=r"Only £0 is still committed"):
        services.application_return_underspend(
            application=application, amount=Decimal("0.01"), actor=application.cast.officer
        )
    assert_figures_match_ledger()


def test_underspend_is_refused_before_approval():
    application = application_at(Status.AWAITING_DECISION)
    with pytest.raises(services.TransitionNotAllowed):
        services.application_return_underspend(
            application=application, amount=Decimal("1.00"), actor=application.cast.officer
        )


def test_the_database_refuses_a_committed_figure_above_the_budget():
    strand = priorities_strand(budget=Decimal("1000.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Strand.objects.filter(pk=strand.pk).update(committed=Decimal("1000.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Strand.objects.filter(pk=strand.pk).update(committed=Decimal("-0.01"))
    pot = WardPotFactory(strand=strand, budget=Decimal("100.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        WardPot.objects.filter(pk=pot.pk).update(committed=Decimal("100.01"))


def test_the_database_refuses_a_commitment_with_a_negative_amount():
    application = application_at(Status.APPROVED)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            strand=application.strand,
            application=application,
            amount=Decimal("-1.00"),
            kind=LedgerEntry.Kind.COMMITMENT,
            created_by=application.cast.officer,
        )
