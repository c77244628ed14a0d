"""Celery tasks for reminders: thin. Beat queues the sweep; the sweep queues sends, a batch of reminders each."""

from celery import shared_task
from django.db import OperationalError


@shared_task(ignore_result=True, expires=14 * 60)
def sweep_reminders() -> dict:
    """Beat queues this every 15 minutes; it expires before the next, so sweeps never pile up."""
    from .services import reminders_sweep

    return reminders_sweep().as_dict()


# If the worker dies, the row lock is released, the reminders not yet sent stay waiting and the message
# is delivered again (acks late), or the sweep queues them again when their lease runs out.
@shared_task(acks_late=True, time_limit=300)
def send_reminders(reminder_ids: list[int]) -> dict:
    """Write each claimed reminder's email to the outbox, which delivers it, each in its own transaction.
    Returns how many were sent, cancelled (no longer needed) or skipped (not waiting)."""
    from .services import reminder_database_error, reminder_send

    statuses = []
    for pk in reminder_ids:
        try:
            statuses.append(reminder_send(reminder_id=pk).status)
        except OperationalError as error:
            # The database refused (SQLite's "database is locked" in the demo): nothing was written for
            # this one; it is made due for the next sweep, and the rest of the batch carries on.
            reminder_database_error(reminder_id=pk, error=error)
            statuses.append("retry")
    return {status: statuses.count(status) for status in sorted(set(statuses))}


# If the database refuses, nothing was written: the reminder is made due for the next sweep, and this
# task tries again shortly.
@shared_task(bind=True, acks_late=True, time_limit=300, max_retries=3)
def send_reminder(self, reminder_id: int) -> str:
    """One reminder, as `send_reminders`: for messages queued before batches, and by hand."""
    from .services import reminder_database_error, reminder_send

    try:
        return reminder_send(reminder_id=reminder_id).status
    except OperationalError as error:
        reminder_database_error(reminder_id=reminder_id, error=error)
        raise self.retry(exc=error, countdown=5) from error
