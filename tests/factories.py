"""Test data. `application_at(status)` walks an application there through the real workflow service."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from grants import services
from grants.demo_reports import sign_off
from grants.models import (
    BudgetLine,
    Councillor,
    Document,
    Fund,
    Membership,
    Offer,
    Organisation,
    Priority,
    Round,
    Status,
    Strand,
    Ward,
    WardPot,
)
from grants.services import offers
from grants.services.offer_rules import DECLARATIONS
from grants.workflow import path_from_draft
from kbt.accounts.models import ADMINISTRATOR_GROUP, OFFICER_GROUP, PANEL_GROUP, User
from tests.grants.admin_factories import assessed


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    email_verified = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def officer(**kwargs) -> User:
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=OFFICER_GROUP))
    return user


def panel_member(**kwargs) -> User:
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=PANEL_GROUP))
    return user


def administrator(**kwargs) -> User:
    """A member of the Administrators group: changes roles, may look at drafts (each look audited)."""
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get_or_create(name=ADMINISTRATOR_GROUP)[0])
    return user


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ("name",)

    name = "Knowsley Better Together social sector fund"
    total = Decimal("1000000.00")


class StrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strand
        django_get_or_create = ("code",)

    fund = factory.SubFactory(FundFactory)
    name = "Environmental improvements"
    slug = factory.LazyAttribute(lambda o: o.code.lower())
    code = "ENV"
    kind = Strand.Kind.ENVIRONMENTAL
    budget = Decimal("300000.00")
    minimum_award = Decimal("500.00")
    maximum_award = Decimal("10000.00")
    maximum_duration_months = 12
    councillors_decide = True


def priorities_strand(**kwargs) -> Strand:
    defaults = dict(
        name="Council priorities",
        code="PRI",
        kind=Strand.Kind.PRIORITIES,
        budget=Decimal("700000.00"),
        minimum_award=Decimal("1000.00"),
        maximum_award=Decimal("50000.00"),
        maximum_duration_months=36,
        core_cost_cap_percent=20,
        councillors_decide=False,
    )
    return StrandFactory(**{**defaults, **kwargs})


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    strand = factory.SubFactory(StrandFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Priority {o.number}")


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Ward {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class WardPotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WardPot

    strand = factory.SubFactory(StrandFactory)
    ward = factory.SubFactory(WardFactory)
    budget = Decimal("14000.00")


def councillor(ward: Ward, **kwargs) -> Councillor:
    record = Councillor.objects.create(user=UserFactory(**kwargs))
    record.wards.add(ward)
    return record


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Community Group {n}")
    org_type = Organisation.Type.COMMUNITY_GROUP
    address_line_1 = "1 Archway Road"
    town = "Huyton"
    postcode = "L36 9YU"
    ward = factory.SubFactory(WardFactory)
    annual_income = Decimal("12000.00")
    date_established = dt.date(2015, 4, 1)


def member_of(organisation: Organisation, *, can_sign: bool = True, **kwargs) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.LEAD, can_sign=can_sign)
    return user


def draft(
    *, strand: Strand | None = None, organisation=None, applicant=None, amount="5000.00", documents=True, **fields
):
    """A complete draft, ready to send: budget lines add up, dates and amount within the strand's limits,
    and (unless `documents=False`) the documents it needs are uploaded."""
    strand = strand or StrandFactory()
    round_ = Round.objects.open().filter(strand=strand).first() or RoundFactory(strand=strand)
    organisation = organisation or OrganisationFactory()
    applicant = applicant or member_of(organisation)
    amount = Decimal(amount)
    defaults = dict(
        summary="Planting and litter picks",
        amount_requested=amount,
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2027, 6, 30),
        outcomes="A cleaner, greener park",
        beneficiaries_count=200,
        beneficiaries_description="Families living near the park",
        works_with_people_at_risk=False,
    )
    if strand.kind == Strand.Kind.ENVIRONMENTAL:
        defaults["ward"] = organisation.ward
    application = services.application_create(
        organisation=organisation,
        round=round_,
        title=fields.pop("title", "Greening the park"),
        created_by=applicant,
        **{**defaults, **fields},
    )
    if strand.kind == Strand.Kind.PRIORITIES:
        application.priorities.add(PriorityFactory(number=1))
    BudgetLine.objects.create(application=application, item="Plants and tools", cost=amount, financial_year=2026)
    if documents:
        attach_required_documents(application, applicant)
    application.applicant = applicant
    return application


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def attach_required_documents(application, uploaded_by):
    """The documents sending needs (governing document, accounts, bank statement, and a safeguarding
    policy when the project works with people at risk), as small PDFs in the test's private storage."""
    for kind in services.required_document_kinds(application):
        Document.objects.create(
            application=application,
            kind=kind,
            file=ContentFile(PDF, name=f"{kind}.pdf"),
            original_name=f"{kind}.pdf",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_by=uploaded_by,
        )


