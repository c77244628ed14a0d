"""The one table of an application's life: every move, who may make it, what it checks and what it does.

Nothing else decides who may change an application's status. grants.services.application_transition
looks a move up here, runs the row's checks, then its effects, and never asks which action it is;
pages ask `available_actions` which buttons to show. A new move is a new row (and perhaps a new check
or effect, written in grants.services.transitions).
"""

from dataclasses import dataclass
from enum import StrEnum

from .models import Application, Status
from .models.applications import BEFORE_DECISION, OFFERED
from .selectors.councillors import councillor_refusal, decision_refusal, eligible_councillors


class Role(StrEnum):
    APPLICANT = "applicant"  # a member of the applying organisation
    OFFICER = "officer"  # a council officer (the Officer group)
    PANEL = "panel"  # the decision panel: senior officers with delegated authority
    COUNCILLOR = "councillor"  # a councillor of the bid's ward
    PORTAL = "portal"  # the portal itself, on a timer (grants.services.split): nobody signed in holds it


class Check(StrEnum):
    """What a move checks before it changes anything, in the order the engine runs them."""

    RECORDER_IS_OFFICER = "recorder_is_officer"  # only an officer records a decision for someone else
    COUNCILLOR_MAY_DECIDE = "councillor_may_decide"  # a ward councillor, no interest, majority reached
    ROLE_HELD = "role_held"  # the actor holds one of the row's roles on this application
    NO_INTEREST = "no_interest"  # nobody with an interest, nor whoever assessed the bid, decides it
    REASON = "reason"  # a reason is given
    AMOUNT = "amount"  # an amount more than £0 and no more than requested
    DRAFT_COMPLETE = "draft_complete"  # every section of the draft done, documents included
    ASSESSED = "assessed"  # an assessment finished by an officer with no interest in the bid
    MINUTE_REFERENCE = "minute_reference"  # the panel meeting's minute reference is given
    OFFER_READY = "offer_ready"  # the bid has a current offer, not yet past its accept-by date
    SIGNATORY = "signatory"  # the actor is a member the organisation marked as able to sign for it
    OFFER_SIGNED = "offer_signed"  # the current offer carries the signatory's name, position and bank details
    OFFER_LAPSED = "offer_lapsed"  # the current offer's accept-by date has passed
    REPORTS_SIGNED_OFF = "reports_signed_off"  # final report accepted; underspend returned or waived
    COUNCILLORS_SPLIT = "councillors_split"  # majority rule: all have voted, no majority, the strand's days passed


class Effect(StrEnum):
    """What a move does besides changing the status, in the order the engine runs them."""

    STAMP_SUBMITTED = "stamp_submitted"  # set submitted_at
    RECORD_RECOMMENDATION = "record_recommendation"  # recommended, with the amount
    RECORD_NOT_RECOMMENDED = "record_not_recommended"  # not recommended, no amount
    STAMP_DECIDED = "stamp_decided"  # set decided_at
    COMMIT_MONEY = "commit_money"  # commit the award through the ledger
    DRAFT_OFFER = "draft_offer"  # prepare the grant offer from the decision, with the strand's current terms
    ISSUE_OFFER = "issue_offer"  # stamp the current offer issued, with its accept-by date
    RELEASE_ON_DECLINE = "release_on_decline"  # release what is committed: declined after approval
    RELEASE_ON_WITHDRAWAL = "release_on_withdrawal"  # release what is committed: grant withdrawn
    SET_VOTES_ASIDE = "set_votes_aside"  # the councillors' votes are kept as earlier votes: they vote again


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
    checks: tuple[Check, ...] = ()
    effects: tuple[Effect, ...] = ()
    only_when: Decider | None = None

    @property
    def needs_reason(self) -> bool:
        return Check.REASON in self.checks

    @property
    def needs_amount(self) -> bool:
        return Check.AMOUNT in self.checks

    @property
    def needs_minute_reference(self) -> bool:
        return Check.MINUTE_REFERENCE in self.checks

    def applies_to(self, application: Application) -> bool:
        if application.status not in self.sources:
            return False
        if self.only_when is Decider.COUNCILLORS:
            return application.strand.councillors_decide
        if self.only_when is Decider.PANEL:
            return not application.strand.councillors_decide
        return True


S, R, C, E, D = Status, Role, Check, Effect, Decider

# Every move checks these first, in this order; a row adds its own checks after them.
EVERY_MOVE = (C.RECORDER_IS_OFFICER, C.COUNCILLOR_MAY_DECIDE, C.ROLE_HELD, C.NO_INTEREST)


def _t(action, label, sources, target, roles, checks=(), effects=(), only_when=None):
    return Transition(
        action,
        label,
        frozenset(sources),
        target,
        frozenset(roles),
        EVERY_MOVE + tuple(checks),
        tuple(effects),
        only_when,
    )


