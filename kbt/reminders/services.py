"""Reminders: claim each one once, queue their sends in batches, send each once.

The order of things is what makes a reminder go out at most once and never get lost:
1. the sweep finds what is due from database state and claims it by inserting a SentReminder row,
   whose unique key (kind, object, recipient, due date) refuses a second claim;
2. it queues tasks, a batch of reminders each, for every claimed reminder still waiting, whether claimed
   now or by an earlier sweep whose queueing failed (Redis down): nothing lives only in the queue;
3. the task locks the row and, only while it is still waiting, writes its email to the outbox and
   marks it sent in the same transaction; a second delivery of the task, or a second worker, finds it
   locked or sent. Delivering the email, and retrying it while SMTP is down, is the outbox's job
   (kbt.outbox), which sends each of its rows once.
"""

import datetime as dt
import logging
from dataclasses import astuple, dataclass

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from grants.models import ReminderRule, SentReminder
from kbt.outbox.services import email_queue

from .registry import Due, registry

log = logging.getLogger(__name__)

# While a task is queued, the sweep leaves its reminder alone this long; after that it queues it
# again, in case the message was lost with a broker or a worker.
LEASE = dt.timedelta(hours=1)
# Reminders a queued task sends: one message, and one round trip to the broker, per batch, not per
# reminder (a sweep that finds 21,000 waiting publishes 210 messages).
PUBLISH_BATCH = 100


@dataclass
class SweepResult:
    due: int = 0
    queued: int = 0
    broker_down: bool = False

    def as_dict(self) -> dict:
        return {"due": self.due, "queued": self.queued, "broker_down": self.broker_down}


def reminders_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """Claim every reminder due now and queue sends, in batches, for each reminder waiting.

    Guarantees: a fixed number of queries whatever the amount of data (one or two per timing, plus a
    handful); a reminder is claimed at most once (the unique constraint, not a read-then-write); if the
    broker is down, claimed reminders stay waiting with no lease and the next sweep queues them.
    """
    now = now or timezone.now()
    result = SweepResult()
    rules: dict[str, list[ReminderRule]] = {}
    for rule in ReminderRule.objects.filter(enabled=True):
        rules.setdefault(rule.kind, []).append(rule)

    due = []
    for kind in registry.all():
        if rules.get(kind.key):
            due.extend(kind.due(rules[kind.key], now))
    # In key order: two sweeps inserting the same claims in different orders could deadlock.
    due = sorted(set(due), key=lambda d: (d.kind, d.object_type_id, d.object_id, d.recipient, d.due_date))
    result.due = len(due)
    unclaimed = _unclaimed(due)
    if unclaimed:
        SentReminder.objects.bulk_create(
            [
                SentReminder(
                    kind=d.kind,
                    object_type_id=d.object_type_id,
                    object_id=d.object_id,
                    recipient=d.recipient,
                    due_date=d.due_date,
                )
                for d in unclaimed
            ],
            ignore_conflicts=True,
        )
    result.queued, result.broker_down = reminders_queue(now=now)
    log.info("Reminder sweep: %s", result.as_dict())
    return result


def _unclaimed(due: list[Due]) -> list[Due]:
    """The reminders due that no earlier sweep has claimed, read in one query, so a sweep does not insert
    every claim again (thousands, every 15 minutes) only for the unique key to refuse them. A claim made
    meanwhile by another sweep is still refused by the key."""
    if not due:
        return due
    claimed = set(
        SentReminder.objects.filter(kind__in={d.kind for d in due}, due_date__gte=min(d.due_date for d in due))
        .values_list("kind", "object_type_id", "object_id", "recipient", "due_date")
        .iterator(chunk_size=5000)
    )
    return [d for d in due if astuple(d) not in claimed]


