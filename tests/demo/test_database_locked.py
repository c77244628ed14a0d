"""The demo runs on one SQLite file shared by the web server and the worker (issue 20). Its connections
wait for each other's write lock instead of failing, and a task the database refuses all the same is
recorded on its row, tried again, and left due for the next sweep: never left waiting unseen."""

import threading
import time

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper
from freezegun import freeze_time

from grants.models import SentReminder
from kbt.outbox import services as outbox_services
from kbt.outbox import tasks as outbox_tasks
from kbt.outbox.models import OutboxEmail
from kbt.outbox.services import email_queue, emails_sweep
from kbt.reminders import services as reminder_services
from kbt.reminders import tasks as reminder_tasks
from kbt.reminders.services import reminders_queue, reminders_sweep
from kbt.sqlite import sqlite_options
from tests.factories import RoundFactory, StrandFactory, draft
from tests.reminders.support import uk

LOCKED = OperationalError("database is locked")


def sqlite_connection(path, options):
    settings = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": options,
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    return DatabaseWrapper(settings, alias=f"sqlite-{time.monotonic_ns()}")


def write_while_another_holds_the_lock(path, options) -> str:
    """One connection holds a write transaction for half a second; another writes meanwhile."""
    setup = sqlite_connection(path, options)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS t (n integer)")
    setup.close()
    holding, done = threading.Event(), threading.Event()

    def hold():
        holder = sqlite_connection(path, options)
        try:
            holder.set_autocommit(False)
            with holder.cursor() as cursor:
                cursor.execute("INSERT INTO t VALUES (1)")
                holding.set()
                time.sleep(0.5)
            holder.commit()
        finally:
            holding.set()
            holder.close()
            done.set()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert holding.wait(10)
    writer = sqlite_connection(path, options)
    try:
        with writer.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (2)")
        return "written"
    except OperationalError as error:
        return str(error)
    finally:
        writer.close()
        assert done.wait(10)


def test_demo_sqlite_connections_wait_for_a_lock_instead_of_failing(tmp_path, django_db_blocker):
    # Files of its own, not the test database: pytest-django's guard is for that one.
    with django_db_blocker.unblock():
        check_the_demo_sqlite_options(tmp_path)


def check_the_demo_sqlite_options(tmp_path):
    # Python's sqlite3 default (no busy timeout to speak of) fails as the demo did.
    assert write_while_another_holds_the_lock(tmp_path / "plain.sqlite3", {"timeout": 0.01}) == "database is locked"
    options = sqlite_options(busy_timeout_ms=5_000)
    assert write_while_another_holds_the_lock(tmp_path / "demo.sqlite3", options) == "written"
    connection = sqlite_connection(tmp_path / "demo.sqlite3", options)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("SELECT count(*) FROM t")
        assert cursor.fetchone()[0] == 2
    assert connection.transaction_mode == "IMMEDIATE"
    connection.close()


def retried(task, *args):
    """Run the task as a worker would; it must ask to be tried again (the broker then delivers it again)."""
    with pytest.raises(Retry, match="database is locked"):
        task.apply(args=args, throw=True)


def failing(real, times):
    """`real`, refused by the database the first `times` calls."""
    calls = []

    def call(**kwargs):
        calls.append(kwargs)
        if len(calls) <= times:
            raise LOCKED
        return real(**kwargs)

    return call


@pytest.fixture
def waiting_email(django_capture_on_commit_callbacks):
    with freeze_time(uk(2027, 3, 1, 9)), django_capture_on_commit_callbacks(execute=False):
        (email,) = email_queue(
            to="a@example.org",
            kind="email_changed",
            subject="Your address has changed",
            template="accounts/emails/email_changed",
            context={"new": "new@example.org"},
            key="locked:1",
        )
    return email


@pytest.mark.django_db
def test_an_email_delivery_the_database_refuses_is_recorded_and_due_for_the_next_sweep(waiting_email, monkeypatch):
    monkeypatch.setattr(outbox_services, "email_deliver", failing(outbox_services.email_deliver, times=100))
    with freeze_time(uk(2027, 3, 1, 9, 1)):
        retried(outbox_tasks.deliver_email, waiting_email.pk)
    waiting_email.refresh_from_db()
    assert waiting_email.status == "waiting" and waiting_email.queued_at is None
    assert "database is locked" in waiting_email.last_error
    assert mail.outbox == []
    monkeypatch.undo()
    queued = []
    monkeypatch.setattr(outbox_tasks.deliver_email, "delay", queued.append)
    with freeze_time(uk(2027, 3, 1, 9, 2)):
        assert emails_sweep().queued == 1
    assert queued == [waiting_email.pk]


