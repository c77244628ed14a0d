"""One row per recipient, written with the change and delivered once: the key refuses a second copy,
a delivery claims its row, a failure backs off over hours and ends as failed, a lost delivery is
taken back by the sweep."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from freezegun import freeze_time

from kbt.outbox.models import OutboxEmail
from kbt.outbox.services import BACKOFF, LEASE, MAX_ATTEMPTS, email_deliver, email_queue, emails_sweep
from tests.factories import UserFactory
from tests.reminders.support import FailingBackend, uk

pytestmark = pytest.mark.django_db

T0 = uk(2027, 3, 1, 9)


def write(key="test:1", to=("a@example.org", "b@example.org"), **kwargs):
    return email_queue(
        to=list(to),
        kind="email_changed",
        subject="Your address has changed",
        template="accounts/emails/email_changed",
        context={"new": "new@example.org"},
        key=key,
        **kwargs,
    )


def test_one_row_per_recipient_rendered_when_written_and_never_twice_for_one_key(django_capture_on_commit_callbacks):
    user = UserFactory()
    with freeze_time(T0), django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = write(about=user, to=["a@example.org", "b@example.org", "a@example.org"])
        assert write() == []  # the same event again writes nothing
    assert [row.recipient for row in rows] == ["a@example.org", "b@example.org"]
    assert mail.outbox == []  # nothing is sent before the commit
    row = OutboxEmail.objects.get(recipient="a@example.org")
    assert row.status == "waiting" and row.about == user and "new@example.org" in row.body_text
    with freeze_time(T0):
        for callback in callbacks:
            callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert OutboxEmail.objects.filter(status="sent").count() == 2


def test_rolled_back_change_leaves_no_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            write()
            raise RuntimeError("the change failed")
    assert not OutboxEmail.objects.exists() and mail.outbox == []


def test_a_failure_backs_off_over_hours_then_the_row_is_failed_with_its_error(settings):
    settings.EMAIL_BACKEND = "tests.reminders.support.FailingBackend"
    FailingBackend.failures, FailingBackend.calls = 1000, 0
    with freeze_time(T0):
        (row,) = write(to=["a@example.org"])
    now = T0
    waits = []
    for _ in range(MAX_ATTEMPTS):
        assert email_deliver(email_id=row.pk, now=now - dt.timedelta(seconds=1)).status == "skipped"  # not due
        outcome = email_deliver(email_id=row.pk, now=now)
        row.refresh_from_db()
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at
    assert waits[:-1] == list(BACKOFF) and sum(BACKOFF, dt.timedelta()) > dt.timedelta(hours=20)
    assert outcome.status == "failed" and row.status == "failed" and row.attempts == MAX_ATTEMPTS
    assert row.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert email_deliver(email_id=row.pk, now=now + dt.timedelta(days=2)).status == "skipped"
    assert emails_sweep(now=now + dt.timedelta(days=2)).queued == 0  # a failed row waits for an officer
    assert mail.outbox == []


def test_a_delivery_that_died_while_sending_is_taken_back_after_its_lease_and_sent_once(monkeypatch):
    with freeze_time(T0):
        (row,) = write(to=["a@example.org"])
    # A worker claims it and dies before sending.
    OutboxEmail.objects.filter(pk=row.pk).update(status="sending", attempts=1, next_attempt_at=T0 + LEASE)
    assert emails_sweep(now=T0 + LEASE - dt.timedelta(minutes=1)).queued == 0  # may still be sending
    with freeze_time(T0 + LEASE):
        result = emails_sweep()
    assert (result.taken_back, result.queued) == (1, 1)
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


def test_the_sweep_leaves_a_just_queued_row_to_its_task_and_queues_a_lost_one_again(monkeypatch):
    from kbt.outbox import tasks

    queued = []
    monkeypatch.setattr(tasks.deliver_email, "delay", queued.append)
    with freeze_time(T0), transaction.atomic():
        (row,) = write(to=["a@example.org"])
    # (the test's transaction never commits, so the on-commit queueing has not run: as if it was lost)
    assert emails_sweep(now=T0 + dt.timedelta(minutes=1)).queued == 0
    assert emails_sweep(now=T0 + dt.timedelta(minutes=11)).queued == 1
    assert emails_sweep(now=T0 + dt.timedelta(minutes=12)).queued == 0
    assert queued == [row.pk]
