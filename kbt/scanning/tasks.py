"""Celery tasks for virus scanning: thin, they take ids and call grants' document services."""

from celery import shared_task

from .clamav import ScannerUnavailable

# clamd down: try again after 1, 2, 4... minutes, up to an hour apart; the sweep picks up the rest.
RETRY_BACKOFF_MAX = 60 * 60


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(ScannerUnavailable,),
    retry_backoff=60,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    max_retries=12,
    time_limit=300,
)
def scan_document(self, document_id: int) -> str:
    from grants.services.documents import document_scan

    return document_scan(document_id=document_id)


@shared_task(ignore_result=True, expires=9 * 60)
def sweep_documents_being_checked() -> int:
    from grants.services.documents import document_scan_sweep

    return document_scan_sweep()
