"""The beat schedule in code, and the registry other apps plug their kinds into (deals/reminders.py)."""

import datetime as dt

import pytest
from celery.schedules import crontab
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from grants.models import ReminderRule, SentReminder, Ward
from kbt.celery import app as celery_app
from kbt.reminders.registry import Due, Email, ReminderKind, registry
from tests.factories import WardFactory
from tests.reminders.support import sweep_at, uk


def test_beat_runs_the_sweep_every_fifteen_minutes():
    entry = celery_app.conf.beat_schedule["sweep-reminders"]
    assert entry["task"] == "kbt.reminders.tasks.sweep_reminders"
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] == crontab(minute="*/15")


def test_every_kind_has_a_label_a_meaning_for_its_days_and_default_timings():
    kinds = registry.all()
    assert {k.key for k in kinds} >= {
        "draft_round_closing",
        "information_unanswered",
        "officer_digest",
        "councillor_digest",
    }
    for kind in kinds:
        assert kind.label and kind.days_mean and kind.defaults


class WardNewsletter(ReminderKind):
    """A kind as another app would write it: due from database state, built at send time."""

    key = "ward_newsletter"
    label = "Test: a ward newsletter"
    days_mean = "days"
    defaults = ({"days": 1},)

    def due(self, rules, now):
        type_id = ContentType.objects.get_for_model(Ward).pk
        for ward in Ward.objects.filter(name__startswith="Newsletter"):
            yield Due(self.key, type_id, ward.pk, "reader@example.org", dt.date(2027, 3, 1))

    def email(self, reminder, ward):
        return Email(
            subject=f"News from {ward.name}",
            template="reminder_information_unanswered",
            context={"application": {"reference": ward.name}, "request": {"reason": "news"}},
        )


@pytest.mark.django_db
def test_a_kind_registered_from_another_app_is_swept_claimed_and_sent(monkeypatch):
    monkeypatch.setitem(registry._kinds, WardNewsletter.key, WardNewsletter())
    ReminderRule.objects.create(kind=WardNewsletter.key, days=1)
    WardFactory(name="Newsletter ward")
    sweep_at(uk(2027, 3, 1, 9))
    sweep_at(uk(2027, 3, 1, 9, 15))
    (message,) = mail.outbox
    assert message.subject == "News from Newsletter ward"
    assert SentReminder.objects.get(kind=WardNewsletter.key).status == SentReminder.Status.SENT


@pytest.mark.django_db
def test_the_sweep_can_be_run_by_hand():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("sweep_reminders", stdout=out)
    assert out.getvalue() == "0 reminders due, 0 queued to send\n"
