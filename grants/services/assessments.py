"""Officers' work on a bid before the decision: declarations of interest, assignment, the assessment
with its scores, and the moves that need an assessment (recommend) or a panel's minute (decide)."""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction

from .. import workflow
from ..models import (
    ASSESSABLE,
    CLOSED,
    MAX_SCORE,
    Application,
    Assessment,
    ConflictDeclaration,
    CriterionScore,
    Recommendation,
    StatusChange,
)
from ..selectors.councillors import decision_refusal
from ..workflow import Role
from .errors import ActionForbidden, ConflictOfInterest, MissingInput, TransitionNotAllowed
from .rules import award_amount_problem, declaration_of, require_no_conflict
from .transitions import application_transition

# While a bid is being assessed, or waits for the applicant's answer, its assessment may change.


def _require_officer(actor, application: Application, doing: str):
    if Role.OFFICER not in workflow.roles_for(actor, application):
        raise ActionForbidden(f"Only an officer can {doing}.")


def conflict_declare(
    *, application: Application, officer, has_conflict: bool, details: str = ""
) -> ConflictDeclaration:
    """Record whether this officer has an interest in this bid (one declaration per officer and bid).
    An officer with an interest can then neither assess nor recommend the bid, and is taken off it if
    it was assigned to them; a declared interest cannot be taken back by declaring again."""
    _require_officer(officer, application, "declare an interest in a bid")
    details = (details or "").strip()
    if has_conflict and not details:
        raise MissingInput("Say what your interest is: for example, you are a trustee or a member of the group.")
    with transaction.atomic():
        earlier = ConflictDeclaration.objects.select_for_update().filter(application=application, officer=officer)
        if not has_conflict and earlier.filter(has_conflict=True).exists():
            raise ConflictOfInterest(f"You declared an interest in {application.reference}; it stays on record.")
        declaration, _ = ConflictDeclaration.objects.update_or_create(
            application=application, officer=officer, defaults={"has_conflict": has_conflict, "details": details}
        )
        if has_conflict:
            locked = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
            if locked.assigned_officer_id == officer.pk:
                locked.assigned_officer = None
                locked._history_user = officer
                locked._change_reason = "Officer declared an interest and came off the bid"
                locked.save(update_fields=["assigned_officer", "updated_at"])
                application.assigned_officer = None
    return declaration


def application_assign(*, application: Application, officer, actor) -> Application:
    """Give a bid to an officer (or to nobody, with officer=None). Only an officer assigns, only to an
    active member of the Officer group who has not declared an interest in the bid; the status does
    not change, and the history records who assigned it."""
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("strand", "ward", "organisation")
            .get(pk=application.pk)
        )
        _require_officer(actor, locked, "assign a bid")
        if locked.status in CLOSED:
            status = locked.get_status_display().lower()
            raise TransitionNotAllowed(f"{locked.reference} is {status}: nobody works on it.")
        if officer is not None:
            if not officer.is_officer:
                raise MissingInput(f"{officer} is not an officer.")
            declaration = declaration_of(locked, officer)
            if declaration is not None and declaration.has_conflict:
                raise ConflictOfInterest(f"{officer} has declared an interest in {locked.reference}.")
        locked.assigned_officer = officer
        locked._history_user = actor
        locked._change_reason = f"Assigned to {officer}" if officer else "Unassigned"
        locked.save(update_fields=["assigned_officer", "updated_at"])
    application.assigned_officer = officer
    return application


def applications_assign(*, applications: Iterable[Application], officer, actor) -> list[Application]:
    """Assign several bids at once: all of them, or (if any cannot be assigned) none."""
    with transaction.atomic():
        return [application_assign(application=a, officer=officer, actor=actor) for a in applications]


def assessment_save(
    *,
    application: Application,
    assessor,
    scores: Mapping[int, tuple[int, str]],
    governance: str = "",
    finance: str = "",
    safeguarding: str = "",
    eligibility_notes: str = "",
    comments: str = "",
    recommended_amount: Decimal | None = None,
    recommendation: str = "",
) -> Assessment:
    """Write or update the assessment of a bid, with a score (0 to 5) and comment per criterion of
    its strand (`scores` maps criterion id to (score, comment)).

    Guarantees: only an officer who has declared no interest may write it, and only while the bid is
    being assessed; once written, only the same officer may change it; scores are only for the
    strand's criteria and within range; the weighted total (percent of the best possible score, with
    the strand's weights) is stored once every criterion is scored; the recommended amount is never
    more than was requested.
    """
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("strand", "ward", "organisation")
            .get(pk=application.pk)
        )
        _require_officer(assessor, locked, "assess a bid")
        if locked.status not in ASSESSABLE:
            raise TransitionNotAllowed(
                f"{locked.reference} is {locked.get_status_display().lower()}: its assessment can no longer change."
            )
        require_no_conflict(locked, assessor)
        assessment = Assessment.objects.select_for_update().filter(application=locked).first()
        if assessment is not None and assessment.assessor_id != assessor.pk:
            raise ActionForbidden(f"Only {assessment.assessor}, who wrote this assessment, can change it.")

        criteria = {c.pk: c for c in locked.strand.criteria.all()}
        recommended_amount = _checked_assessment_input(locked, criteria, scores, recommended_amount, recommendation)
        fields = dict(
            governance=governance,
            finance=finance,
            safeguarding=safeguarding,
            eligibility_notes=(eligibility_notes or "").strip(),
            comments=(comments or "").strip(),
            recommended_amount=recommended_amount,
            recommendation=recommendation,
        )
        assessment = _write_assessment(locked, assessment, assessor, fields, scores, criteria)
    return assessment


