"""A claimed reminder becomes one outbox email, written with the claim's update. Retrying a failed SMTP
send is the outbox's job (tests/outbox): the reminder is never sent twice and never lost."""

import smtplib

import pytest
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from grants.models import SentReminder
from kbt.outbox.models import OutboxEmail
from kbt.outbox.services import MAX_ATTEMPTS, emails_sweep
from kbt.reminders import tasks
from kbt.reminders.services import reminder_send, reminders_sweep
from tests.factories import RoundFactory, StrandFactory, draft, officer
from tests.reminders.support import FailingBackend, uk

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
        patched.setattr(tasks.send_reminders, "delay", queued.extend)
        with freeze_time(DUE):
            reminders_sweep()
    mail.outbox.clear()
    return SentReminder.objects.get(pk=queued[0])


@pytest.fixture
def smtp_fails(settings):
    def failing(times):
        settings.EMAIL_BACKEND = "tests.reminders.support.FailingBackend"
        FailingBackend.failures, FailingBackend.calls = times, 0

    return failing


def test_a_reminder_writes_one_outbox_email_and_is_marked_sent_with_it(claimed, django_capture_on_commit_callbacks):
    with freeze_time(DUE), django_capture_on_commit_callbacks(execute=True):
        assert reminder_send(reminder_id=claimed.pk).status == "sent"
        assert reminder_send(reminder_id=claimed.pk).status == "skipped"
    claimed.refresh_from_db()
    assert claimed.status == SentReminder.Status.SENT
    email = OutboxEmail.objects.get()
    assert (email.key, email.recipient, email.status) == (
        f"reminder:{claimed.pk}:{claimed.recipient}",
        claimed.recipient,
        "sent",
    )
    assert email.kind == f"reminder_{claimed.kind}" and email.about == claimed.subject
    assert [m.to for m in mail.outbox] == [[claimed.recipient]]


def test_an_smtp_error_is_the_outboxs_to_retry_and_the_reminder_arrives_once(
    claimed, smtp_fails, django_capture_on_commit_callbacks
):
    smtp_fails(2)
    with freeze_time(DUE), django_capture_on_commit_callbacks(execute=True):
        assert reminder_send(reminder_id=claimed.pk).status == "sent"
    email = OutboxEmail.objects.get()
    assert email.status == "waiting" and email.attempts == 1 and "SMTPServerDisconnected" in email.last_error
    for minutes in (1, 7):  # past the first backoff, then past the second
        with freeze_time(uk(2027, 3, 12, 8, 30 + minutes)):
            emails_sweep()
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 3
    assert len(mail.outbox) == 1
    # The sweep of reminders does not write it again.
    with freeze_time(uk(2027, 3, 13, 9)):
        reminders_sweep()
    assert OutboxEmail.objects.count() == 1 and len(mail.outbox) == 1


def test_officers_see_a_failed_reminder_email_in_the_outbox_and_send_it_again(
    claimed, smtp_fails, client, settings, django_capture_on_commit_callbacks
):
    smtp_fails(100)
    with freeze_time(DUE), django_capture_on_commit_callbacks(execute=True):
        reminder_send(reminder_id=claimed.pk)
    email = OutboxEmail.objects.get()
    OutboxEmail.objects.filter(pk=email.pk).update(attempts=MAX_ATTEMPTS - 1)
    with freeze_time(uk(2027, 3, 14, 9)):
        emails_sweep()
    email.refresh_from_db()
    assert email.status == "failed"

    client.force_login(officer())
    url = reverse("admin:outbox_outboxemail_changelist")
    page = client.get(url, {"status__exact": "failed"}).content.decode()
    assert claimed.recipient in page and "SMTPServerDisconnected" in page
    assert claimed.recipient not in client.get(url, {"status__exact": "sent"}).content.decode()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "send_again", "_selected_action": [email.pk]})
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == "sent"
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
    assert not OutboxEmail.objects.filter(key__startswith="reminder:").exists()


def test_smtp_exceptions_are_os_errors_so_both_are_caught():
    assert issubclass(smtplib.SMTPException, OSError)
