"""A grant's payment schedule: made on acceptance, changed by officers with a reason, held, released,
cancelled on withdrawal and cut by an underspend; the database keeps it adding up to the award."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from grants import services
from grants.models import Condition, Instalment, LedgerEntry, PaymentHold, ScheduleChange, Status
from grants.services import payments
from grants.services.payments import Planned
from tests.grants.payment_factories import TODAY, finance, priorities_grant, running_grant

pytestmark = pytest.mark.django_db
D = Decimal


def schedule(application):
    return [(i.number, i.due_date, i.amount, i.condition, i.status) for i in application.instalments.order_by("number")]


def test_environmental_grant_is_one_payment_on_acceptance():
    grant = running_grant(amount="5000.00")
    assert schedule(grant) == [(1, TODAY, D("5000.00"), "", "scheduled")]


def test_priorities_grant_pays_by_financial_year_each_after_the_first_waiting_for_a_report():
    grant = priorities_grant()
    assert schedule(grant) == [
        (1, TODAY, D("6000.00"), "", "scheduled"),
        (2, dt.date(2028, 4, 1), D("3000.00"), Condition.REPORT_ACCEPTED, "scheduled"),
        (3, dt.date(2029, 4, 1), D("1000.00"), Condition.REPORT_ACCEPTED, "scheduled"),
    ]


def test_a_smaller_award_is_spread_in_proportion_and_adds_up_to_the_penny():
    grant = priorities_grant(years=((2027, "1000.00"), (2028, "1000.00"), (2029, "1000.00")))
    Instalment.objects.filter(application=grant).delete()
    type(grant).objects.filter(pk=grant.pk).update(amount_awarded=D("1000.00"))
    grant.refresh_from_db()
    payments.make_schedule(grant, actor=grant.cast.officer, today=TODAY)
    amounts = [i.amount for i in grant.instalments.order_by("number")]
    assert amounts == [D("333.33"), D("333.33"), D("333.34")]


def test_make_schedule_twice_keeps_one_schedule():
    grant = running_grant()
    payments.make_schedule(grant, actor=grant.cast.officer, today=TODAY)
    assert grant.instalments.count() == 1


def test_an_officer_splits_a_payment_with_a_reason_that_is_kept():
    grant = running_grant(amount="5000.00")
    change = payments.schedule_change(
        grant,
        planned=[Planned(dt.date(2027, 9, 1), D("2000.00")), Planned(TODAY, D("3000.00"))],
        reason="Pay the rest once the site is ready",
        actor=grant.cast.officer,
    )
    assert schedule(grant) == [
        (1, TODAY, D("3000.00"), "", "scheduled"),
        (2, dt.date(2027, 9, 1), D("2000.00"), "", "scheduled"),
    ]
    assert change.reason == "Pay the rest once the site is ready"
    assert "1: £5,000 due 10 May 2027" in change.before
    assert "2: £2,000 due 1 September 2027" in change.after
    assert change.changed_by == grant.cast.officer


@pytest.mark.parametrize(
    "planned, reason, message",
    [
        ([Planned(TODAY, D("4000.00"))], "Split", "The instalments add up to £4,000, but £5,000 is left to schedule"),
        ([Planned(TODAY, D("5000.00"))], " ", "Enter why the schedule is changing."),
        ([], "Split", "Enter at least one instalment."),
        ([Planned(TODAY, D("0"))], "Split", "Each instalment must be more than £0."),
    ],
)
def test_a_schedule_change_that_does_not_add_up_or_has_no_reason_changes_nothing(planned, reason, message):
    grant = running_grant(amount="5000.00")
    with pytest.raises(services.WorkflowError) as refused:
        payments.schedule_change(grant, planned=planned, reason=reason, actor=grant.cast.officer)
    assert message in refused.value.message
    assert schedule(grant) == [(1, TODAY, D("5000.00"), "", "scheduled")]
    assert not ScheduleChange.objects.exists()


def test_only_an_officer_changes_a_schedule():
    grant = running_grant()
    for person in (grant.applicant, finance(), grant.cast.panel):
        with pytest.raises(services.ActionForbidden):
            payments.schedule_change(grant, planned=[Planned(TODAY, D("5000.00"))], reason="x", actor=person)


def test_a_change_keeps_paid_instalments_and_schedules_only_what_is_left():
    grant = running_grant(amount="5000.00")
    Instalment.objects.filter(application=grant).update(status="cancelled", cancelled_reason="test")
    with pytest.raises(services.MissingInput, match="£0 is left to schedule"):
        payments.schedule_change(grant, planned=[Planned(TODAY, D("5000.00"))], reason="x", actor=grant.cast.officer)


def checked_now():
    """The test runs in one transaction that never commits: ask for the deferred checks at once, as a
    commit would."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_the_database_refuses_instalments_that_do_not_add_up_to_the_award():
    grant = running_grant(amount="5000.00")
    with pytest.raises(IntegrityError, match="add up to 4999.99, not its award of 5000.00"):
        with transaction.atomic():
            Instalment.objects.filter(application=grant).update(amount=D("4999.99"))
            checked_now()
    with pytest.raises(IntegrityError, match="add up to"):
        with transaction.atomic():
            Instalment.objects.create(application=grant, number=2, due_date=TODAY, amount=D("1.00"))
            checked_now()
    with transaction.atomic():  # a replacement that adds up by the end is fine
        Instalment.objects.filter(application=grant).update(amount=D("4000.00"))
        Instalment.objects.create(application=grant, number=2, due_date=TODAY, amount=D("1000.00"))
        checked_now()
    assert sum(i.amount for i in grant.instalments.all()) == D("5000.00")


