"""Helpers for the reminder tests: UK times, a sweep at a frozen time, and an SMTP server that fails."""

import datetime as dt
import smtplib
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.test import TestCase
from freezegun import freeze_time

from grants.models import SentReminder
from kbt.reminders.services import reminders_sweep

LONDON = ZoneInfo("Europe/London")


def uk(year, month, day, hour=0, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def sweep_at(moment: dt.datetime):
    """Run the sweep (and, Celery being eager, the sends it queues) with the clock frozen at `moment`.
    Each reminder's email is written to the outbox and delivered once its transaction commits, so
    the on-commit deliveries run here too."""
    with freeze_time(moment), TestCase.captureOnCommitCallbacks(execute=True):
        return reminders_sweep()


def sent_to(kind: str | None = None) -> list[str]:
    """Recipients of the emails sent so far, sorted: one entry per email."""
    return sorted(address for message in mail.outbox for address in message.to)


def claims(kind: str):
    return SentReminder.objects.filter(kind=kind).order_by("recipient", "due_date")


class FailingBackend(LocmemBackend):
    """Refuses the first `failures` messages as an SMTP server that hangs up would, then delivers."""

    failures = 0
    calls = 0

    def send_messages(self, messages):
        FailingBackend.calls += 1
        if FailingBackend.calls <= FailingBackend.failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def ensure_default_timings():
    """Transactional tests flush the database, and with it the timings the data migration seeded."""
    from grants.models import ReminderRule
    from kbt.reminders.registry import registry

    for kind in registry.all():
        for values in kind.defaults:
            ReminderRule.objects.get_or_create(kind=kind.key, days=values["days"], defaults=values)