class Cast:
    """One person for each role on one application."""

    def __init__(self, application):
        self.applicant = application.applicant
        self.officer = officer()
        self.panel = panel_member()
        ward = application.ward or WardFactory()
        self.councillor = councillor(ward).user
        self.stranger = UserFactory()

    def actor_for(self, action: str, application) -> User | None:
        if action == "refer_split":
            return None  # the portal's own move, on a timer
        if action in ("submit", "withdraw", "answer_info", "accept_offer", "decline_offer"):
            return application.applicant
        if action in ("approve", "decline"):
            return self.councillor if application.strand.councillors_decide else self.panel
        if action == "decline_after_approval":
            return self.panel
        return self.officer


def decision_fields(application) -> dict:
    """What the table asks of a decision besides the amount: the panel's rows need a reason and the
    meeting's minute reference; a councillor's approval needs neither."""
    if application.strand.councillors_decide:
        return {}
    return {"reason": "Agreed at the panel meeting", "minute_reference": "PAN/2026/1"}


def application_at(status: Status, *, cast: Cast | None = None, **draft_fields):
    application = draft(**draft_fields)
    cast = cast or Cast(application)
    for move in path_from_draft(status, councillors_decide=application.strand.councillors_decide):
        if move.action in ("recommend", "not_recommend"):
            assessed(application, cast.officer)  # an officer recommends only an assessed bid
        if move.action == "accept_offer":
            accept(application, cast.actor_for(move.action, application))
            continue
        before_move(application, move.action)
        if move.action == "complete":
            sign_off(application, applicant=application.applicant, officer=cast.officer)
        if move.action == "refer_split":
            split_votes(application, cast)
        services.application_transition(
            application=application,
            action=move.action,
            actor=cast.actor_for(move.action, application),
            reason="Because" if move.needs_reason else "",
            amount=application.amount_requested if move.needs_amount else None,
            minute_reference="PAN/2026/1" if move.needs_minute_reference else "",
        )
    application.cast = cast
    return application


BANK = {"account_name": None, "sort_code": "30-94-30", "account_number": "12345678", "roll_number": ""}


def before_move(application, action: str):
    """What a move needs that the table does not carry: an offer can only expire once past its date."""
    if action == "expire_offer":
        Offer.objects.filter(application=application, is_current=True).update(
            expires_on=dt.date.today() - dt.timedelta(days=1)
        )


def accept(application, actor, **bank):
    """A signatory accepts the offer with bank details in the organisation's own name."""
    return offers.offer_accept(
        application=application,
        actor=actor,
        full_name=actor.get_full_name() or "Sam Signer",
        position="Treasurer",
        declarations=[key for key, _ in DECLARATIONS],
        bank={**BANK, "account_name": application.organisation.name, **bank},
    )


def split_votes(application, cast: Cast, *, days_ago: int = 15) -> None:
    """Make a bid awaiting a decision deadlocked under the majority rule: its strand takes the majority
    rule, a second councillor joins the ward, one approves and the other declines, `days_ago` days ago."""
    from grants.models import CouncillorVote

    Strand.objects.filter(pk=application.strand_id).update(decision_rule=Strand.DecisionRule.MAJORITY)
    application.strand.refresh_from_db()
    other = councillor(application.ward)
    first = Councillor.objects.get(user=cast.councillor)
    CouncillorVote.objects.create(
        application=application, councillor=first, decision="approve", amount=application.amount_requested
    )
    CouncillorVote.objects.create(application=application, councillor=other, decision="decline", reason="Too costly")
    CouncillorVote.objects.filter(application=application).update(
        created_at=timezone.now() - dt.timedelta(days=days_ago)
    )