TRANSITIONS: tuple[Transition, ...] = (
    # action                 label                                from                   to                   who            checks                           effects
    _t("submit",             "Send your application",             [S.DRAFT],             S.SUBMITTED,         [R.APPLICANT],  [C.DRAFT_COMPLETE],              [E.STAMP_SUBMITTED]),
    _t("withdraw",           "Withdraw your application",         BEFORE_DECISION,       S.WITHDRAWN,         [R.APPLICANT],  [C.REASON]),
    _t("start_assessment",   "Start assessment",                  [S.SUBMITTED],         S.IN_ASSESSMENT,     [R.OFFICER]),
    _t("request_info",       "Ask the applicant for information", [S.IN_ASSESSMENT],     S.INFO_REQUESTED,    [R.OFFICER],    [C.REASON]),
    _t("answer_info",        "Send your answer",                  [S.INFO_REQUESTED],    S.IN_ASSESSMENT,     [R.APPLICANT],  [C.REASON]),
    _t("recommend",          "Recommend",                         [S.IN_ASSESSMENT],     S.AWAITING_DECISION, [R.OFFICER],    [C.AMOUNT, C.ASSESSED],          [E.RECORD_RECOMMENDATION]),
    _t("not_recommend",      "Do not recommend",                  [S.IN_ASSESSMENT],     S.AWAITING_DECISION, [R.OFFICER],    [C.REASON, C.ASSESSED],          [E.RECORD_NOT_RECOMMENDED]),
    # Environmental bids are decided by a councillor of the bid's ward; priorities bids by the panel.
    _t("approve",            "Approve",                           [S.AWAITING_DECISION], S.APPROVED,          [R.COUNCILLOR], [C.AMOUNT],                      [E.STAMP_DECIDED, E.COMMIT_MONEY, E.DRAFT_OFFER], D.COUNCILLORS),
    _t("decline",            "Decline",                           [S.AWAITING_DECISION], S.DECLINED,          [R.COUNCILLOR], [C.REASON],                      [E.STAMP_DECIDED], D.COUNCILLORS),
    _t("approve",            "Approve",                           [S.AWAITING_DECISION], S.APPROVED,          [R.PANEL],      [C.AMOUNT, C.REASON, C.MINUTE_REFERENCE], [E.STAMP_DECIDED, E.COMMIT_MONEY, E.DRAFT_OFFER], D.PANEL),
    _t("decline",            "Decline",                           [S.AWAITING_DECISION], S.DECLINED,          [R.PANEL],      [C.REASON, C.MINUTE_REFERENCE],  [E.STAMP_DECIDED], D.PANEL),
    # Councillors split under the majority rule: after the strand's days the portal sends the bid to the
    # officers, who record the panel's decision or ask the councillors to vote again.
    _t("refer_split",        "Send to officers: councillors split", [S.AWAITING_DECISION], S.COUNCILLORS_SPLIT, [R.PORTAL],  [C.COUNCILLORS_SPLIT],           (), D.COUNCILLORS),
    _t("approve",            "Record the panel's approval",       [S.COUNCILLORS_SPLIT], S.APPROVED,          [R.OFFICER],    [C.AMOUNT, C.REASON, C.MINUTE_REFERENCE], [E.STAMP_DECIDED, E.COMMIT_MONEY, E.DRAFT_OFFER], D.COUNCILLORS),
    _t("decline",            "Record the panel's decline",        [S.COUNCILLORS_SPLIT], S.DECLINED,          [R.OFFICER],    [C.REASON, C.MINUTE_REFERENCE],  [E.STAMP_DECIDED], D.COUNCILLORS),
    _t("ask_revote",         "Ask the councillors to vote again", [S.COUNCILLORS_SPLIT], S.AWAITING_DECISION, [R.OFFICER],    [C.REASON],                      [E.SET_VOTES_ASIDE], D.COUNCILLORS),
    # After a decision: the panel may reverse an approval before the offer is accepted.
    _t("decline_after_approval", "Decline after approval",        [S.APPROVED],          S.DECLINED,          [R.PANEL],      [C.REASON],                      [E.RELEASE_ON_DECLINE]),
    # The grant offer (grants.services.offers): an officer issues it; a signatory of the group accepts or
    # declines it; an offer left past its accept-by date expires, and an officer extends or withdraws it.
    _t("issue_offer",        "Issue the grant offer",             [S.APPROVED],          S.OFFER_ISSUED,      [R.OFFICER],    [C.OFFER_READY],                 [E.ISSUE_OFFER]),
    _t("accept_offer",       "Accept the grant offer",            [S.OFFER_ISSUED],      S.GRANT_ACTIVE,      [R.APPLICANT],  [C.SIGNATORY, C.OFFER_READY, C.OFFER_SIGNED]),
    _t("decline_offer",      "Decline the grant offer",           [S.OFFER_ISSUED],      S.OFFER_DECLINED,    [R.APPLICANT],  [C.SIGNATORY, C.REASON],         [E.RELEASE_ON_DECLINE]),
    _t("expire_offer",       "Mark the offer expired",            [S.OFFER_ISSUED],      S.OFFER_EXPIRED,     [R.OFFICER],    [C.OFFER_LAPSED]),
    _t("extend_offer",       "Extend the grant offer",            [S.OFFER_EXPIRED],     S.OFFER_ISSUED,      [R.OFFICER],    [C.REASON, C.OFFER_READY],       [E.ISSUE_OFFER]),
    _t("withdraw_grant",     "Withdraw the grant",                [S.APPROVED, *OFFERED, S.GRANT_ACTIVE], S.WITHDRAWN, [R.OFFICER], [C.REASON],            [E.RELEASE_ON_WITHDRAWAL]),
    _t("complete",           "Mark the grant completed",          [S.GRANT_ACTIVE],      S.COMPLETED,         [R.OFFICER],    [C.REPORTS_SIGNED_OFF]),
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
    if not member and application.ward_id and eligible_councillors(application).filter(user=user).exists():
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
