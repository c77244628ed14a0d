"""Writing emails to the outbox and delivering them, each exactly once.

The order of things is what makes an email never lost and never sent twice:
1. `email_queue` renders the email and writes one row per recipient inside the caller's transaction,
   so the email exists if and only if the change that causes it was saved. A unique key per event and
   recipient refuses a second copy.
2. Once the transaction commits it queues one delivery task per row. If the broker is down, that is
   logged and the page carries on: the row waits in the database and the sweep queues it later.
3. `email_deliver` claims a row (waiting and due, row lock skipping locked rows) by marking it sending
   with a lease, sends exactly that message to its one recipient, and marks it sent. A failure puts it
   back to waiting with a backoff of hours, and after the last try marks it failed for officers to see.
4. `emails_sweep` (beat, every minute) queues rows that are due and not already queued, and takes back
   rows whose delivery died mid-way (still sending past their lease).
"""

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, models, transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from .models import OutboxEmail

log = logging.getLogger(__name__)

# Waits after the 1st, 2nd, ... failed try. After the last, the email is marked failed: seven tries
# over about 21 hours, so an SMTP server down for a morning loses nothing.
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=6),
    dt.timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# A claimed email not marked sent or failed by then is taken to be lost with its worker. Longer than
# the delivery task's time limit, so a slow delivery is never taken back while it still runs.
LEASE = dt.timedelta(minutes=15)
# After queueing a row, the sweep leaves it to its task this long before queueing it again.
QUEUED_GRACE = dt.timedelta(minutes=10)
SWEEP_BATCH = 500

# Inside `deliveries_held()`: the ids of the emails written, whose delivery is not queued.
_held: ContextVar[list[int] | None] = ContextVar("outbox_held", default=None)


@contextmanager
def deliveries_held() -> Iterator[list[int]]:
    """Within this block emails are written to the outbox as usual but no delivery is queued when they
    commit; yields the list of their ids, for the caller to settle: `emails_hold` keeps them unsent (the
    demo seed's made-up history). Rows left waiting go out with the next sweep."""
    token = _held.set([])
    try:
        yield _held.get()
    finally:
        _held.reset(token)


def email_queue(
    *,
    to: str | Iterable[str],
    kind: str,
    subject: str,
    template: str,
    context: dict,
    key: str,
    about: models.Model | None = None,
    reference: str = "",
) -> list[OutboxEmail]:
    """Write one email per address to the outbox, in the caller's transaction, and queue its delivery
    once that commits. `template` names `<template>.txt` (and `<template>.html`, if there is one).

    Guarantees: the rows are written only if the caller's transaction commits; an address given twice,
    or the same `key` written again (a retried task, a double click), gives no second email; nothing
    here fails because the broker is down. Returns the rows written now.
    """
    addresses = [to] if isinstance(to, str) else list(to)
    context = {**context, "site_url": settings.SITE_URL}
    text = render_to_string(f"{template}.txt", context)
    try:
        html = get_template(f"{template}.html").render(context)
    except TemplateDoesNotExist:
        html = ""
    about_type = ContentType.objects.get_for_model(about) if about is not None else None
    now = timezone.now()
    written = []
    with transaction.atomic():
        for address in dict.fromkeys(a.strip() for a in addresses if a and a.strip()):
            email, created = OutboxEmail.objects.get_or_create(
                key=f"{key}:{address.lower()}"[:255],
                defaults={
                    "recipient": address,
                    "kind": kind,
                    "about_type": about_type,
                    "about_id": about.pk if about is not None else None,
                    "reference": reference,
                    "subject": subject,
                    "body_text": text,
                    "body_html": html,
                    "next_attempt_at": now,
                    "queued_at": now,
                },
            )
            if created:
                written.append(email)
        held = _held.get()
        if held is not None:
            held.extend(email.pk for email in written)
        elif written:
            transaction.on_commit(partial(_queue_deliveries, [email.pk for email in written]))
    return written


def _queue_deliveries(email_ids: list[int]) -> int:
    """Queue one delivery task per row. Never raises: a row not queued is the sweep's to send."""
    from .tasks import deliver_email

    for done, email_id in enumerate(email_ids):
        try:
            deliver_email.delay(email_id)
        except Exception:
            # Whatever the broker or its client raises (kombu's OperationalError, a socket error), the
            # rows are safe in the database: the page must not fail for it.
            log.exception("Could not queue %d emails; the sweep will send them", len(email_ids) - done)
            OutboxEmail.objects.filter(pk__in=email_ids[done:], status=OutboxEmail.Status.WAITING).update(
                queued_at=None
            )
            return done
    return len(email_ids)


@dataclass
class DeliveryOutcome:
    status: str  # sent, waiting (to retry), failed, or skipped (not ours to send)
    error: str = ""


