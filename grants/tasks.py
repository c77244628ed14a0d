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
