"""The outcome measures seeded for each strand. The data migration 0013_seed_outcome_measures keeps its
own copy, as migrations must; this one restores them after a test flush or on a fresh demo. Officers
edit them in admin (Outcome measures)."""

# slug, name, priority number (None for the environmental strand), order
ENVIRONMENTAL = [
    ("env-volunteers", "volunteers taking part", None, 1),
    ("env-volunteer-hours", "volunteer hours", None, 2),
    ("env-events", "events held", None, 3),
    ("env-trees-bulbs", "trees or bulbs planted", None, 4),
    ("env-square-metres", "square metres improved", None, 5),
    ("env-litter-bags", "bags of litter collected", None, 6),
]
PRIORITIES = [
    ("pri-into-work", "people helped into work", 1, 1),
    ("pri-apprenticeships", "apprenticeships", 1, 2),
    ("pri-new-businesses", "businesses supported", 1, 3),
    ("pri-independent-living", "adults supported to live independently", 2, 1),
    ("pri-carers", "carers supported", 2, 2),
    ("pri-young-people", "young people reached", 3, 1),
    ("pri-qualifications", "people gaining a qualification", 3, 2),
    ("pri-green-homes", "homes helped to save energy", 4, 1),
    ("pri-health-activities", "residents taking part in health activities", 5, 1),
    ("pri-lonely", "people less isolated", 5, 2),
]
MEASURES = [("environmental", *m) for m in ENVIRONMENTAL] + [("priorities", *m) for m in PRIORITIES]


def ensure_outcome_measures(OutcomeMeasure=None) -> int:
    """Creates any seeded measure that is missing (by slug); changes none that exist. Returns how many
    it made. Pass the migration's historical model, or none for the real one."""
    if OutcomeMeasure is None:
        from .models import OutcomeMeasure
    made = 0
    for kind, slug, name, priority, order in MEASURES:
        _, created = OutcomeMeasure.objects.get_or_create(
            slug=slug, defaults={"strand_kind": kind, "name": name, "priority_number": priority, "order": order}
        )
        made += created
    return made