def email_deliver(*, email_id: int, now: dt.datetime | None = None) -> DeliveryOutcome:
    """Send one outbox email if it is waiting and due, and record the result.

    Guarantees: the row is claimed (waiting and due becomes sending, under a row lock that skips rows
    another worker holds) and the claim committed before anything is sent, so a second task for the
    same row, at the same time or later, sends nothing; exactly this row's message goes to its one
    recipient; a failure is recorded with the attempt and the next try is hours later at most
    (BACKOFF), and after MAX_ATTEMPTS the row is marked failed with its error.
    """
    now = now or timezone.now()
    with transaction.atomic():
        email = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutboxEmail.Status.WAITING, next_attempt_at__lte=now)
            .first()
        )
        if email is None:
            return DeliveryOutcome("skipped")
        email.status = OutboxEmail.Status.SENDING
        email.attempts += 1
        email.next_attempt_at = now + LEASE
        email.save(update_fields=["status", "attempts", "next_attempt_at"])

    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body_text, to=[email.recipient], reply_to=[settings.REPLY_TO_EMAIL]
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as error:
        # SMTP refusals and socket errors above all, but anything that stops this one message is
        # recorded on its row for officers to see, rather than leaving it to the lease.
        return _record_failure(email, f"{type(error).__name__}: {error}", now)
    claimed = OutboxEmail.objects.filter(pk=email.pk, status=OutboxEmail.Status.SENDING, attempts=email.attempts)
    claimed.update(status=OutboxEmail.Status.SENT, sent_at=timezone.now(), last_error="")
    return DeliveryOutcome("sent")


def email_database_error(*, email_id: int, error: Exception) -> bool:
    """Record that a delivery failed because the database refused (before anything was sent, or the
    claim would have committed), and make the row due for the next sweep rather than for the end of
    QUEUED_GRACE. Best effort: if the database still refuses, the row is as it was, waiting, and the
    sweep queues it after QUEUED_GRACE. Returns whether it was recorded."""
    message = f"{type(error).__name__}: {error}"[:2000]
    log.warning("Email %s: the database refused (%s); trying again", email_id, message)
    try:
        return bool(
            OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.WAITING).update(
                queued_at=None, last_error=message
            )
        )
    except DatabaseError:
        return False


def _record_failure(email: OutboxEmail, error: str, now: dt.datetime) -> DeliveryOutcome:
    error = error[:2000]
    if email.attempts >= MAX_ATTEMPTS:
        status, next_attempt_at = OutboxEmail.Status.FAILED, now
    else:
        status, next_attempt_at = OutboxEmail.Status.WAITING, now + BACKOFF[email.attempts - 1]
    OutboxEmail.objects.filter(pk=email.pk, status=OutboxEmail.Status.SENDING, attempts=email.attempts).update(
        status=status, last_error=error, next_attempt_at=next_attempt_at, queued_at=None
    )
    log.warning("Email %s to %s: attempt %s failed: %s", email.pk, email.recipient, email.attempts, error)
    return DeliveryOutcome(status, error)


@dataclass
class SweepResult:
    taken_back: int = 0
    queued: int = 0
    broker_down: bool = False

    def as_dict(self) -> dict:
        return {"taken_back": self.taken_back, "queued": self.queued, "broker_down": self.broker_down}


def emails_sweep(*, now: dt.datetime | None = None, batch: int = SWEEP_BATCH) -> SweepResult:
    """Queue a delivery task for every email due and not recently queued, in batches.

    Guarantees: an email whose delivery died while sending (its lease has run out) goes back to
    waiting, or to failed after its last try; an email whose task was lost with the broker or a worker
    is queued again; a task queued moments ago is left to run. If the broker refuses, the rest wait
    for the next sweep. Queueing twice never sends twice: the delivery claims the row.
    """
    now = now or timezone.now()
    result = SweepResult()
    stuck = OutboxEmail.objects.filter(status=OutboxEmail.Status.SENDING, next_attempt_at__lte=now)
    lost = "The delivery did not finish (its worker stopped); tried again."
    result.taken_back = stuck.filter(attempts__lt=MAX_ATTEMPTS).update(
        status=OutboxEmail.Status.WAITING, next_attempt_at=now, queued_at=None, last_error=lost
    )
    stuck.update(status=OutboxEmail.Status.FAILED, last_error=lost)

    due = (
        OutboxEmail.objects.filter(status=OutboxEmail.Status.WAITING, next_attempt_at__lte=now)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lte=now - QUEUED_GRACE))
        .order_by("next_attempt_at", "pk")
    )
    while ids := list(due.values_list("pk", flat=True)[:batch]):
        OutboxEmail.objects.filter(pk__in=ids).update(queued_at=now)
        queued = _queue_deliveries(ids)
        result.queued += queued
        if queued < len(ids):
            result.broker_down = True
            break
    log.info("Outbox sweep: %s", result.as_dict())
    return result


def emails_hold(*, email_ids: Iterable[int]) -> int:
    """Mark waiting emails held: kept in the outbox to read, and never sent (no sweep or task picks a held
    row, and "Send again" is for failed ones only). Returns how many were held. For the demo's made-up
    history, whose addresses belong to nobody: saying they were sent would not be true."""
    return OutboxEmail.objects.filter(pk__in=list(email_ids), status=OutboxEmail.Status.WAITING).update(
        status=OutboxEmail.Status.HELD, queued_at=None
    )


def email_send_again(*, email: OutboxEmail) -> bool:
    """Give a failed email a fresh set of tries and queue it. Only a failed email can be sent again,
    so one already sent, or still on its way, is never sent twice."""
    now = timezone.now()
    with transaction.atomic():
        updated = OutboxEmail.objects.filter(pk=email.pk, status=OutboxEmail.Status.FAILED).update(
            status=OutboxEmail.Status.WAITING, attempts=0, next_attempt_at=now, queued_at=now
        )
        if updated:
            transaction.on_commit(partial(_queue_deliveries, [email.pk]))
    return bool(updated)
