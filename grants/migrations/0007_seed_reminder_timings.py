"""The issue's default reminder timings. Officers change them in admin; this only seeds them."""

import datetime as dt

from django.db import migrations

DEFAULTS = [
    # kind, days, weekday (0 is Monday) for weekly digests
    ("draft_round_closing", 7, None),
    ("draft_round_closing", 1, None),
    ("information_unanswered", 7, None),
    ("officer_digest", 10, None),
    ("councillor_digest", 5, 0),
]


def seed(apps, schema_editor):
    ReminderRule = apps.get_model("grants", "ReminderRule")
    for kind, days, weekday in DEFAULTS:
        ReminderRule.objects.get_or_create(
            kind=kind, days=days, defaults={"weekday": weekday, "send_from": dt.time(8, 0), "enabled": True}
        )


def unseed(apps, schema_editor):
    ReminderRule = apps.get_model("grants", "ReminderRule")
    for kind, days, _ in DEFAULTS:
        ReminderRule.objects.filter(kind=kind, days=days).delete()


class Migration(migrations.Migration):
    dependencies = [("grants", "0006_reminder_rules_and_sent_reminders")]

    operations = [migrations.RunPython(seed, unseed)]
