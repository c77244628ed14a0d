"""Never twice: a second sweep, a task delivered twice, two workers racing. Never lost: a broker that
is down when the sweep runs."""

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time
from kombu.exceptions import OperationalError

from grants import services
from grants.models import Application, SentReminder, Status, StatusChange
from kbt.accounts.models import User
from kbt.reminders import services as reminder_services
from kbt.reminders import tasks
from kbt.reminders.services import reminder_send, reminders_sweep
from tests.factories import RoundFactory, StrandFactory, application_at, draft, member_of
from tests.grants.admin_factories import assessed
from tests.reminders.support import ensure_default_timings, sent_to, sweep_at, uk

DUE = uk(2027, 3, 12, 8, 30)  # seven days before the round closes


def closing_drafts(count=1, members=2):
    ensure_default_timings()
    with freeze_time(uk(2027, 3, 1, 10)):
        round_ = RoundFactory(strand=StrandFactory(), opens_at=uk(2027, 2, 1), closes_at=uk(2027, 3, 19, 17))
        drafts = [draft(strand=round_.strand) for _ in range(count)]
        for application in drafts:
            for _ in range(members - 1):
                member_of(application.organisation)
    mail.outbox.clear()
    return drafts


@pytest.mark.django_db
def test_a_second_sweep_sends_nothing_more():
    closing_drafts()
    sweep_at(DUE)
    assert len(mail.outbox) == 2
    sweep_at(DUE)
    sweep_at(uk(2027, 3, 13, 9))
    assert len(mail.outbox) == 2
    assert SentReminder.objects.filter(status=SentReminder.Status.SENT).count() == 2


@pytest.mark.django_db
def test_a_second_sweep_claims_nothing_again(monkeypatch):
    # Issue 18: every sweep inserted every claim again, thousands every 15 minutes, for the unique key
    # to refuse them. Claims already made are read and left out.
    monkeypatch.setattr(tasks.send_reminders, "delay", lambda ids: None)
    closing_drafts(count=3)
    with freeze_time(DUE):
        assert reminders_sweep().due == 6
    with freeze_time(DUE + dt.timedelta(minutes=15)), CaptureQueriesContext(connection) as second:
        assert reminders_sweep().due == 6
    inserts = [q["sql"] for q in second.captured_queries if q["sql"].startswith("INSERT")]
    assert inserts == []
    assert SentReminder.objects.count() == 6


