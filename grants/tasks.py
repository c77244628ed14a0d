"""Celery tasks: thin. They take ids, load, and call services. Emails are delivered by kbt.outbox; reminders' tasks
are kbt.reminders.tasks."""

from celery import shared_task
from django.db import transaction

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


@shared_task(ignore_result=True, expires=50 * 60)
def check_budgets() -> int:
    """Beat queues this every hour: every committed counter against the ledger. Returns the differences."""
    from .services.budgets import budgets_reconcile

    return len(budgets_reconcile().mismatches)


@shared_task(ignore_result=True)
def build_application_export(export_id: int) -> None:
    """Make an applications spreadsheet an officer asked for, and email them its link."""
    from .services.exports import application_export_build

    application_export_build(export_id=export_id)
