"""Grants' demo data for `seed_demo` (kbt/demo): the fund, both strands, wards, people, organisations and
about forty applications in every status, each walked there through the real workflow service so the
ledger agrees with the approvals. Running it again changes nothing."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from grants import services
from grants.demo_reports import promise, sign_off
from grants.financial_year import financial_year_of
from grants.models import (
    Application,
    BudgetLine,
    Councillor,
    Criterion,
    Document,
    Fund,
    Membership,
    Organisation,
    Priority,
    Round,
    Status,
    Strand,
    Ward,
    WardPot,
)
from grants.offer_demo import offer_move
from grants.wards import ward_codes
from grants.workflow import Role, path_from_draft
from kbt.accounts.models import ADMINISTRATOR_GROUP, OFFICER_GROUP, PANEL_GROUP
from kbt.demo.users import demo_user

PRIORITIES = [
    "Accelerating business growth, new jobs and housing",
    "Providing high quality and sustainable adult social care",
    "Maximising the council's contribution to education in Knowsley",
    "Creating a sustainable borough",
    "Maximising the council's contribution to the health and wellbeing of Knowsley residents",
]
WARDS = [
    "Cherryfield", "Halewood North", "Halewood South", "Halewood West", "Kirkby Central", "Longview",
    "Northwood", "Page Moss", "Park", "Prescot East", "Prescot West", "Roby", "St Bartholomews",
    "St Gabriels", "St Michaels", "Shevington", "Stockbridge", "Swanside", "Whiston North",
    "Whiston South", "Whitefield",
]  # fmt: skip
COUNCILLOR_NAMES = [
    "Alex", "Bernie", "Carol", "Dave", "Eileen", "Frank", "Gill", "Harry", "Irene", "Joe", "Kath", "Len",
]  # fmt: skip
CRITERIA = {
    "ENV": [("Need", 25), ("Outcomes", 20), ("Deliverability", 20), ("Value for money", 20),
            ("Working with the ward", 15)],
    "PRI": [("Need", 20), ("Outcomes", 20), ("Deliverability", 15), ("Value for money", 15), ("Sustainability", 15),
            ("Fit with the priorities", 15)],
}  # fmt: skip
ORGANISATIONS = [
    ("Friends of Stadt Moers Park", Organisation.Type.COMMUNITY_GROUP, "", "", "Whiston North", "L35 3SE"),
    ("Kirkby Tidy Streets", Organisation.Type.COMMUNITY_GROUP, "", "", "Kirkby Central", "L32 8RR"),
    ("Halewood Youth in Action", Organisation.Type.REGISTERED_CHARITY, "1104567", "", "Halewood South", "L26 0TR"),
    ("Knowsley Dementia Friends", Organisation.Type.CIO, "1178901", "", "Roby", "L36 4HP"),
    ("Prescot Community Kitchen", Organisation.Type.CIC, "", "11223344", "Prescot East", "L34 5QA"),
    ("Huyton Faith Forum", Organisation.Type.FAITH_GROUP, "", "", "Page Moss", "L36 6EA"),
    ("Stockbridge Village Trust", Organisation.Type.CLG, "", "04567890", "Stockbridge", "L28 1AB"),
    ("Northwood Growers", Organisation.Type.CBS, "", "", "Northwood", "L33 6UA"),
    ("Whitefield Walkers", Organisation.Type.COMMUNITY_GROUP, "", "", "Whitefield", "L33 1RH"),
    ("Shevington Carers Network", Organisation.Type.REGISTERED_CHARITY, "1145678", "", "Shevington", "L33 0XJ"),
]
PROJECTS = {
    "ENV": ["Wildflower verges", "Alleyway clean-up", "Community orchard", "Pond restoration", "Bulb planting",
            "Bench and bin renewal", "Litter-pick kit library", "Hedgerow planting", "Mural on the underpass",
            "School garden beds"],
    "PRI": ["Digital skills for jobseekers", "Carers' respite breaks", "Homework club", "Repair café",
            "Dementia-friendly walks", "Apprentice mentoring", "Warm spaces", "Youth sports leaders",
            "Healthy cooking classes", "Befriending calls"],
}  # fmt: skip


def seed_grants() -> int:
    """Creates what does not exist yet and returns how many applications it made."""
    env, pri = _strands()
    priorities = [
        Priority.objects.get_or_create(number=n, defaults={"name": name})[0]
        for n, name in enumerate(PRIORITIES, start=1)
    ]
    wards = _wards_and_councillors(env)
    officer = demo_user("officer@knowsley.example", "Olivia Officer", groups=[OFFICER_GROUP], staff=True)
    demo_user("officer2@knowsley.example", "Oscar Officer", groups=[OFFICER_GROUP], staff=True)
    panel = demo_user("panel@knowsley.example", "Pat Panel", groups=[PANEL_GROUP], staff=True)
    demo_user("admin@knowsley.example", "Ada Administrator", groups=[ADMINISTRATOR_GROUP], staff=True)
    organisations = _organisations(wards)

    # Every status a bid reaches by the usual path ("councillors split" needs the majority rule).
    statuses = [status for status in Status if status != Status.COUNCILLORS_SPLIT]
    created = 0
    for strand in (env, pri):
        round_ = strand.rounds.get(name="Round 1")
        for index, title in enumerate(PROJECTS[strand.code] * 2):
            status = statuses[index % len(statuses)]
            organisation, lead = organisations[(index + (3 if strand is pri else 0)) % len(organisations)]
            title = f"{title} {index // len(PROJECTS[strand.code]) + 1}"
            if Application.objects.filter(organisation=organisation, title=title).exists():
                continue
            _application(strand, round_, organisation, lead, title, index, status, priorities, officer, panel)
            created += 1
    created += _longview_bids(env, wards["Longview"], priorities, officer, panel)
    created += _offer_for_the_demo_applicant(env, organisations[0], priorities, officer, panel)
    created += _applicant_grant(env, organisations[0], priorities, officer, panel)
    return created


def _strands():
    """The fund, its two strands, their criteria and an open Round 1 each."""
    today = timezone.localdate()
    fund, _ = Fund.objects.get_or_create(
        name="Knowsley Better Together social sector fund", defaults={"total": Decimal("1000000.00")}
    )
    env, _ = Strand.objects.get_or_create(
        code="ENV",
        defaults=dict(
            fund=fund,
            name="Environmental improvements",
            slug="environmental-improvements",
            kind=Strand.Kind.ENVIRONMENTAL,
            description="Local groups working with their ward councillors to improve the environment in one ward.",
            budget=Decimal("300000.00"),
            minimum_award=Decimal("250.00"),
            maximum_award=Decimal("5000.00"),
            maximum_duration_months=12,
            core_cost_cap_percent=10,
            councillors_decide=True,
        ),
    )
    pri, _ = Strand.objects.get_or_create(
        code="PRI",
        defaults=dict(
            fund=fund,
            name="Council priorities",
            slug="council-priorities",
            kind=Strand.Kind.PRIORITIES,
            description="Projects over up to three years that support one or more of the council's five priorities.",
            budget=Decimal("700000.00"),
            minimum_award=Decimal("1000.00"),
            maximum_award=Decimal("25000.00"),
            maximum_duration_months=36,
            core_cost_cap_percent=20,
            councillors_decide=False,
        ),
    )
    for strand in (env, pri):
        for order, (name, weight) in enumerate(CRITERIA[strand.code]):
            Criterion.objects.get_or_create(strand=strand, name=name, defaults={"weight": weight, "order": order})
        start = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=60), dt.time(9)))
        Round.objects.get_or_create(
            strand=strand, name="Round 1", defaults={"opens_at": start, "closes_at": start + dt.timedelta(days=180)}
        )
    return env, pri


def _wards_and_councillors(env) -> dict:
    """Every ward, its pot in the environmental strand, and three councillors each."""
    wards = {}
    for index, name in enumerate(WARDS):
        code = ward_codes().get(name, "")
        ward, _ = Ward.objects.get_or_create(name=name, defaults={"slug": slugify(name), "code": code})
        if not ward.code and code:
            Ward.objects.filter(pk=ward.pk).update(code=code)
        wards[name] = ward
        WardPot.objects.get_or_create(strand=env, ward=ward, defaults={"budget": Decimal("14000.00")})
        for n in (1, 2, 3):
            first = COUNCILLOR_NAMES[(index + n) % len(COUNCILLOR_NAMES)]
            user = demo_user(f"cllr.{ward.slug}.{n}@knowsley.example", f"{first} {name.split()[0]}son")
            record, _ = Councillor.objects.get_or_create(user=user)
            record.wards.add(ward)
    return wards


def _organisations(wards) -> list:
    """The groups, each with its lead (and some with a volunteer): [(organisation, lead), ...]."""
    organisations = []
    for number, (name, org_type, charity, company, ward_name, postcode) in enumerate(ORGANISATIONS):
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults=dict(
                org_type=org_type,
                charity_number=charity,
                company_number=company,
                address_line_1=f"{number + 1} Community Road",
                town="Knowsley",
                postcode=postcode,
                ward=wards[ward_name],
                annual_income=Decimal(8000 + number * 4500),
                date_established=dt.date(2005 + number, 4, 1),
            ),
        )
        email = "applicant@example.org" if number == 0 else f"{slugify(name)}@example.org"
        lead = demo_user(email, f"{name.split()[0]} Lead")
        Membership.objects.get_or_create(
            organisation=organisation, user=lead, defaults={"role": Membership.Role.LEAD, "can_sign": True}
        )
        if number % 3 == 0:
            helper = demo_user(f"volunteer.{slugify(name)}@example.org", f"{name.split()[-1]} Volunteer")
            Membership.objects.get_or_create(organisation=organisation, user=helper)
        organisations.append((organisation, lead))
    return organisations


def _longview_bids(env, ward, priorities, officer, panel) -> int:
    """Two bids awaiting the demo councillor's decision (cllr.longview.1), in the Longview ward pot."""
    organisation, _ = Organisation.objects.get_or_create(
        name="Longview Green Neighbours",
        defaults=dict(
            org_type=Organisation.Type.COMMUNITY_GROUP,
            address_line_1="11 Community Road",
            town="Huyton",
            postcode="L36 5YR",
            ward=ward,
            annual_income=Decimal("6500.00"),
            date_established=dt.date(2018, 4, 1),
        ),
    )
    lead = demo_user("longview-green-neighbours@example.org", "Lorna Lead")
    Membership.objects.get_or_create(
        organisation=organisation, user=lead, defaults={"role": Membership.Role.LEAD, "can_sign": True}
    )
    created = 0
    for index, title in ((4, "Longview Drive planters"), (7, "Sawpit Park clean-up days")):
        if Application.objects.filter(organisation=organisation, title=title).exists():
            continue
        round_ = env.rounds.get(name="Round 1")
        _application(
            env, round_, organisation, lead, title, index, Status.AWAITING_DECISION, priorities, officer, panel
        )
        created += 1
    return created