def _write_assessment(locked, assessment, assessor, fields, scores, criteria) -> Assessment:
    """Save the assessment, its scores and its weighted total, under the caller's lock."""
    if assessment is None:
        assessment = Assessment(application=locked, assessor=assessor, **fields)
    else:
        for name, value in fields.items():
            setattr(assessment, name, value)
    assessment.full_clean(exclude=["application", "assessor"])
    assessment._history_user = assessor
    assessment.save()

    for criterion_id, (score, comment) in scores.items():
        CriterionScore.objects.update_or_create(
            assessment=assessment,
            criterion_id=criterion_id,
            defaults={"score": int(score), "comment": (comment or "").strip()},
        )
    assessment.total_score = _weighted_total(assessment, criteria.values())
    assessment.save(update_fields=["total_score"])
    # The officers' list sorts by the application's copy of the score.
    Application.objects.filter(pk=assessment.application_id).update(score=assessment.total_score)
    return assessment


def _checked_assessment_input(locked, criteria, scores, recommended_amount, recommendation) -> Decimal | None:
    """Refuse scores outside the strand's criteria or range, and a recommended amount the award rule
    refuses; return the recommended amount to the penny."""
    if set(scores) - set(criteria):
        raise MissingInput("Score only the criteria of this bid's strand.")
    for criterion_id, (score, _comment) in scores.items():
        if score is None or not 0 <= int(score) <= MAX_SCORE:
            raise MissingInput(f"Give {criteria[criterion_id].name} a score from 0 to {MAX_SCORE}.")
    if recommended_amount is not None:
        recommended_amount = Decimal(recommended_amount).quantize(Decimal("0.01"))
        if problem := award_amount_problem(locked, recommended_amount, noun="recommended amount"):
            raise MissingInput(f"{problem}.")
    if recommendation not in Recommendation.values:
        raise MissingInput("Choose a recommendation.")
    return recommended_amount


def _weighted_total(assessment: Assessment, criteria) -> Decimal | None:
    scored = {s.criterion_id: s.score for s in assessment.scores.all()}
    criteria = list(criteria)
    if not criteria or any(c.pk not in scored for c in criteria):
        return None
    best = sum(MAX_SCORE * c.weight for c in criteria)
    got = sum(scored[c.pk] * c.weight for c in criteria)
    return (Decimal(100) * got / best).quantize(Decimal("0.01"))


def application_recommend(
    *, application: Application, actor, recommend: bool, amount: Decimal | None = None, reason: str = ""
) -> StatusChange:
    """Recommend a bid (for an amount) or not (with a reason). The workflow service checks the
    assessment and the officer's declaration (recommendation_check). For an environmental bid this
    sends it to its ward's councillors."""
    return application_transition(
        application=application,
        action="recommend" if recommend else "not_recommend",
        actor=actor,
        reason=reason,
        amount=amount,
    )


def application_decide(
    *,
    application: Application,
    actor,
    approve: bool,
    reason: str = "",
    amount: Decimal | None = None,
    minute_reference: str = "",
) -> StatusChange:
    """The decision panel approves or declines a priorities bid, through the workflow service, with a
    reason and the meeting's minute reference (both required, both recorded on the StatusChange).
    Only the panel may: the workflow table refuses anyone else, officers included."""
    if Role.PANEL not in workflow.roles_for(actor, application):
        # A member of the panel without the role here belongs to the applying group: say so.
        refusal = decision_refusal(actor, application) if getattr(actor, "is_panel_member", False) else None
        raise ActionForbidden(refusal or "Only the decision panel can approve or decline this bid.")
    # The reason and the minute reference are the table's checks (grants.workflow: the panel's rows).
    return application_transition(
        application=application,
        action="approve" if approve else "decline",
        actor=actor,
        reason=reason,
        amount=amount,
        minute_reference=minute_reference,
    )