def test_the_database_refuses_a_change_of_award_that_leaves_the_schedule_out():
    grant = running_grant(amount="5000.00")
    with pytest.raises(IntegrityError, match="add up to"):
        with transaction.atomic():
            type(grant).objects.filter(pk=grant.pk).update(amount_awarded=D("4000.00"))
            checked_now()


def test_holds_stop_payment_until_released_one_per_reason():
    grant = running_grant()
    officer = grant.cast.officer
    first = payments.hold_unpaid(grant, reason="bank_details", actor=None)
    again = payments.hold_unpaid(grant, reason="bank_details", actor=None)
    payments.hold_unpaid(grant, reason="officer", actor=officer, note="Checking the lease")
    assert first == again
    assert not Instalment.objects.due(TODAY).exists()
    assert payments.release_holds(grant, reason="bank_details", actor=officer) == 1
    assert not Instalment.objects.due(TODAY).exists()  # the officer's hold is still open
    assert payments.release_holds(grant, reason="officer", actor=officer) == 1
    assert list(Instalment.objects.due(TODAY)) == list(grant.instalments.all())
    assert PaymentHold.objects.filter(application=grant, released_at=None).count() == 0


@pytest.mark.parametrize("note, error", [("", services.MissingInput), ("Lease", None)])
def test_an_officers_hold_needs_an_officer_and_a_reason(note, error):
    grant = running_grant()
    with pytest.raises(services.ActionForbidden):
        payments.hold_unpaid(grant, reason="officer", actor=finance(), note="Lease")
    with pytest.raises(services.ActionForbidden):
        payments.release_holds(grant, reason="officer", actor=grant.applicant)
    if error:
        with pytest.raises(error):
            payments.hold_unpaid(grant, reason="officer", actor=grant.cast.officer, note=note)
    else:
        assert payments.hold_unpaid(grant, reason="officer", actor=grant.cast.officer, note=note).note == "Lease"


def test_an_unknown_hold_reason_is_refused():
    grant = running_grant()
    with pytest.raises(services.MissingInput):
        payments.hold_unpaid(grant, reason="whim", actor=grant.cast.officer)


def test_an_instalment_waiting_for_a_report_is_due_once_the_report_is_accepted():
    grant = priorities_grant()
    later = dt.date(2028, 5, 1)
    due = Instalment.objects.due(later).filter(application=grant)
    assert [i.number for i in due] == [1]
    met = payments.condition_met(grant, report=None)
    assert met.number == 2
    assert sorted(i.number for i in Instalment.objects.due(later).filter(application=grant)) == [1, 2]
    assert payments.condition_met(grant).number == 3
    assert payments.condition_met(grant) is None


def test_not_due_before_its_date_nor_on_a_grant_no_longer_running():
    grant = running_grant()
    assert not Instalment.objects.due(TODAY - dt.timedelta(days=1)).exists()
    type(grant).objects.filter(pk=grant.pk).update(status=Status.WITHDRAWN)
    assert not Instalment.objects.due(TODAY).exists()


def test_withdrawing_a_grant_cancels_what_is_unpaid_and_releases_only_that():
    grant = priorities_grant()
    services.application_transition(
        application=grant, action="withdraw_grant", actor=grant.cast.officer, reason="Folded"
    )
    assert set(grant.instalments.values_list("status", flat=True)) == {"cancelled"}
    assert grant.instalments.first().cancelled_reason == "Grant withdrawn: Folded"
    committed = sum(e.amount for e in LedgerEntry.objects.committed().filter(application=grant))
    assert committed == D("0.00")


def test_an_underspend_cuts_the_last_unpaid_instalments_and_the_schedule_still_adds_up():
    grant = priorities_grant()  # 6,000 + 3,000 + 1,000
    entry = payments.underspend_record(grant, amount=D("1500.00"), actor=grant.cast.officer, note="Cheaper venue")
    assert entry.kind == LedgerEntry.Kind.UNDERSPEND and entry.amount == D("-1500.00")
    assert [(i.number, i.amount, i.status) for i in grant.instalments.order_by("number")] == [
        (1, D("6000.00"), "scheduled"),
        (2, D("2500.00"), "scheduled"),
        (3, D("1000.00"), "cancelled"),
        (4, D("500.00"), "cancelled"),
    ]
    assert sum(i.amount for i in grant.instalments.all()) == grant.amount_awarded
