"""Celery tasks: thin. They take ids, load, and call services. Emails are delivered by kbt.outbox."""

from celery import shared_task
from django.db import OperationalError, transaction

from . import emails
from .models import StatusChange


@shared_task
def notify_status_change(status_change_id: int) -> int:
    """Only for messages queued before the outbox: the workflow now writes its emails itself. Writes
    them to the outbox; the key means a move whose emails are there already gets no second copy."""
    change = StatusChange.objects.select_related("application__organisation", "application__ward", "actor").get(
        pk=status_change_id
    )
    with transaction.atomic():
        return emails.status_change_emails(change)


@shared_task(ignore_result=True, expires=14 * 60)
def sweep_reminders() -> dict:
    """Beat queues this every 15 minutes; it expires before the next, so sweeps never pile up."""
    from .services.reminders import reminders_sweep

    return reminders_sweep().as_dict()


# If the worker dies, the row lock is released, the reminder stays waiting and the sweep queues it
# again when its lease runs out. If the database refuses (SQLite's "database is locked" in the demo),
# nothing was written: the reminder is made due for the next sweep, and this task tries again shortly.
@shared_task(bind=True, acks_late=True, time_limit=300, max_retries=3)
def send_reminder(self, reminder_id: int) -> str:
    """Write one claimed reminder's email to the outbox, which delivers it."""
    from .services.reminders import reminder_database_error, reminder_send

    try:
        return reminder_send(reminder_id=reminder_id).status
    except OperationalError as error:
        reminder_database_error(reminder_id=reminder_id, error=error)
        raise self.retry(exc=error, countdown=5) from error


@shared_task(ignore_result=True, expires=50 * 60)
def check_budgets() -> int:
    """Beat queues this every hour: every committed counter against the ledger. Returns the differences."""
    from .services.budgets import budgets_reconcile

    return len(budgets_reconcile().mismatches)
