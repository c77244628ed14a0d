"""Celery tasks: thin."""

from celery import shared_task


@shared_task(ignore_result=True, expires=12 * 3600)
def publish_open_data(trigger: str = "schedule", requested_by_id: int | None = None) -> int | None:
    """Beat queues this every night, and the officers' Publishing page on demand. Returns the run's id
    (None when another run was already under way)."""
    from kbt.accounts.models import User

    from .services import open_data_publish

    requested_by = User.objects.filter(pk=requested_by_id).first() if requested_by_id else None
    run = open_data_publish(trigger=trigger, requested_by=requested_by)
    return run.pk if run else None
