"""Knowsley's seven co-operative principles, as DESIGN.md gives them. The data migration
0002_seed_cooperative_principles keeps its own copy, as migrations must; this one is for code that
restores them after a test flush or on a fresh demo."""

PRINCIPLES = [
    (1, "community-leader", "Be a strong community leader and always champion Knowsley"),
    (2, "partnerships", "Build better partnerships and work with others co-operatively"),
    (3, "listen", "Listen to the community when making decisions"),
    (4, "social-value", "Spend, invest and recruit locally to build social value"),
    (5, "independence", "Help people to be independent, doing more for themselves and each other"),
    (6, "prevention", "Prevent problems occurring or stop them getting worse"),
    (7, "best-outcomes", "Use the best way of delivering services that leads to improved outcomes"),
]


def ensure_principles():
    """Creates any of the seven principles that are missing; changes none that exist."""
    from .models import Principle

    for number, slug, name in PRINCIPLES:
        Principle.objects.get_or_create(number=number, defaults={"slug": slug, "name": name})


MEASURES = [
    ("jobs-created", "jobs created"),
    ("apprenticeships", "apprenticeships"),
    ("businesses-engaged", "businesses engaged"),
    ("young-people-supported", "young people supported"),
    ("work-experience-placements", "work-experience placements"),
    ("volunteers", "volunteers"),
]


def ensure_measures():
    """Creates any of the seeded measures that are missing (a copy of migration 0005's, as for principles)."""
    from .models import Measure

    for slug, name in MEASURES:
        Measure.objects.get_or_create(slug=slug, defaults={"name": name})
    return {m.slug: m for m in Measure.objects.all()}
