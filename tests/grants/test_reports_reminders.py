"""Reports' reminders through the registry, each exactly once: to the group 14 days before a report is
due, on the day and 7 days overdue; reports waiting for review in the officers' digest; reports sent
for bids in a ward in its councillors' weekly digest."""

import datetime as dt

import pytest
from django.core import mail
from freezegun import freeze_time

from grants.demo_reports import fill_report
from grants.models import ReminderRule, Report, Status
from grants.services import reports
from tests.factories import application_at, councillor
from tests.reminders.support import claims, sweep_at, uk

pytestmark = pytest.mark.django_db

DUE = dt.date(2027, 8, 25)  # a Wednesday


@pytest.fixture
def grant():
    """A running environmental grant whose end-of-project report is due on 25 August 2027."""
    with freeze_time(uk(2027, 1, 5, 10)):
        application = application_at(Status.GRANT_ACTIVE, start_date=dt.date(2027, 1, 1), end_date=dt.date(2027, 6, 30))
        report = reports.make_schedule(application, actor=application.cast.officer)[0]
    assert report.due_date == DUE
    application.report = report
    mail.outbox.clear()
    return application


def subjects():
    return [m.subject for m in mail.outbox]


def test_the_timings_are_seeded():
    rules = {(r.kind, r.days) for r in ReminderRule.objects.filter(kind__startswith="report_")}
    assert rules == {("report_due", 14), ("report_due", 0), ("report_overdue", 7)}


def test_the_group_hears_14_days_before_on_the_day_and_7_days_late_each_once(grant):
    ref = grant.reference
    sweep_at(uk(2027, 8, 10, 9))  # 15 days before
    assert subjects() == []
    sweep_at(uk(2027, 8, 11, 9))
    sweep_at(uk(2027, 8, 11, 15))
    assert subjects() == [f"Your report on {ref} is due on 25 August 2027"]
    sweep_at(uk(2027, 8, 25, 9))
    sweep_at(uk(2027, 8, 26, 9))
    assert subjects()[1:] == [f"Your report on {ref} is due on 25 August 2027"]
    sweep_at(uk(2027, 8, 31, 9))
    assert subjects()[2:] == []
    sweep_at(uk(2027, 9, 1, 9))
    sweep_at(uk(2027, 9, 2, 9))
    assert subjects()[2:] == [f"Your report on {ref} was due on 25 August 2027"]
    assert all(m.to == [grant.applicant.email] for m in mail.outbox)
    assert claims("report_due").count() == 2 and claims("report_overdue").count() == 1


def test_a_sent_report_brings_no_reminder(grant):
    fill_report(grant.report, grant.applicant)
    reports.report_send(report=grant.report, actor=grant.applicant)
    mail.outbox.clear()
    sweep_at(uk(2027, 8, 11, 9))
    sweep_at(uk(2027, 8, 25, 9))
    sweep_at(uk(2027, 9, 2, 9))
    assert [s for s in subjects() if "Your report" in s] == []


def test_officers_digest_lists_reports_waiting_for_review(grant):
    with freeze_time(uk(2027, 8, 20, 10)):
        fill_report(grant.report, grant.applicant)
        reports.report_send(report=grant.report, actor=grant.applicant)
    mail.outbox.clear()
    sweep_at(uk(2027, 8, 23, 9))  # Monday
    sweep_at(uk(2027, 8, 23, 12))
    digest = [m for m in mail.outbox if "waiting for review" in m.subject]
    assert [m.subject for m in digest if grant.cast.officer.email in m.to] == ["1 report waiting for review"]
    assert grant.reference in digest[0].body
    assert len([m for m in digest if grant.cast.officer.email in m.to]) == 1


def test_councillors_weekly_digest_lists_reports_sent_in_their_ward(grant):
    ward_councillor = Report.objects.get(pk=grant.report.pk).application.ward.councillors.first()
    ward_councillor = ward_councillor or councillor(grant.ward)
    with freeze_time(uk(2027, 8, 18, 10)):  # Wednesday
        fill_report(grant.report, grant.applicant)
        reports.report_send(report=grant.report, actor=grant.applicant)
    mail.outbox.clear()
    sweep_at(uk(2027, 8, 23, 9))  # the Monday digest
    sweep_at(uk(2027, 8, 24, 9))
    digest = [m for m in mail.outbox if ward_councillor.user.email in m.to]
    assert [m.subject for m in digest] == ["1 report from grants in your ward this week"]
    assert grant.reference in digest[0].body