def _offer_for_the_demo_applicant(env, organisation_and_lead, priorities, officer, panel) -> int:
    """A grant offer waiting for the demo applicant (applicant@example.org) to accept."""
    organisation, lead = organisation_and_lead
    title = "Wildflower meadow in the park"
    if Application.objects.filter(organisation=organisation, title=title).exists():
        return 0
    round_ = env.rounds.get(name="Round 1")
    _application(env, round_, organisation, lead, title, 6, Status.OFFER_ISSUED, priorities, officer, panel)
    return 1


def _applicant_grant(env, organisation_and_lead, priorities, officer, panel) -> int:
    """A running grant for the demo applicant's group, so its sign-in shows a report to write."""
    organisation, lead = organisation_and_lead
    title = "Stadt Moers Park bulb planting"
    if Application.objects.filter(organisation=organisation, title=title).exists():
        return 0
    round_ = env.rounds.get(name="Round 1")
    _application(env, round_, organisation, lead, title, 2, Status.GRANT_ACTIVE, priorities, officer, panel)
    return 1


def _application(strand, round_, organisation, lead, title, index, status, priorities, officer, panel):
    """A complete draft, walked to `status` by whoever the table says may make each move."""
    step = Decimal("250.00") if strand.code == "ENV" else Decimal("1500.00")
    amount = strand.minimum_award + step * (index % 10)
    application = _draft(strand, round_, organisation, lead, title, index, amount, priorities)
    people = {Role.APPLICANT: lead, Role.OFFICER: officer, Role.PANEL: panel}
    if strand.councillors_decide:
        people[Role.COUNCILLOR] = organisation.ward.councillors.select_related("user").order_by("user__email")[0].user
    for move in path_from_draft(status, councillors_decide=strand.councillors_decide):
        # Whoever the table says may make the move.
        actor = next(person for role, person in people.items() if role in move.roles)
        if move.action in ("recommend", "not_recommend"):
            _assess(application, officer, score=4 if move.action == "recommend" else 2)
        if offer_move(application, move, actor, officer, index):
            continue
        amount_for_move = None
        if move.needs_amount:
            # Some awards are trimmed, as happens in real decisions.
            amount_for_move = amount if index % 3 else (amount * Decimal("0.8")).quantize(Decimal("0.01"))
        if move.action == "complete":
            sign_off(application, applicant=lead, officer=officer)
        services.application_transition(
            application=application,
            action=move.action,
            actor=actor,
            reason=DEMO_REASONS.get(move.action, "Recorded for the demo.") if move.needs_reason else "",
            amount=amount_for_move,
            minute_reference=f"KBT-PANEL/{timezone.localdate():%Y}/{index + 1}" if move.needs_minute_reference else "",
        )


