"""Celery tasks: thin. They take ids and call kbt.outbox.services."""

from celery import shared_task


# The time limit is well inside the claim's lease (services.LEASE): a delivery still running is never
# taken back by the sweep. Failures are not retried by Celery: the row records them and the sweep
# queues the next try when its backoff is over, so no task waits hours in the broker.
@shared_task(ignore_result=True, time_limit=120)
def deliver_email(email_id: int) -> str:
    from .services import email_deliver

    return email_deliver(email_id=email_id).status


@shared_task(ignore_result=True, expires=50)
def sweep_outbox() -> dict:
    """Beat queues this every minute; it expires before the next, so sweeps never pile up."""
    from .services import emails_sweep

    return emails_sweep().as_dict()
