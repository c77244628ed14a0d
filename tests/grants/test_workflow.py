"""Every move in the transition table: allowed for its roles, refused for every other, and refused from
every status it does not start from. A refused move changes nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from grants import services
from grants.demo_reports import sign_off
from grants.models import Application, Status, StatusChange
from grants.workflow import TRANSITIONS, Decider, Role, available_actions
from tests.factories import Cast, accept, application_at, before_move, priorities_strand
from tests.grants.admin_factories import assessed

pytestmark = pytest.mark.django_db

ROLE_PEOPLE = {Role.APPLICANT: "applicant", Role.OFFICER: "officer", Role.PANEL: "panel", Role.COUNCILLOR: "councillor"}
CASES = [
    pytest.param(t, source, id=f"{t.action}-from-{source}-{t.only_when or 'any'}")
    for t in TRANSITIONS
    for source in sorted(t.sources)
]


def at(source, transition):
    strand = priorities_strand() if transition.only_when is Decider.PANEL else None
    return application_at(source, strand=strand) if strand else application_at(source)


def move(application, transition, actor):
    if transition.action in ("recommend", "not_recommend") and not hasattr(application, "assessment"):
        assessed(application, actor)
    if transition.action == "accept_offer":
        return accept(application, actor)
    if transition.action == "extend_offer":
        return services.offers.offer_extend(
            application=application, actor=actor, expires_on=date.today() + timedelta(days=14), reason="A good reason"
        )
    before_move(application, transition.action)
    if transition.action == "complete":
        # The row's check: the final report accepted (grants.services.reports.completion_problems).
        sign_off(application, applicant=application.cast.applicant, officer=application.cast.officer)
    return services.application_transition(
        application=application,
        action=transition.action,
        actor=actor,
        reason="A good reason" if transition.needs_reason else "",
        amount=application.amount_requested if transition.needs_amount else None,
        minute_reference="PAN/2026/1" if transition.needs_minute_reference else "",
    )


@pytest.mark.parametrize(("transition", "source"), CASES)
def test_each_role_in_the_table_can_make_the_move(transition, source):
    # The portal's own moves have nobody to sign in as: tests/grants/test_split_decisions.py covers them.
    for role in transition.roles - {Role.PORTAL}:
        application = at(source, transition)
        actor = getattr(application.cast, ROLE_PEOPLE[role])
        assert transition in available_actions(actor, application)

        change = move(application, transition, actor)

        application.refresh_from_db()
        assert application.status == transition.target
        assert (change.from_status, change.to_status, change.actor) == (source, transition.target, actor)
        assert change.reason == ("A good reason" if transition.needs_reason else "")
        latest = application.history.latest()
        assert latest.status == transition.target
        assert latest.history_user == actor


@pytest.mark.parametrize(("transition", "source"), CASES)
def test_every_other_role_is_refused_and_nothing_changes(transition, source):
    application = at(source, transition)
    others = [name for role, name in ROLE_PEOPLE.items() if role not in transition.roles] + ["stranger"]
    changes_before = StatusChange.objects.filter(application=application).count()
    for name in others:
        actor = getattr(application.cast, name)
        assert transition not in available_actions(actor, application)
        with pytest.raises(services.ActionForbidden):
            move(application, transition, actor)
    application.refresh_from_db()
    assert application.status == source
    assert StatusChange.objects.filter(application=application).count() == changes_before


ILLEGAL = [
    pytest.param(action, status, id=f"{action}-from-{status}")
    for action in sorted({t.action for t in TRANSITIONS})
    for status in Status
    if not any(t.action == action and status in t.sources for t in TRANSITIONS)
]


@pytest.mark.parametrize(("action", "status"), ILLEGAL)
def test_a_move_the_table_lacks_is_refused_whoever_asks(action, status):
    application = application_at(status)
    cast = application.cast
    for actor in (cast.applicant, cast.officer, cast.panel, cast.councillor):
        with pytest.raises(services.TransitionNotAllowed):
            services.application_transition(
                application=application, action=action, actor=actor, reason="why", amount=Decimal("1.00")
            )
    assert Application.objects.get(pk=application.pk).status == status


def test_the_panel_cannot_decide_an_environmental_bid_and_a_councillor_cannot_decide_a_priorities_bid():
    environmental = application_at(Status.AWAITING_DECISION)
    with pytest.raises(services.ActionForbidden):
        services.application_transition(
            application=environmental, action="approve", actor=environmental.cast.panel, amount=Decimal("10")
        )
    priorities = application_at(Status.AWAITING_DECISION, strand=priorities_strand())
    with pytest.raises(services.ActionForbidden):
        services.application_transition(
            application=priorities, action="approve", actor=priorities.cast.councillor, amount=Decimal("10")
        )


def test_a_councillor_of_another_ward_cannot_decide():
    application = application_at(Status.AWAITING_DECISION)
    other_ward_councillor = Cast(application_at(Status.DRAFT)).councillor
    with pytest.raises(services.ActionForbidden):
        services.application_transition(
            application=application, action="decline", actor=other_ward_councillor, reason="No"
        )


@pytest.mark.parametrize("action", ["request_info", "withdraw", "not_recommend"])
def test_a_move_that_needs_a_reason_is_refused_without_one(action):
    status = Status.SUBMITTED if action == "withdraw" else Status.IN_ASSESSMENT
    application = application_at(status)
    actor = application.cast.actor_for(action, application)
    with pytest.raises(services.MissingInput, match="Enter a reason"):
        services.application_transition(application=application, action=action, actor=actor, reason="   ")
    application.refresh_from_db()
    assert application.status == status


@pytest.mark.parametrize(
    ("amount", "message"),
    [(None, "Enter an amount"), (Decimal("0"), "more than £0"), (Decimal("5000.01"), "cannot be more than")],
)
def test_approve_needs_an_amount_no_more_than_requested(amount, message):
    application = application_at(Status.AWAITING_DECISION, amount="5000.00")
    with pytest.raises(services.MissingInput, match=message):
        services.application_transition(
            application=application, action="approve", actor=application.cast.councillor, amount=amount
        )
    application.refresh_from_db()
    assert application.status == Status.AWAITING_DECISION
    assert application.strand.committed == Decimal("0.00")


def test_approving_for_less_than_requested_records_the_award():
    application = application_at(Status.AWAITING_DECISION, amount="5000.00")
    services.application_transition(
        application=application, action="approve", actor=application.cast.councillor, amount=Decimal("3500.50")
    )
    application.refresh_from_db()
    assert application.amount_awarded == Decimal("3500.50")
    assert application.decided_at is not None


def test_submitting_stamps_the_date_and_keeps_the_reference():
    application = application_at(Status.DRAFT)
    reference = application.reference
    assert reference == f"KBT-ENV-{application.pk:05d}"
    services.application_transition(application=application, action="submit", actor=application.applicant)
    application.refresh_from_db()
    assert application.submitted_at is not None
    assert application.reference == reference


def test_an_anonymous_visitor_holds_no_role():
    from django.contrib.auth.models import AnonymousUser

    application = application_at(Status.SUBMITTED)
    assert available_actions(AnonymousUser(), application) == []
    with pytest.raises(services.ActionForbidden):
        services.application_transition(application=application, action="start_assessment", actor=AnonymousUser())


def test_the_workflow_service_itself_refuses_to_send_a_draft_without_its_documents():
    application = application_at(Status.DRAFT, documents=False)
    with pytest.raises(services.ApplicationIncomplete, match="upload your governing document"):
        services.application_transition(application=application, action="submit", actor=application.applicant)
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_the_workflow_service_itself_refuses_to_recommend_an_unassessed_bid():
    application = application_at(Status.IN_ASSESSMENT)
    with pytest.raises(services.MissingInput, match="assess the bid first"):
        services.application_transition(
            application=application, action="recommend", actor=application.cast.officer, amount=Decimal("100")
        )
    application.refresh_from_db()
    assert application.status == Status.IN_ASSESSMENT and application.recommendation == ""


@pytest.mark.parametrize("action", ["approve", "decline"])
def test_the_panels_decision_needs_a_reason_and_the_minute_reference_whoever_calls(action):
    """The table, not a page, holds the rule: the service refuses a panel decision without either."""
    application = application_at(Status.AWAITING_DECISION, strand=priorities_strand())
    amount = application.amount_requested if action == "approve" else None
    with pytest.raises(services.MissingInput, match="minute reference"):
        services.application_transition(
            application=application, action=action, actor=application.cast.panel, reason="Agreed", amount=amount
        )
    with pytest.raises(services.MissingInput, match="reason"):
        services.application_transition(
            application=application, action=action, actor=application.cast.panel, minute_reference="P/1", amount=amount
        )
    application.refresh_from_db()
    assert application.status == Status.AWAITING_DECISION and not application.ledger_entries.exists()
    change = services.application_transition(
        application=application,
        action=action,
        actor=application.cast.panel,
        reason="Agreed",
        minute_reference="PAN/2026/7",
        amount=amount,
    )
    assert change.minute_reference == "PAN/2026/7"
