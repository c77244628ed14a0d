"""The grant offer reminders' default timings: 7 days and 1 day before an offer expires."""

import datetime as dt

from django.db import migrations

DEFAULTS = [("offer_expiring", 7), ("offer_expiring", 1)]


def seed(apps, schema_editor):
    ReminderRule = apps.get_model("grants", "ReminderRule")
    for kind, days in DEFAULTS:
        ReminderRule.objects.get_or_create(kind=kind, days=days, defaults={"send_from": dt.time(8, 0), "enabled": True})


def unseed(apps, schema_editor):
    ReminderRule = apps.get_model("grants", "ReminderRule")
    for kind, days in DEFAULTS:
        ReminderRule.objects.filter(kind=kind, days=days).delete()


class Migration(migrations.Migration):
    dependencies = [("grants", "0012_offers")]

    operations = [migrations.RunPython(seed, unseed)]
