"""The issue's outcome measures and the report reminders' default timings. Officers change both in
admin; this only seeds them (a copy of grants/outcome_measures.py, as migrations must keep their own)."""

import datetime as dt

from django.db import migrations

MEASURES = [
    ("environmental", "env-volunteers", "volunteers taking part", None, 1),
    ("environmental", "env-volunteer-hours", "volunteer hours", None, 2),
    ("environmental", "env-events", "events held", None, 3),
    ("environmental", "env-trees-bulbs", "trees or bulbs planted", None, 4),
    ("environmental", "env-square-metres", "square metres improved", None, 5),
    ("environmental", "env-litter-bags", "bags of litter collected", None, 6),
    ("priorities", "pri-into-work", "people helped into work", 1, 1),
    ("priorities", "pri-apprenticeships", "apprenticeships", 1, 2),
    ("priorities", "pri-new-businesses", "businesses supported", 1, 3),
    ("priorities", "pri-independent-living", "adults supported to live independently", 2, 1),
    ("priorities", "pri-carers", "carers supported", 2, 2),
    ("priorities", "pri-young-people", "young people reached", 3, 1),
    ("priorities", "pri-qualifications", "people gaining a qualification", 3, 2),
    ("priorities", "pri-green-homes", "homes helped to save energy", 4, 1),
    ("priorities", "pri-health-activities", "residents taking part in health activities", 5, 1),
    ("priorities", "pri-lonely", "people less isolated", 5, 2),
]
TIMINGS = [
    # kind, days, weekday
    ("report_due", 14, None),
    ("report_due", 0, None),
    ("report_overdue", 7, None),
]


def seed(apps, schema_editor):
    OutcomeMeasure = apps.get_model("grants", "OutcomeMeasure")
    for kind, slug, name, priority, order in MEASURES:
        OutcomeMeasure.objects.get_or_create(
            slug=slug, defaults={"strand_kind": kind, "name": name, "priority_number": priority, "order": order}
        )
    ReminderRule = apps.get_model("grants", "ReminderRule")
    for kind, days, weekday in TIMINGS:
        ReminderRule.objects.get_or_create(
            kind=kind, days=days, defaults={"weekday": weekday, "send_from": dt.time(8, 0), "enabled": True}
        )


def unseed(apps, schema_editor):
    apps.get_model("grants", "OutcomeMeasure").objects.filter(slug__in=[m[1] for m in MEASURES]).delete()
    ReminderRule = apps.get_model("grants", "ReminderRule")
    for kind, days, _ in TIMINGS:
        ReminderRule.objects.filter(kind=kind, days=days).delete()


class Migration(migrations.Migration):
    dependencies = [("grants", "0012_reports_and_outcomes")]

    operations = [migrations.RunPython(seed, unseed)]
