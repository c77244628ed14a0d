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


@shared_task(ignore_result=True, expires=50 * 60)
def expire_offers() -> int:
    """Beat queues this every hour: every issued offer past its accept-by date is marked expired, and its
    officer is emailed to extend or withdraw it. Idempotent: an expired offer is not issued any more."""
    from .services.offers import offers_expire

    return offers_expire()


@shared_task(ignore_result=True, expires=50 * 60)
def mark_reports_overdue() -> int:
    """Beat queues this every hour: each report past its due date unsent is marked overdue once (and
    payments hold the next instalment). Returns how many it marked."""
    from .services.reports import reports_mark_overdue

    return reports_mark_overdue()


@shared_task(ignore_result=True, expires=50 * 60)
def refer_split_bids() -> int:
    """Beat queues this every hour: bids whose councillors are split go to the officers' queue."""
    from .services.split import split_bids_refer

    return len(split_bids_refer())


@shared_task(ignore_result=True)
def build_application_export(export_id: int) -> None:
    """Make an applications spreadsheet an officer asked for, and email them its link."""
    from .services.exports import application_export_build

    application_export_build(export_id=export_id)
