"""The deals' default reminder timings (grants.ReminderRule). Officers change them in admin."""

import datetime as dt

from django.db import migrations

DEFAULTS = [("commitment_due_soon", 14), ("commitment_overdue", 1), ("deal_review_due", 14)]


def seed(apps, schema_editor):
    ReminderRule = apps.get_model("grants", "ReminderRule")
    for kind, days in DEFAULTS:
        ReminderRule.objects.get_or_create(kind=kind, days=days, defaults={"send_from": dt.time(8, 0)})


def unseed(apps, schema_editor):
    ReminderRule = apps.get_model("grants", "ReminderRule")
    for kind, days in DEFAULTS:
        ReminderRule.objects.filter(kind=kind, days=days).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0002_seed_cooperative_principles"),
        ("grants", "0007_seed_reminder_timings"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