def _draft(strand, round_, organisation, lead, title, index, amount, priorities):
    """A draft with every section filled in, its documents and a two-line budget."""
    start = timezone.localdate() + dt.timedelta(days=60)
    application = services.application_create(
        organisation=organisation,
        round=round_,
        title=title,
        created_by=lead,
        summary=f"{organisation.name} will run {title.lower()} for local people.",
        public_summary=f"{organisation.name} runs {title.lower()} for people in Knowsley.",
        ward=organisation.ward if strand.kind == Strand.Kind.ENVIRONMENTAL else None,
        amount_requested=amount,
        start_date=start,
        end_date=start + dt.timedelta(days=300 if strand.code == "ENV" else 700),
        outcomes="More people taking part, a better-kept neighbourhood and new volunteers.",
        beneficiaries_count=50 + index * 15,
        beneficiaries_description="Residents of all ages",
        works_with_people_at_risk=False,
    )
    for kind in services.required_document_kinds(application):
        Document.objects.create(
            application=application,
            kind=kind,
            file=ContentFile(DEMO_PDF, name=f"{kind}.pdf"),
            original_name=f"{Document.Kind(kind).label}.pdf",
            content_type="application/pdf",
            size=len(DEMO_PDF),
            uploaded_by=lead,
        )
    if strand.kind == Strand.Kind.PRIORITIES:
        application.priorities.add(priorities[index % 5], priorities[(index + 2) % 5])
    promise(application, index)
    first_year = financial_year_of(start)
    project_share = (amount * Decimal("0.9")).quantize(Decimal("0.01"))
    BudgetLine.objects.create(
        application=application, item="Materials and equipment", cost=project_share, financial_year=first_year
    )
    BudgetLine.objects.create(
        application=application,
        item="Volunteer expenses",
        cost=amount - project_share,
        financial_year=first_year,
        cost_type=BudgetLine.CostType.CORE,
    )
    return application


def _assess(application, officer, *, score: int):
    """The officer's assessment a recommendation needs: no interest, the checks passed, each
    criterion scored."""
    services.conflict_declare(application=application, officer=officer, has_conflict=False)
    services.assessment_save(
        application=application,
        assessor=officer,
        scores={criterion.pk: (score, "Scored for the demo.") for criterion in application.strand.criteria.all()},
        governance="pass",
        finance="pass",
        safeguarding="pass",
        comments="A well-run group with a clear plan." if score >= 3 else "The benefit to residents is unclear.",
        recommended_amount=application.amount_requested,
        recommendation="recommended" if score >= 3 else "not_recommended",
    )


# The smallest well-formed PDF: a stand-in for the groups' documents in the demo.
DEMO_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

DEMO_REASONS = {
    "withdraw": "Our group found other funding for this project.",
    "request_info": "Please send a quote for the largest item in your budget.",
    "not_recommend": "The project does not show enough benefit for local residents.",
    "decline": "The ward's councillors have funded a similar project nearby this year.",
    "withdraw_grant": "The group did not accept the offer in time.",
}
