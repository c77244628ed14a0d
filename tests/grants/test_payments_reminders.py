"""Payments' reminders, through the registry and claimed once: Finance's weekly digest of instalments
due, and a group told when an overdue report holds its payment."""

import datetime as dt

import pytest
from django.core import mail
from freezegun import freeze_time

from grants.services import payments
from tests.grants.payment_factories import finance, running_grant
from tests.reminders.support import claims, sweep_at, uk

pytestmark = pytest.mark.django_db


def test_finance_gets_one_digest_a_week_of_instalments_due():
    fay, gus = finance(email="fay@knowsley.example"), finance(email="gus@knowsley.example")
    running_grant(amount="2500.00", today=dt.date(2027, 3, 10))  # due Wednesday 10 March
    mail.outbox.clear()
    sweep_at(uk(2027, 3, 1, 7, 59))  # Monday before 8: not yet
    assert mail.outbox == []
    sweep_at(uk(2027, 3, 8, 9))  # the next Monday: due within 7 days
    sweep_at(uk(2027, 3, 8, 15))  # again the same day: nothing more
    assert sorted(m.to[0] for m in mail.outbox) == [fay.email, gus.email]
    assert mail.outbox[0].subject == "1 grant payment due in the next 7 days"
    assert "£2,500" in mail.outbox[0].body and "/admin/grants/paymentrun/build/" in mail.outbox[0].body
    assert claims("finance_digest").count() == 2


def test_no_digest_when_nothing_is_due():
    finance()
    running_grant(today=dt.date(2027, 6, 1))
    mail.outbox.clear()
    sweep_at(uk(2027, 3, 8, 9))
    assert mail.outbox == []


def test_a_group_is_told_once_when_an_overdue_report_holds_its_payment():
    grant = running_grant()
    mail.outbox.clear()
    with freeze_time(uk(2027, 5, 3, 10)):
        payments.hold_unpaid(grant, reason="report_overdue", actor=None)
    sweep_at(uk(2027, 5, 3, 12))
    sweep_at(uk(2027, 5, 4, 12))
    assert [m.subject for m in mail.outbox] == [
        f"Your grant payment for {grant.reference} is on hold: a report is overdue"
    ]
    assert mail.outbox[0].to == [grant.applicant.email]


def test_a_hold_released_before_the_sweep_sends_nothing():
    grant = running_grant()
    mail.outbox.clear()
    with freeze_time(uk(2027, 5, 3, 10)):
        payments.hold_unpaid(grant, reason="report_overdue", actor=None)
        payments.release_holds(grant, reason="report_overdue", actor=None)
    sweep_at(uk(2027, 5, 3, 12))
    assert mail.outbox == []
