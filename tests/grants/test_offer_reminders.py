"""Signatories are reminded of an offer not yet accepted, 7 days and 1 day before it expires, each
exactly once; other members, accepted offers and expired offers are not."""

import datetime as dt

import pytest
from django.core import mail

from grants.models import Offer, ReminderRule, Status
from grants.tasks import expire_offers
from kbt.celery import app as celery_app
from tests.factories import accept, application_at, member_of
from tests.reminders.support import claims, sent_to, sweep_at, uk

pytestmark = pytest.mark.django_db

EXPIRES = dt.date(2027, 3, 19)


@pytest.fixture
def offered():
    application = application_at(Status.OFFER_ISSUED)
    Offer.objects.filter(application=application).update(expires_on=EXPIRES)
    application.other_member = member_of(application.organisation, can_sign=False)
    application.second_signatory = member_of(application.organisation)
    mail.outbox.clear()
    return application


def test_the_timings_are_seeded_7_and_1_days():
    assert sorted(ReminderRule.objects.filter(kind="offer_expiring").values_list("days", flat=True)) == [1, 7]


def test_signatories_hear_7_days_then_1_day_before_each_once(offered):
    signatories = sorted([offered.applicant.email.lower(), offered.second_signatory.email.lower()])
    sweep_at(uk(2027, 3, 11, 9))
    sweep_at(uk(2027, 3, 12, 7))  # before 8am on the day
    assert sent_to() == []
    sweep_at(uk(2027, 3, 12, 9))
    assert sent_to() == signatories
    assert mail.outbox[0].subject == f"Your grant offer for {offered.reference} expires on 19 March 2027"
    assert f"/applications/{offered.pk}/offer/" in mail.outbox[0].body
    sweep_at(uk(2027, 3, 12, 12))
    sweep_at(uk(2027, 3, 14, 9))
    assert len(mail.outbox) == 2  # exactly once
    sweep_at(uk(2027, 3, 18, 9))
    sweep_at(uk(2027, 3, 18, 15))
    assert len(mail.outbox) == 4
    assert [c.due_date for c in claims("offer_expiring")] == [dt.date(2027, 3, 12), dt.date(2027, 3, 18)] * 2
    assert offered.other_member.email.lower() not in sent_to()


def test_an_offer_issued_late_gets_only_the_nearest_reminder(offered):
    sweep_at(uk(2027, 3, 18, 9))
    assert len(mail.outbox) == 2
    assert {c.due_date for c in claims("offer_expiring")} == {dt.date(2027, 3, 18)}


def test_an_accepted_offer_is_not_reminded(offered):
    accept(offered, offered.applicant)
    sweep_at(uk(2027, 3, 12, 9))
    assert sent_to() == []


def test_beat_expires_offers_hourly():
    schedule = celery_app.conf.beat_schedule["expire-offers"]
    assert schedule["task"] == "grants.tasks.expire_offers"
    application = application_at(Status.OFFER_ISSUED)
    Offer.objects.filter(application=application).update(expires_on=dt.date.today() - dt.timedelta(days=1))
    expire_offers.delay()
    application.refresh_from_db()
    assert application.status == Status.OFFER_EXPIRED