def reminders_queue(*, now: dt.datetime | None = None) -> tuple[int, bool]:
    """Queue send tasks, PUBLISH_BATCH reminders each, for every reminder waiting to be sent and not leased.

    Returns how many were queued and whether the broker refused. The lease is written before queueing,
    so a task never finds its lease overwritten; the ones the broker refused get theirs back at once.
    """
    from .tasks import send_reminders

    now = now or timezone.now()
    ids = list(
        SentReminder.objects.filter(status=SentReminder.Status.PENDING)
        .filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0, False
    lease_until = now + LEASE
    SentReminder.objects.filter(pk__in=ids).update(next_try_at=lease_until)
    queued = 0
    for start in range(0, len(ids), PUBLISH_BATCH):
        batch = ids[start : start + PUBLISH_BATCH]
        try:
            send_reminders.delay(batch)
        except BrokerUnavailable:
            log.warning("The broker is unavailable: %d reminders wait for the next sweep", len(ids) - queued)
            SentReminder.objects.filter(pk__in=ids[queued:], next_try_at=lease_until).update(next_try_at=None)
            return queued, True
        queued += len(batch)
    return queued, False


@dataclass
class SendOutcome:
    status: str  # sent (written to the outbox), cancelled, or skipped (not ours to send)


def reminder_send(*, reminder_id: int, now: dt.datetime | None = None) -> SendOutcome:
    """Write one claimed reminder's email to the outbox, if it is still waiting, and mark it sent.

    Guarantees: the row is locked, and the email written and the reminder marked sent in one
    transaction, so two tasks for one reminder write one email (the second skips a locked row and
    finds a sent one later), and the outbox's key refuses a second copy whatever happens; a reminder
    no longer needed is marked so and nothing is written. Delivery, and its retries while SMTP is
    down, are the outbox's: a failed delivery shows in admin under Emails.
    """
    now = now or timezone.now()
    with transaction.atomic():
        reminder = (
            SentReminder.objects.select_for_update(skip_locked=True)
            .filter(pk=reminder_id, status=SentReminder.Status.PENDING)
            .first()
        )
        if reminder is None:
            return SendOutcome("skipped")
        kind = registry.get(reminder.kind)
        subject = reminder.subject
        message = kind.email(reminder, subject) if kind is not None and subject is not None else None
        reminder.next_try_at = None
        if message is None:
            reminder.status = SentReminder.Status.CANCELLED
            reminder.save(update_fields=["status", "next_try_at"])
            return SendOutcome(reminder.status)
        email_queue(
            to=reminder.recipient,
            kind=f"reminder_{reminder.kind}",
            subject=message.subject,
            template=f"emails/{message.template}",
            context=message.context,
            key=f"reminder:{reminder.pk}",
            about=subject,
            reference=getattr(subject, "reference", "") or "",
        )
        reminder.attempts += 1
        reminder.status = SentReminder.Status.SENT
        reminder.sent_at = now
        reminder.save(update_fields=["status", "attempts", "sent_at", "next_try_at"])
        return SendOutcome(reminder.status)


def reminder_database_error(*, reminder_id: int, error: Exception) -> bool:
    """Record that sending a reminder failed because the database refused (its transaction rolled back,
    so no email was written) and make it due for the next sweep instead of at the end of its lease.
    Best effort: if the database still refuses, the lease runs out and a later sweep queues it.
    Returns whether it was recorded."""
    message = f"{type(error).__name__}: {error}"[:2000]
    log.warning("Reminder %s: the database refused (%s); trying again", reminder_id, message)
    try:
        return bool(
            SentReminder.objects.filter(pk=reminder_id, status=SentReminder.Status.PENDING).update(
                next_try_at=None, last_error=message
            )
        )
    except DatabaseError:
        return False


def reminder_retry(*, reminder: SentReminder) -> bool:
    """Give a failed reminder five more tries: it goes back to waiting and the next sweep queues it.
    Only a failed reminder can be retried, so a sent one is never sent again."""
    updated = SentReminder.objects.filter(pk=reminder.pk, status=SentReminder.Status.FAILED).update(
        status=SentReminder.Status.PENDING, attempts=0, next_try_at=None
    )
    return bool(updated)
