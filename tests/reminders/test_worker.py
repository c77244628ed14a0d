"""Through the real queue: beat's sweep task goes to Redis, a real Celery worker runs it, and the reminder
task it queues goes through Redis again and reaches the outbox."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from freezegun import freeze_time

from grants.models import SentReminder, Status
from kbt.celery import app as celery_app
from kbt.reminders.tasks import sweep_reminders
from tests.factories import application_at
from tests.reminders.support import ensure_default_timings, uk

pytestmark = pytest.mark.django_db(transaction=True)


def real_worker():
    """A Celery worker in a thread of this process, on the Redis broker of the settings."""
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "run with CELERY_BROKER_URL=redis://..."
    celery_app.conf.task_always_eager = False
    with celery_app.connection_for_write() as connection:
        celery_app.control.purge(connection=connection)  # nothing left over from an earlier run
    return start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20)


def test_a_reminder_queued_by_the_sweep_reaches_the_outbox_through_redis():
    ensure_default_timings()
    with freeze_time(uk(2027, 3, 1, 10)):
        application = application_at(Status.IN_ASSESSMENT)
        from grants import services

        services.application_transition(
            application=application, action="request_info", actor=application.cast.officer, reason="A quote, please."
        )
    mail.outbox.clear()
    # The clock is frozen for the whole process, the worker's thread included.
    with real_worker(), freeze_time(uk(2027, 3, 8, 9), tick=True):
        sweep_reminders.delay()
        deadline = time.monotonic() + 30
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
    (message,) = mail.outbox
    assert message.to == [application.applicant.email]
    assert "A quote, please." in message.body
    assert SentReminder.objects.get().status == SentReminder.Status.SENT
