"""Through the real queue: an outbox row written in a transaction is queued to Redis on commit, and a
real Celery worker delivers it and marks it sent."""

import time

import pytest
from django.core import mail
from django.db import transaction

from kbt.outbox.models import OutboxEmail
from kbt.outbox.services import email_queue
from tests.reminders.test_worker import real_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_real_worker_delivers_an_outbox_email_through_redis():
    with real_worker():
        with transaction.atomic():
            (row,) = email_queue(
                to="someone@example.org",
                kind="email_changed",
                subject="Your address has changed",
                template="accounts/emails/email_changed",
                context={"new": "new@example.org"},
                key="worker-test:1",
            )
        deadline = time.monotonic() + 30
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
        row.refresh_from_db()
        deadline = time.monotonic() + 10
        while row.status != "sent" and time.monotonic() < deadline:
            time.sleep(0.1)
            row.refresh_from_db()
    assert [m.to for m in mail.outbox] == [["someone@example.org"]]
    assert mail.outbox[0].subject == "Your address has changed"
    assert (row.status, row.attempts) == (OutboxEmail.Status.SENT, 1) and row.sent_at is not None
