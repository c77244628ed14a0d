"""Celery tasks: thin. They take ids and call kbt.outbox.services."""

from celery import shared_task
from django.db import OperationalError

# A database that is briefly busy (SQLite's "database is locked" in the demo, a dropped connection) is
# tried again this often, this many seconds apart; the row is due for the next sweep meanwhile.
DATABASE_RETRIES = 3
DATABASE_RETRY_SECONDS = 5


# The time limit is well inside the claim's lease (services.LEASE): a delivery still running is never
# taken back by the sweep. SMTP failures are not retried by Celery: the row records them and the sweep
# queues the next try when its backoff is over, so no task waits hours in the broker. Only a database
# error, which the row cannot record while the database refuses, is retried here, a few seconds later.
@shared_task(bind=True, ignore_result=True, time_limit=120, max_retries=DATABASE_RETRIES)
def deliver_email(self, email_id: int) -> str:
    from .services import email_database_error, email_deliver

    try:
        return email_deliver(email_id=email_id).status
    except OperationalError as error:
        email_database_error(email_id=email_id, error=error)
        raise self.retry(exc=error, countdown=DATABASE_RETRY_SECONDS) from error


@shared_task(ignore_result=True, expires=50)
def sweep_outbox() -> dict:
    """Beat queues this every minute; it expires before the next, so sweeps never pile up."""
    from .services import emails_sweep

    return emails_sweep().as_dict()
