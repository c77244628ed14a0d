"""The measures targets count, the deals settings row, and the default timings of the two target reminders. Officers change both
in admin."""

import datetime as dt

from django.db import migrations

MEASURES = [
    ("jobs-created", "jobs created"),
    ("apprenticeships", "apprenticeships"),
    ("businesses-engaged", "businesses engaged"),
    ("young-people-supported", "young people supported"),
    ("work-experience-placements", "work-experience placements"),
    ("volunteers", "volunteers"),
]
REMINDERS = [("target_update_wanted", 30), ("partner_updates_waiting", 2)]


def seed(apps, schema_editor):
    Measure = apps.get_model("deals", "Measure")
    for slug, name in MEASURES:
        Measure.objects.get_or_create(slug=slug, defaults={"name": name})
    apps.get_model("deals", "DealsSettings").objects.get_or_create(pk=1)
    ReminderRule = apps.get_model("grants", "ReminderRule")
    for kind, days in REMINDERS:
        ReminderRule.objects.get_or_create(kind=kind, days=days, defaults={"send_from": dt.time(8, 0)})


def unseed(apps, schema_editor):
    apps.get_model("deals", "Measure").objects.filter(slug__in=[slug for slug, _ in MEASURES]).delete()
    ReminderRule = apps.get_model("grants", "ReminderRule")
    for kind, days in REMINDERS:
        ReminderRule.objects.filter(kind=kind, days=days).delete()


class Migration(migrations.Migration):
    dependencies = [("deals", "0004_targets_updates_asks_invitations")]

    operations = [migrations.RunPython(seed, unseed)]
