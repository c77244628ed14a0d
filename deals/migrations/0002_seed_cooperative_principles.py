"""Knowsley's seven co-operative principles, as data officers can edit."""

from django.db import migrations

PRINCIPLES = [
    (1, "community-leader", "Be a strong community leader and always champion Knowsley"),
    (2, "partnerships", "Build better partnerships and work with others co-operatively"),
    (3, "listen", "Listen to the community when making decisions"),
    (4, "social-value", "Spend, invest and recruit locally to build social value"),
    (5, "independence", "Help people to be independent, doing more for themselves and each other"),
    (6, "prevention", "Prevent problems occurring or stop them getting worse"),
    (7, "best-outcomes", "Use the best way of delivering services that leads to improved outcomes"),
]


def seed_principles(apps, schema_editor):
    Principle = apps.get_model("deals", "Principle")
    for number, slug, name in PRINCIPLES:
        Principle.objects.get_or_create(number=number, defaults={"slug": slug, "name": name})


def remove_principles(apps, schema_editor):
    Principle = apps.get_model("deals", "Principle")
    Principle.objects.filter(number__in=[number for number, _, _ in PRINCIPLES], deals__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("deals", "0001_deals_parties_commitments_progress")]

    operations = [migrations.RunPython(seed_principles, remove_principles)]