@pytest.mark.django_db
def test_reminders_are_queued_a_hundred_to_a_task(monkeypatch):
    # Issue 18: one message, and one round trip to Redis, per reminder made a large sweep slow.
    batches = []
    monkeypatch.setattr(tasks.send_reminders, "delay", batches.append)
    application = draft()
    type_id = ContentType.objects.get_for_model(Application).pk
    SentReminder.objects.bulk_create(
        SentReminder(
            kind="draft_round_closing",
            object_type_id=type_id,
            object_id=application.pk,
            recipient=f"member{i}@example.org",
            due_date=DUE.date(),
        )
        for i in range(250)
    )
    assert reminder_services.reminders_queue(now=DUE) == (250, False)
    assert [len(batch) for batch in batches] == [100, 100, 50]
    assert sorted(pk for batch in batches for pk in batch) == sorted(SentReminder.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_task_delivered_twice_sends_once(monkeypatch):
    closing_drafts(members=1)
    queued = []
    monkeypatch.setattr(tasks.send_reminders, "delay", queued.extend)
    sweep_at(DUE)
    (reminder_id,) = queued
    with freeze_time(DUE), TestCase.captureOnCommitCallbacks(execute=True):  # delivery from the outbox
        assert tasks.send_reminder.apply(args=[reminder_id]).get() == "sent"
        assert tasks.send_reminder.apply(args=[reminder_id]).get() == "skipped"
    assert len(mail.outbox) == 1


def one_of_each_kind(count):
    """`count` each of: a draft as its round closes, an unanswered question, a bid waiting for
    assessment, a bid waiting for a councillor; all due on Monday 15 March 2027."""
    with freeze_time(uk(2027, 3, 1, 10)):
        round_ = RoundFactory(strand=StrandFactory(), opens_at=uk(2027, 2, 1), closes_at=uk(2027, 3, 20, 17))
        for _ in range(count):
            draft(strand=round_.strand)
            asked = application_at(Status.IN_ASSESSMENT)
            services.application_transition(
                application=asked, action="request_info", actor=asked.cast.officer, reason="A quote, please."
            )
            application_at(Status.SUBMITTED)
            awaiting = application_at(Status.IN_ASSESSMENT)
    with freeze_time(uk(2027, 3, 3, 10)):
        for application in Application.objects.filter(status=Status.IN_ASSESSMENT):
            assessed(application, awaiting.cast.officer)
            services.application_transition(
                application=application, action="recommend", actor=awaiting.cast.officer, amount=Decimal("4000")
            )


@pytest.mark.django_db
def test_the_sweep_runs_a_fixed_number_of_queries_whatever_the_data(monkeypatch):
    monkeypatch.setattr(tasks.send_reminders, "delay", lambda ids: None)
    ContentType.objects.get_for_models(Application, StatusChange, User)  # cached, as in a running worker
    one_of_each_kind(1)
    with freeze_time(uk(2027, 3, 15, 9)), CaptureQueriesContext(connection) as few:
        few_due = reminders_sweep().due
    one_of_each_kind(4)
    with freeze_time(uk(2027, 3, 15, 9, 15)), CaptureQueriesContext(connection) as many:
        many_due = reminders_sweep().due
    assert few_due >= 4 and many_due > 3 * few_due  # every kind was due, and more of them the second time
    assert len(many) == len(few)


@pytest.mark.django_db
def test_when_the_broker_is_down_the_next_sweep_sends_what_was_claimed(monkeypatch):
    closing_drafts()

    def broker_down(ids):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patched:
        patched.setattr(tasks.send_reminders, "delay", broker_down)
        result = sweep_at(DUE)
    assert result.broker_down and result.queued == 0
    assert mail.outbox == []
    waiting = SentReminder.objects.filter(status=SentReminder.Status.PENDING)
    assert waiting.count() == 2 and not waiting.filter(next_try_at__isnull=False).exists()

    sweep_at(uk(2027, 3, 12, 8, 45))  # the broker is back
    assert len(mail.outbox) == 2
    assert not SentReminder.objects.exclude(status=SentReminder.Status.SENT).exists()


@pytest.mark.django_db
def test_a_queued_task_lost_with_its_worker_is_queued_again_after_its_lease(monkeypatch):
    closing_drafts(members=1)
    queued = []
    monkeypatch.setattr(tasks.send_reminders, "delay", queued.extend)
    sweep_at(DUE)
    sweep_at(uk(2027, 3, 12, 9))  # leased: left alone
    assert len(queued) == 1
    sweep_at(uk(2027, 3, 12, 9, 45))  # the lease has run out and it is still not sent
    assert len(queued) == 2 and queued[0] == queued[1]


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_one_reminder_send_one_email(monkeypatch):
    closing_drafts(members=1)
    queued = []
    monkeypatch.setattr(tasks.send_reminders, "delay", queued.extend)
    sweep_at(DUE)
    (reminder_id,) = queued

    # The reminder's email is written to the outbox while the row is held, and delivered on commit.
    slow_queue = reminder_services.email_queue

    def queue_slowly(**kwargs):
        time.sleep(0.3)  # long enough for the other worker to arrive while this one holds the row
        return slow_queue(**kwargs)

    monkeypatch.setattr(reminder_services, "email_queue", queue_slowly)
    start = threading.Barrier(2)
    outcomes = []

    def worker():
        try:
            start.wait()
            outcomes.append(reminder_send(reminder_id=reminder_id).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    with freeze_time(DUE):  # the clock is frozen for both threads
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(outcomes) == ["sent", "skipped"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_racing_send_each_reminder_once():
    closing_drafts(count=3)
    start = threading.Barrier(2)
    errors = []

    def sweeper():
        try:
            start.wait()
            reminders_sweep()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweeper) for _ in range(2)]
    with freeze_time(DUE):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert len(mail.outbox) == 6
    assert len(set(sent_to())) == 6
    assert SentReminder.objects.filter(status=SentReminder.Status.SENT).count() == 6
