"""The demo's published grants (issue 15), for `seed_demo`: environmental grants in every one of the 21
wards (one to three each, so the map has light and dark wards) and more council priorities grants, each
walked to "grant active" through the real workflow by grants.demo's helper; one group's postcode and one
grant kept off the register by an officer, with the reason. Running it again changes nothing."""

import datetime as dt
from decimal import Decimal

from django.utils.text import slugify

from grants.demo import _application
from grants.models import Application, Membership, Organisation, Priority, Status, Strand, Ward
from grants.services.publication import grant_withhold, postcode_withhold
from kbt.accounts.models import User
from kbt.demo.users import demo_user

ENV_TITLES = ["Tree planting on the green", "Planters for the parade", "Litter-pick days", "Wildlife garden"]
PRI_TITLES = [
    ("Huyton Faith Forum", "Food club for families"),
    ("Stockbridge Village Trust", "Job clubs in the village"),
    ("Northwood Growers", "Growing food with schools"),
    ("Whitefield Walkers", "Walks for people with long-term illness"),
    ("Shevington Carers Network", "Carers' drop-in"),
    ("Knowsley Dementia Friends", "Memory cafés"),
]
REFUGE = "Knowsley Safe Haven"


def seed_register() -> int:
    """Creates the demo's published grants that do not exist yet and returns how many it made."""
    env, pri = Strand.objects.get(code="ENV"), Strand.objects.get(code="PRI")
    priorities = list(Priority.objects.order_by("number"))
    officer = User.objects.get(email="officer@knowsley.example")  # made by grants.demo.seed_grants
    panel = User.objects.get(email="panel@knowsley.example")
    created = 0
    for number, ward in enumerate(Ward.objects.order_by("name")):
        organisation, lead = _ward_group(ward, number)
        for index in range(number % 3 + 1):
            title = f"{ENV_TITLES[(number + index) % len(ENV_TITLES)]} in {ward.name}"
            created += _published(env, organisation, lead, title, number + index * 3, priorities, officer, panel)
    for number, (name, title) in enumerate(PRI_TITLES):
        organisation = Organisation.objects.get(name=name)
        lead = organisation.memberships.filter(role=Membership.Role.LEAD).select_related("user").first().user
        created += _published(pri, organisation, lead, title, number + 2, priorities, officer, panel)
    created += _refuge(pri, priorities, officer, panel)
    return created


def _ward_group(ward, number):
    organisation, _ = Organisation.objects.get_or_create(
        name=f"{ward.name} in Bloom",
        defaults=dict(
            org_type=Organisation.Type.COMMUNITY_GROUP,
            address_line_1=f"{number + 20} Community Road",
            town="Knowsley",
            postcode="L36 9YU",
            ward=ward,
            annual_income=Decimal(3000 + number * 250),
            date_established=dt.date(2010 + number % 10, 4, 1),
        ),
    )
    lead = demo_user(f"{slugify(organisation.name)}@example.org", f"{ward.name.split()[0]} Bloom Lead")
    Membership.objects.get_or_create(organisation=organisation, user=lead, defaults={"role": Membership.Role.LEAD})
    return organisation, lead


def _published(strand, organisation, lead, title, index, priorities, officer, panel) -> int:
    if Application.objects.filter(organisation=organisation, title=title).exists():
        return 0
    round_ = strand.rounds.get(name="Round 1")
    _application(strand, round_, organisation, lead, title, index, Status.GRANT_ACTIVE, priorities, officer, panel)
    return 1


def _refuge(pri, priorities, officer, panel) -> int:
    """A refuge whose address must stay private: its postcode and one of its grants kept off the register."""
    ward = Ward.objects.get(name="Park")
    organisation, made = Organisation.objects.get_or_create(
        name=REFUGE,
        defaults=dict(
            org_type=Organisation.Type.REGISTERED_CHARITY,
            charity_number="1187654",
            address_line_1="A private address",
            town="Knowsley",
            postcode="L34 1AA",
            ward=ward,
            annual_income=Decimal("85000.00"),
            date_established=dt.date(2001, 4, 1),
        ),
    )
    lead = demo_user("safe-haven@example.org", "Sam Haven")
    Membership.objects.get_or_create(organisation=organisation, user=lead, defaults={"role": Membership.Role.LEAD})
    if made:
        postcode_withhold(organisation, reason="A refuge: where it is must stay private.", actor=officer)
    created = _published(pri, organisation, lead, "Counselling for survivors", 5, priorities, officer, panel)
    created += _published(pri, organisation, lead, "Safe housing support", 6, priorities, officer, panel)
    grant = Application.objects.get(organisation=organisation, title="Safe housing support")
    if not grant.withheld:
        grant_withhold(grant, reason="The project's details would show where the refuge is.", actor=officer)
    return created
