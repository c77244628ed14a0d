"""The Celery app. Settings come from Django's (CELERY_ prefix); the beat schedule lives here, in code."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbt.settings")

app = Celery("kbt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic sweeps are added here as their issues land (reminders: every 15 minutes).
app.conf.beat_schedule = {}
