"""The Celery app. Settings come from Django's (CELERY_ prefix); the beat schedule lives here, in code."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbt.settings")

app = Celery("kbt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic sweeps are added here as their issues land. Run exactly one beat per installation.
app.conf.beat_schedule = {
    # Finds due reminders from database state and queues one task each: no far-future ETA tasks.
    "sweep-reminders": {"task": "kbt.reminders.tasks.sweep_reminders", "schedule": crontab(minute="*/15")},
    # Reports past their due date unsent are marked overdue, once each (grants.services.reports).
    "mark-reports-overdue": {"task": "grants.tasks.mark_reports_overdue", "schedule": crontab(minute=17)},
    # Every committed counter against the ledger; a difference is logged at ERROR and shown in admin.
    "check-budgets": {"task": "grants.tasks.check_budgets", "schedule": crontab(minute=7)},
    # Grant offers past their accept-by date become expired and are flagged to officers (grants.services.offers).
    "expire-offers": {"task": "grants.tasks.expire_offers", "schedule": crontab(minute=12)},
    # Queues outbox emails that are due or whose delivery was lost (kbt.outbox.services).
    "sweep-outbox": {"task": "kbt.outbox.tasks.sweep_outbox", "schedule": crontab(minute="*")},
    # Deletes personal data past its retention period (kbt.privacy.services.retention); idempotent.
    "apply-retention": {"task": "kbt.privacy.tasks.apply_retention", "schedule": crontab(hour=2, minute=30)},
    # The open data files (grants.open_data.services), made afresh from the published grants.
    "publish-open-data": {"task": "grants.open_data.tasks.publish_open_data", "schedule": crontab(hour=3, minute=15)},
    # Majority-rule bids whose councillors are split, after the strand's days, go to the officers' queue.
    "refer-split-bids": {"task": "grants.tasks.refer_split_bids", "schedule": crontab(minute=23)},
    # Documents still "being checked" after clamd or the broker was down are queued for a scan again.
    "sweep-documents-being-checked": {
        "task": "kbt.scanning.tasks.sweep_documents_being_checked",
        "schedule": crontab(minute="*/5"),
    },
}

# The demo worker's quick stop on Ctrl-C (embedded broker only).
from .celery_demo import embedded_broker  # noqa: E402, F401 (connects its signal receivers)
