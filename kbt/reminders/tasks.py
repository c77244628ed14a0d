"""Celery tasks for reminders: thin. Beat queues the sweep; the sweep queues one send per reminder."""

from celery import shared_task


@shared_task(ignore_result=True, expires=14 * 60)
def sweep_reminders() -> dict:
    """Beat queues this every 15 minutes; it expires before the next, so sweeps never pile up."""
    from .services import reminders_sweep

    return reminders_sweep().as_dict()


# If the worker dies, the row lock is released, the reminder stays waiting and the sweep queues it
# again when its lease runs out.
@shared_task(acks_late=True, time_limit=300)
def send_reminder(reminder_id: int) -> str:
    """Write one claimed reminder's email to the outbox, which delivers it."""
    from .services import reminder_send

    return reminder_send(reminder_id=reminder_id).status
