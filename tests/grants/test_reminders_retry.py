"""A failed SMTP send is retried with exponential backoff and, after the last try, marked failed with its
error, for officers to see and filter in admin and to try again."""

import smtplib

import pytest
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from grants import tasks
from grants.models import SentReminder
from grants.services import reminder_send, reminders_sweep
from grants.services.reminders import MAX_ATTEMPTS
from tests.factories import RoundFactory, StrandFactory, draft, officer
from tests.grants.reminder_support import FailingBackend, uk

pytestmark = pytest.mark.django_db

DUE = uk(2027, 3, 12, 8, 30)


@pytest.fixture
def claimed(monkeypatch):
    """One reminder claimed by a sweep, its task not yet run."""
    with freeze_time(uk(2027, 3, 1, 10)):
        round_ = RoundFactory(strand=StrandFactory(), opens_at=uk(2027, 2, 1), closes_at=uk(2027, 3, 19, 17))
        draft(strand=round_.strand)
    queued = []
    with monkeypatch.context() as patched:
        patched.setattr(tasks.send_reminder, "delay", queued.append)
        with freeze_time(DUE):
            reminders_sweep()
    mail.outbox.clear()
    return SentReminder.objects.get(pk=queued[0])


@pytest.fixture
def smtp_fails(settings):
    def failing(times):
        settings.EMAIL_BACKEND = "tests.grants.reminder_support.FailingBackend"
        FailingBackend.failures, FailingBackend.calls = times, 0

    return failing


def test_an_smtp_error_is_retried_with_exponential_backoff_then_sent(claimed, smtp_fails):
    smtp_fails(2)
    with freeze_time(DUE):
        first = reminder_send(reminder_id=claimed.pk)
        second = reminder_send(reminder_id=claimed.pk)
        third = reminder_send(reminder_id=claimed.pk)
    assert (first.status, first.retry_in) == ("pending", 60)
    assert (second.status, second.retry_in) == ("pending", 120)
    assert third.status == "sent"
    claimed.refresh_from_db()
    assert claimed.status == SentReminder.Status.SENT and claimed.attempts == 3
    assert len(mail.outbox) == 1


def test_the_task_asks_celery_to_retry_after_the_backoff(claimed, smtp_fails, monkeypatch):
    smtp_fails(1)
    asked = {}

    def retry(**kwargs):
        asked.update(kwargs)
        return RuntimeError("retry requested")

    monkeypatch.setattr(tasks.send_reminder, "retry", retry)
    with freeze_time(DUE), pytest.raises(RuntimeError):
        tasks.send_reminder.run(claimed.pk)
    assert asked == {"countdown": 60}
    claimed.refresh_from_db()
    assert claimed.attempts == 1 and "SMTPServerDisconnected" in claimed.last_error
    assert claimed.next_try_at is not None  # the sweep leaves it to the retry


def test_after_the_last_try_it_is_failed_with_its_error_and_never_sent_again(claimed, smtp_fails):
    smtp_fails(100)
    with freeze_time(DUE):
        waits = [reminder_send(reminder_id=claimed.pk).retry_in for _ in range(MAX_ATTEMPTS)]
        assert reminder_send(reminder_id=claimed.pk).status == "skipped"
    assert waits == [60, 120, 240, 480, None]
    claimed.refresh_from_db()
    assert claimed.status == SentReminder.Status.FAILED
    assert claimed.attempts == MAX_ATTEMPTS
    assert claimed.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert mail.outbox == []
    # A later sweep does not pick a failed reminder up again by itself.
    with freeze_time(uk(2027, 3, 13, 9)):
        assert reminders_sweep().queued == 0


def test_officers_see_failed_reminders_filter_them_and_try_them_again(claimed, smtp_fails, client, settings):
    smtp_fails(100)
    with freeze_time(DUE):
        for _ in range(MAX_ATTEMPTS):
            reminder_send(reminder_id=claimed.pk)
    client.force_login(officer())
    url = reverse("admin:grants_sentreminder_changelist")
    page = client.get(url, {"status__exact": "failed"}).content.decode()
    assert claimed.recipient in page and "SMTPServerDisconnected" in page
    assert claimed.recipient not in client.get(url, {"status__exact": "sent"}).content.decode()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(url, {"action": "try_again", "_selected_action": [claimed.pk]})
    assert response.status_code == 302
    with freeze_time(uk(2027, 3, 13, 9)):
        reminders_sweep()
    claimed.refresh_from_db()
    assert claimed.status == SentReminder.Status.SENT
    assert len(mail.outbox) == 1


def test_officers_edit_the_timings_in_admin(client):
    from grants.models import ReminderRule

    rule = ReminderRule.objects.get(kind="information_unanswered")
    client.force_login(officer())
    url = reverse("admin:grants_reminderrule_change", args=[rule.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": rule.kind, "days": 5, "send_from": "09:00", "weekday": "", "enabled": "on"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.days == 5


def test_a_reminder_no_longer_needed_is_marked_so_and_not_sent(claimed):
    from grants import services

    application = claimed.subject
    with freeze_time(uk(2027, 3, 12, 8, 31)):
        services.application_transition(application=application, action="submit", actor=application.created_by)
        mail.outbox.clear()
        assert reminder_send(reminder_id=claimed.pk).status == "cancelled"
    assert mail.outbox == []


def test_smtp_exceptions_are_os_errors_so_both_are_caught():
    assert issubclass(smtplib.SMTPException, OSError)
