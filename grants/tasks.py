"""Celery tasks: thin. They take ids, load, and call grants.emails."""

from celery import shared_task

from . import emails
from .models import StatusChange


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def notify_status_change(status_change_id: int) -> int:
    change = StatusChange.objects.select_related("application__organisation", "application__ward", "actor").get(
        pk=status_change_id
    )
    return emails.send_status_change_emails(change)


@shared_task(ignore_result=True, expires=14 * 60)
def sweep_reminders() -> dict:
    """Beat queues this every 15 minutes; it expires before the next, so sweeps never pile up."""
    from .services.reminders import reminders_sweep

    return reminders_sweep().as_dict()


# A hard time limit: if SMTP hangs past it, the worker is stopped, the row lock released, the
# reminder stays waiting and the sweep queues it again when its lease runs out.
@shared_task(bind=True, max_retries=None, acks_late=True, time_limit=300)
def send_reminder(self, reminder_id: int) -> str:
    """Send one claimed reminder. The service counts the tries; this only waits as it is told."""
    from .services.reminders import reminder_send

    outcome = reminder_send(reminder_id=reminder_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(ignore_result=True, expires=50 * 60)
def check_budgets() -> int:
    """Beat queues this every hour: every committed counter against the ledger. Returns the differences."""
    from .services.budgets import budgets_reconcile

    return len(budgets_reconcile().mismatches)
