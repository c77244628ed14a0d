"""The one table of an application's life: every move, who may make it and what it needs.

Nothing else decides who may change an application's status. grants.services.application_transition
looks moves up here; pages ask `available_actions` which buttons to show.
"""

from dataclasses import dataclass
from enum import StrEnum

from .models import Application, Status
from .models.councillors import councillor_refusal, decision_refusal


class Role(StrEnum):
    APPLICANT = "applicant"  # a member of the applying organisation
    OFFICER = "officer"  # a council officer (the Officer group)
    PANEL = "panel"  # the decision panel: senior officers with delegated authority
    COUNCILLOR = "councillor"  # a councillor of the bid's ward


class Budget(StrEnum):
    COMMIT = "commit"  # lock the strand and ward pot, check what remains, write a ledger entry
    RELEASE = "release"  # write a reversing ledger entry for what is still committed


class Decider(StrEnum):
    """Which strands a decision row applies to."""

    COUNCILLORS = "councillors"  # strands where ward councillors decide (environmental)
    PANEL = "panel"  # strands where the decision panel decides (priorities)


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # what the button says
    sources: frozenset[Status]
    target: Status
    roles: frozenset[Role]
    needs_reason: bool = False
    needs_amount: bool = False
    budget: Budget | None = None
    only_when: Decider | None = None

    def applies_to(self, application: Application) -> bool:
        if application.status not in self.sources:
            return False
        if self.only_when is Decider.COUNCILLORS:
            return application.strand.councillors_decide
        if self.only_when is Decider.PANEL:
            return not application.strand.councillors_decide
        return True


def _t(action, label, sources, target, roles, **needs):
    return Transition(action, label, frozenset(sources), target, frozenset(roles), **needs)


S, R = Status, Role
BEFORE_DECISION = (S.DRAFT, S.SUBMITTED, S.IN_ASSESSMENT, S.INFO_REQUESTED, S.AWAITING_DECISION)

TRANSITIONS: tuple[Transition, ...] = (
    # action                 label                              from                   to                   who
    _t("submit",             "Send your application",           [S.DRAFT],             S.SUBMITTED,         [R.APPLICANT]),
    _t("withdraw",           "Withdraw your application",       BEFORE_DECISION,       S.WITHDRAWN,         [R.APPLICANT], needs_reason=True),
    _t("start_assessment",   "Start assessment",                [S.SUBMITTED],         S.IN_ASSESSMENT,     [R.OFFICER]),
    _t("request_info",       "Ask the applicant for information", [S.IN_ASSESSMENT],   S.INFO_REQUESTED,    [R.OFFICER], needs_reason=True),
    _t("answer_info",        "Send your answer",                [S.INFO_REQUESTED],    S.IN_ASSESSMENT,     [R.APPLICANT], needs_reason=True),
    _t("recommend",          "Recommend",                       [S.IN_ASSESSMENT],     S.AWAITING_DECISION, [R.OFFICER], needs_amount=True),
    _t("not_recommend",      "Do not recommend",                [S.IN_ASSESSMENT],     S.AWAITING_DECISION, [R.OFFICER], needs_reason=True),
    # Environmental bids are decided by a councillor of the bid's ward; priorities bids by the panel.
    _t("approve",            "Approve",                         [S.AWAITING_DECISION], S.APPROVED,          [R.COUNCILLOR], needs_amount=True, budget=Budget.COMMIT, only_when=Decider.COUNCILLORS),
    _t("decline",            "Decline",                         [S.AWAITING_DECISION], S.DECLINED,          [R.COUNCILLOR], needs_reason=True, only_when=Decider.COUNCILLORS),
    _t("approve",            "Approve",                         [S.AWAITING_DECISION], S.APPROVED,          [R.PANEL], needs_amount=True, budget=Budget.COMMIT, only_when=Decider.PANEL),
    _t("decline",            "Decline",                         [S.AWAITING_DECISION], S.DECLINED,          [R.PANEL], needs_reason=True, only_when=Decider.PANEL),
    # After a decision: the panel may reverse an approval before the offer is accepted.
    _t("decline_after_approval", "Decline after approval",      [S.APPROVED],          S.DECLINED,          [R.PANEL], needs_reason=True, budget=Budget.RELEASE),
    _t("accept_offer",       "Accept the grant offer",          [S.APPROVED],          S.GRANT_ACTIVE,      [R.APPLICANT]),
    _t("withdraw_grant",     "Withdraw the grant",              [S.APPROVED, S.GRANT_ACTIVE], S.WITHDRAWN,  [R.OFFICER], needs_reason=True, budget=Budget.RELEASE),
    _t("complete",           "Mark the grant completed",        [S.GRANT_ACTIVE],      S.COMPLETED,         [R.OFFICER]),
)  # fmt: skip

ACTIONS = sorted({t.action for t in TRANSITIONS})
# The roles that decide bids: their moves are refused to anyone decision_refusal names.
DECIDERS = frozenset({Role.COUNCILLOR, Role.PANEL})


def find_transition(application: Application, action: str) -> Transition | None:
    """The row of the table for this action from this application's status, or None."""
    for transition in TRANSITIONS:
        if transition.action == action and transition.applies_to(application):
            return transition
    return None


def roles_for(user, application: Application) -> set[Role]:
    """The roles this user holds on this application."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    roles = set()
    # A member of the applying organisation has an interest, declared or not: they never decide its bid.
    member = application.organisation.memberships.filter(user=user).exists()
    if member:
        roles.add(Role.APPLICANT)
    if user.is_officer:
        roles.add(Role.OFFICER)
    if user.is_panel_member and not member:
        roles.add(Role.PANEL)
    # A councillor who declared an interest in the bid holds no role on it.
    if (
        not member
        and application.ward_id
        and application.ward.councillors.filter(user=user)
        .exclude(interest_declarations__application=application)
        .exists()
    ):
        roles.add(Role.COUNCILLOR)
    return roles


def available_actions(user, application: Application) -> list[Transition]:
    """The moves this user may make on this application now: the buttons a page shows."""
    roles = roles_for(user, application)
    moves = [t for t in TRANSITIONS if t.applies_to(application) and roles & t.roles]
    if (
        Role.COUNCILLOR in roles
        and any(Role.COUNCILLOR in t.roles for t in moves)
        and councillor_refusal(user, application)
    ):
        # A councillor who has already voted on the bid has nothing more to decide.
        moves = [t for t in moves if roles & t.roles - {Role.COUNCILLOR}]
    if any(roles & t.roles <= DECIDERS for t in moves) and decision_refusal(user, application):
        # Duties kept apart: whoever assessed or recommended the bid does not decide it.
        moves = [t for t in moves if roles & t.roles - DECIDERS]
    return moves


def path_from_draft(target: Status, *, councillors_decide: bool) -> list[Transition]:
    """The shortest run of moves that takes a new draft to `target`, read off the table (for demo
    data and tests, which must walk applications through the real service)."""
    decider = Decider.COUNCILLORS if councillors_decide else Decider.PANEL
    paths: dict[Status, list[Transition]] = {Status.DRAFT: []}
    frontier = [Status.DRAFT]
    while frontier:
        status = frontier.pop(0)
        for transition in TRANSITIONS:
            if status in transition.sources and transition.only_when in (None, decider):
                if transition.target not in paths:
                    paths[transition.target] = paths[status] + [transition]
                    frontier.append(transition.target)
    return paths[target]