@pytest.mark.django_db
def test_an_email_delivery_the_database_refuses_once_is_retried_and_sent_once(waiting_email, monkeypatch):
    monkeypatch.setattr(outbox_services, "email_deliver", failing(outbox_services.email_deliver, times=1))
    with freeze_time(uk(2027, 3, 1, 9, 1)):
        retried(outbox_tasks.deliver_email, waiting_email.pk)
        # The retry: the same task, delivered again by the broker.
        assert outbox_tasks.deliver_email.apply(args=[waiting_email.pk], throw=True).get() == "sent"
    waiting_email.refresh_from_db()
    assert waiting_email.status == "sent" and waiting_email.attempts == 1
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


@pytest.fixture
def claimed_reminder(monkeypatch):
    with freeze_time(uk(2027, 3, 1, 10)):
        round_ = RoundFactory(strand=StrandFactory(), opens_at=uk(2027, 2, 1), closes_at=uk(2027, 3, 19, 17))
        draft(strand=round_.strand)
    queued = []
    with monkeypatch.context() as patched:
        patched.setattr(reminder_tasks.send_reminders, "delay", queued.extend)
        with freeze_time(uk(2027, 3, 12, 8, 30)):
            reminders_sweep()
    reminder = SentReminder.objects.get(pk=queued[0])
    assert reminder.next_try_at is not None  # leased to its task
    return reminder


@pytest.mark.django_db
def test_a_reminder_the_database_refuses_is_recorded_and_queued_by_the_next_sweep(claimed_reminder, monkeypatch):
    monkeypatch.setattr(reminder_services, "reminder_send", failing(reminder_services.reminder_send, times=100))
    with freeze_time(uk(2027, 3, 12, 8, 31)):
        retried(reminder_tasks.send_reminder, claimed_reminder.pk)
    claimed_reminder.refresh_from_db()
    assert claimed_reminder.status == "pending" and claimed_reminder.next_try_at is None
    assert "database is locked" in claimed_reminder.last_error
    assert not OutboxEmail.objects.exists()
    monkeypatch.undo()
    queued = []
    monkeypatch.setattr(reminder_tasks.send_reminders, "delay", queued.extend)
    # The next sweep, 15 minutes later, not an hour later when the lease would have run out.
    with freeze_time(uk(2027, 3, 12, 8, 45)):
        assert reminders_queue() == (1, False)
    assert queued == [claimed_reminder.pk]


@pytest.mark.django_db
def test_a_reminder_the_database_refuses_once_is_retried_and_written_once(
    claimed_reminder, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(reminder_services, "reminder_send", failing(reminder_services.reminder_send, times=1))
    with freeze_time(uk(2027, 3, 12, 8, 31)), django_capture_on_commit_callbacks(execute=False):
        retried(reminder_tasks.send_reminder, claimed_reminder.pk)
        assert reminder_tasks.send_reminder.apply(args=[claimed_reminder.pk], throw=True).get() == "sent"
    claimed_reminder.refresh_from_db()
    assert claimed_reminder.status == "sent"
    assert OutboxEmail.objects.filter(recipient=claimed_reminder.recipient).count() == 1


@pytest.mark.django_db
def test_a_batch_carries_on_past_a_reminder_the_database_refuses(claimed_reminder, monkeypatch):
    monkeypatch.setattr(reminder_services, "reminder_send", failing(reminder_services.reminder_send, times=100))
    with freeze_time(uk(2027, 3, 12, 8, 31)):
        assert reminder_tasks.send_reminders.apply(args=[[claimed_reminder.pk]], throw=True).get() == {"retry": 1}
    claimed_reminder.refresh_from_db()
    assert claimed_reminder.status == "pending" and claimed_reminder.next_try_at is None
    assert "database is locked" in claimed_reminder.last_error
