"""The group's answers in a report, section by section, saved over several visits, and how far the
report has got: the same rules decide the task list's statuses and whether it can be sent."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from .. import workflow
from ..models import Document, Report, ReportEvidence, ReportMeasure, ReportSpend, ReportState
from ..money import pounds
from ..workflow import Role
from .documents import document_add, document_remove
from .errors import ActionForbidden, TransitionNotAllowed

# The task list, in order: (key, title). Sections whose answers are optional are complete once visited.
SECTIONS = (
    ("did", "What you did"),
    ("measures", "What you promised and achieved"),
    ("people", "People who benefited"),
    ("volunteers", "Volunteers"),
    ("spending", "Spending against your budget"),
    ("underspend", "Money not spent"),
    ("evidence", "Photos and evidence"),
    ("story", "A story for the public"),
    ("learning", "What you learned"),
)
SECTION_KEYS = tuple(key for key, _ in SECTIONS)
OPTIONAL = {"evidence", "story"}
NOT_STARTED, IN_PROGRESS, COMPLETED = "Not yet started", "In progress", "Completed"
# A budget line more than this far from its plan needs an explanation.
TOLERANCE = Decimal("0.10")


def report_rows_ensure(report: Report) -> None:
    """Give the report a row for each promised measure (with the number aimed for) and each budget
    line, adding any that are missing; never changes a row the group has filled in."""
    application = report.application
    have = set(report.measures.values_list("measure_id", flat=True))
    ReportMeasure.objects.bulk_create(
        [
            ReportMeasure(report=report, measure_id=t.measure_id, target=t.target)
            for t in application.outcome_targets.all()
            if t.measure_id not in have
        ]
    )
    lines = set(report.spending.values_list("budget_line_id", flat=True))
    ReportSpend.objects.bulk_create(
        [ReportSpend(report=report, budget_line=b) for b in application.budget_lines.all() if b.pk not in lines]
    )


def far_from_plan(planned: Decimal, spent: Decimal | None) -> bool:
    """More than 10% away from the plan, either way."""
    return spent is not None and abs(spent - planned) > planned * TOLERANCE


@dataclass
class ReportProgress:
    status: dict
    problems: dict

    @property
    def complete(self) -> bool:
        return all(value == COMPLETED for value in self.status.values())

    @property
    def all_problems(self) -> list[str]:
        return [problem for key in SECTION_KEYS for problem in self.problems[key]]


def _problems(report: Report, measures, spending) -> dict:
    p = {key: [] for key in SECTION_KEYS}
    if not report.what_you_did:
        p["did"].append("say what you did")
    for row in measures:
        if row.achieved is None:
            p["measures"].append(f"give the number of {row.measure.name} achieved")
        elif row.target is not None and row.achieved != row.target and not row.explanation:
            p["measures"].append(f"say why the number of {row.measure.name} differs from what you aimed for")
    if report.people_helped is None:
        p["people"].append("say how many people benefited")
    if report.volunteers is None:
        p["volunteers"].append("say how many volunteers helped")
    if report.volunteer_hours is None:
        p["volunteers"].append("say how many hours volunteers gave")
    for row in spending:
        line = row.budget_line
        if row.spent is None:
            p["spending"].append(f"say how much you have spent on {line.item}")
        elif far_from_plan(line.cost, row.spent) and not row.explanation:
            p["spending"].append(f"say why spending on {line.item} is more than 10% away from {pounds(line.cost)}")
    if report.underspend is None:
        p["underspend"].append("say whether there is money you have not spent")
    elif report.underspend > 0 and not report.underspend_explanation:
        p["underspend"].append("say why some money was not spent")
    if not report.learning:
        p["learning"].append("say what you learned")
    return p


def report_progress(report: Report, measures=None, spending=None) -> ReportProgress:
    """Where each section of the report stands, in a fixed number of queries (two, or none when the
    caller passes the measure and spending rows with their measures and budget lines loaded)."""
    if measures is None:
        measures = list(report.measures.select_related("measure"))
    if spending is None:
        spending = list(report.spending.select_related("budget_line"))
    problems = _problems(report, measures, spending)
    visited = set(report.sections_started or ())
    status = {}
    for key in SECTION_KEYS:
        if problems[key]:
            status[key] = IN_PROGRESS if key in visited else NOT_STARTED
        elif key in OPTIONAL or key in ("measures", "spending"):
            status[key] = COMPLETED if key in visited else NOT_STARTED
        else:
            status[key] = COMPLETED
    return ReportProgress(status=status, problems=problems)


def _editable(report: Report, actor) -> Report:
    locked = Report.objects.select_for_update(of=("self",)).select_related("application").get(pk=report.pk)
    if Role.APPLICANT not in workflow.roles_for(actor, locked.application):
        raise ActionForbidden("Only a member of the group can change its report.")
    if not locked.editable:
        raise TransitionNotAllowed("This report has been sent, so it can no longer be changed.")
    return locked


def _touch(locked: Report, section: str, fields=()):
    if section not in locked.sections_started:
        locked.sections_started = [*locked.sections_started, section]
    if locked.state == ReportState.NOT_STARTED:
        locked.state = ReportState.IN_PROGRESS
    locked.save(update_fields=[*fields, "sections_started", "state", "updated_at"])


@transaction.atomic
def report_save(*, report: Report, actor, section: str, **fields) -> Report:
    """Save some of a report's answers (one section's), validated. Only a report the group may still
    change is changed; what is unfinished is allowed and shown on the task list."""
    locked = _editable(report, actor)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["application"])
    _touch(locked, section, fields)
    for name in (*fields, "state", "sections_started"):
        setattr(report, name, getattr(locked, name))
    return report


@transaction.atomic
def report_measures_save(*, report: Report, actor, answers: dict) -> None:
    """Save the numbers achieved: `answers` maps a measure's id to (achieved, explanation)."""
    locked = _editable(report, actor)
    for row in locked.measures.select_for_update():
        if row.measure_id in answers:
            row.achieved, row.explanation = answers[row.measure_id]
            row.full_clean(exclude=["report", "measure"])
            row.save(update_fields=["achieved", "explanation"])
    _touch(locked, "measures")


@transaction.atomic
def report_spending_save(*, report: Report, actor, answers: dict) -> None:
    """Save spending to date: `answers` maps a budget line's id to (spent, explanation)."""
    locked = _editable(report, actor)
    for row in locked.spending.select_for_update():
        if row.budget_line_id in answers:
            row.spent, row.explanation = answers[row.budget_line_id]
            row.full_clean(exclude=["report", "budget_line"])
            row.save(update_fields=["spent", "explanation"])
    _touch(locked, "spending")


@transaction.atomic
def report_evidence_add(*, report: Report, actor, uploaded, caption: str = "", publish_consent: bool = False):
    """Keep a photo or other evidence, with the same checks (and virus scan) as application documents;
    raises DocumentRefused and keeps nothing for a file we will not keep."""
    locked = _editable(report, actor)
    document = document_add(
        application=locked.application, kind=Document.Kind.REPORT_EVIDENCE, uploaded=uploaded, actor=actor
    )
    evidence = ReportEvidence.objects.create(
        report=locked, document=document, caption=caption[:200], publish_consent=publish_consent
    )
    _touch(locked, "evidence")
    return evidence


@transaction.atomic
def report_evidence_remove(*, report: Report, actor, evidence: ReportEvidence) -> None:
    locked = _editable(report, actor)
    if evidence.report_id != locked.pk:
        raise ActionForbidden("That file belongs to another report.")
    document_remove(document=evidence.document)
