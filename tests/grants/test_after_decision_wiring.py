"""The joins between offers, payments and reports: a change of bank details holds the grant's payments
until an officer's phone check; an overdue report holds them until it is accepted, and an accepted
report releases the instalment that was waiting for it."""

import datetime as dt

import pytest

from grants.demo_reports import fill_report
from grants.models import PaymentHold, ReportState
from grants.services import bank_details as bank
from grants.services import reports
from tests.grants.payment_factories import priorities_grant, running_grant

pytestmark = pytest.mark.django_db


def open_holds(application):
    return sorted(
        PaymentHold.objects.filter(application=application, released_at=None).values_list("reason", flat=True)
    )


def test_changed_bank_details_hold_payments_until_an_officer_confirms_them_by_phone():
    grant = running_grant()
    assert open_holds(grant) == []
    new = bank.bank_details_change(
        application=grant,
        actor=grant.applicant,
        account_name=grant.organisation.name,
        sort_code="40 47 84",
        account_number="87654321",
        roll_number="",
    )
    assert open_holds(grant) == ["bank_details"]
    bank.bank_details_confirm(
        details=new, actor=grant.cast.officer, confirmed_with="Pat Chair", confirmed_phone="0151 489 6000"
    )
    assert open_holds(grant) == []


def test_an_overdue_report_holds_payments_and_accepting_it_releases_the_waiting_instalment():
    grant = priorities_grant()
    officer = grant.cast.officer
    first = reports.make_schedule(grant, actor=officer)[0]
    assert (
        reports.reports_mark_overdue(
            now=dt.datetime.combine(first.due_date, dt.time(12)).astimezone() + dt.timedelta(days=1)
        )
        >= 1
    )
    assert open_holds(grant) == ["report_overdue"]

    first.refresh_from_db()
    fill_report(first, grant.applicant)
    reports.report_send(report=first, actor=grant.applicant)
    assert open_holds(grant) == ["report_overdue"]  # sent is not enough: the officer must accept it
    reports.report_accept(report=first, actor=officer)
    first.refresh_from_db()
    assert first.state == ReportState.ACCEPTED
    assert open_holds(grant) == []
    waiting = grant.instalments.filter(condition="report_accepted").order_by("number")
    assert waiting[0].condition_met_at is not None
    assert waiting[1].condition_met_at is None  # one report releases one instalment


def test_a_new_due_date_that_undoes_the_overdue_mark_ends_the_hold():
    grant = running_grant()
    officer = grant.cast.officer
    report = reports.make_schedule(grant, actor=officer)[0]
    reports.reports_mark_overdue(
        now=dt.datetime.combine(report.due_date, dt.time(12)).astimezone() + dt.timedelta(days=1)
    )
    assert open_holds(grant) == ["report_overdue"]
    report.refresh_from_db()
    reports.report_reschedule(
        report=report, due_date=dt.date.today() + dt.timedelta(days=30), actor=officer, reason="Flooded site"
    )
    assert open_holds(grant) == []
