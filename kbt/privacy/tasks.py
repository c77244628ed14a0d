"""Celery tasks: thin."""

from celery import shared_task


@shared_task(ignore_result=True, expires=12 * 3600)
def apply_retention() -> int:
    """Beat queues this once a night; the service does the work. Returns the run's id."""
    from .services.retention import retention_apply

    return retention_apply().pk
