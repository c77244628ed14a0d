"""What a community group does to its own application: check it may apply, start a draft, fill it in
over several visits, send it, answer an officer's question, withdraw it. Status changes go through
application_transition; the completeness rules are those of application_problems, plus the parts
only the applicant's pages ask for (beneficiaries, documents)."""

from dataclasses import dataclass

from django.db import transaction

from ..models import Application, BudgetLine, Document, Organisation, Round, Status, Strand
from .documents import document_add, document_check
from .errors import ApplicationIncomplete
from .rules import application_problems
from .transitions import application_transition

# Organisation types that may apply. Individuals and businesses may not.
ELIGIBLE_TYPES = set(Organisation.Type.values)


@transaction.atomic
def application_create(*, organisation: Organisation, round: Round, title: str, created_by, **fields) -> Application:
    """Start a draft and give it its reference, like KBT-ENV-00042, which stays with it for life."""
    application = Application(organisation=organisation, round=round, title=title, created_by=created_by, **fields)
    application.strand_id = round.strand_id
    application.full_clean(exclude=["reference", "strand"])
    application._history_user = created_by
    application.save()
    application.reference = f"KBT-{round.strand.code}-{application.pk:05d}"
    application.save(update_fields=["reference"])
    return application


def eligibility_reasons(
    *, strand: Strand, org_type: str, in_knowsley: bool, bank_account: bool, governing_document: bool
) -> list[str]:
    """Why a group cannot apply to `strand`, in plain English: empty when it can."""
    reasons = []
    if org_type not in ELIGIBLE_TYPES:
        reasons.append(
            "The fund is for community, voluntary and faith groups, charities and social enterprises. "
            "Individuals and businesses run for profit cannot apply."
        )
    if not in_knowsley:
        reasons.append("Your project must be for people who live or work in Knowsley.")
    if not bank_account:
        reasons.append(
            "Your group needs a bank account in its own name, with at least 2 people who are not related "
            "to sign for payments. Grants cannot be paid into a personal account."
        )
    if not governing_document:
        reasons.append(
            "Your group needs a governing document, such as a constitution, set of rules or articles. "
            "Knowsley's community development team can help you write one."
        )
    return reasons


@transaction.atomic
def application_start(
    *, organisation: Organisation, round: Round, title: str, actor, ward_id: int | None = None, priorities=()
):
    """Start a draft for `organisation` in an open round, with the ward or priorities given when the
    group checked it could apply. Refuses a closed round."""
    if not round.is_open():
        raise ApplicationIncomplete(["this funding round is closed"])
    application = application_create(
        organisation=organisation, round=round, title=title, created_by=actor, ward_id=ward_id
    )
    if priorities:
        application.priorities.set(priorities)
    return application


def _require_draft(application: Application):
    if application.status != Status.DRAFT:
        raise ApplicationIncomplete(["this application has been sent and can no longer be changed"])


@transaction.atomic
def application_update(*, application: Application, actor, priorities=None, **fields) -> Application:
    """Save some of a draft's answers, validated (the model's rules and constraints). Only a draft
    changes; what is not complete yet is allowed, and shown on the task list."""
    _require_draft(application)
    for name, value in fields.items():
        setattr(application, name, value)
    application.full_clean(exclude=["reference", "strand", "round", "organisation"])
    application._history_user = actor
    application.save()
    if priorities is not None:
        application.priorities.set(priorities)
    return application


@transaction.atomic
def budget_line_save(*, application: Application, line: BudgetLine | None = None, **fields) -> BudgetLine:
    """Add a line to a draft's budget, or change one of its lines."""
    _require_draft(application)
    line = line or BudgetLine(application=application)
    if line.application_id != application.pk:
        raise ValueError("That budget line belongs to another application")
    for name, value in fields.items():
        setattr(line, name, value)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def budget_line_remove(*, application: Application, line: BudgetLine) -> None:
    """Remove a line from a draft's budget."""
    _require_draft(application)
    BudgetLine.objects.filter(pk=line.pk, application=application).delete()


# The parts of the task list, in order.
SECTIONS = ("group", "project", "where", "budget", "outcomes", "documents")
NOT_STARTED, IN_PROGRESS, COMPLETED = "Not yet started", "In progress", "Completed"


@dataclass
class Progress:
    """Where each part of a draft stands: `status[section]` and `problems[section]` (plain English)."""

    status: dict
    problems: dict

    @property
    def complete(self) -> bool:
        return all(value == COMPLETED for value in self.status.values())

    @property
    def all_problems(self) -> list[str]:
        return [problem for section in SECTIONS for problem in self.problems[section]]


def application_progress(application: Application, now=None) -> Progress:
    """How far a draft has got, section by section, in a fixed number of queries. Uses the same rules
    as sending it (application_problems), so a task list that says Completed everywhere can be sent.
    Reads `application.documents.all()`, so prefetch documents when showing many."""
    problems = {section: [] for section in SECTIONS}
    round_problems = []
    for section, message in application_problems(application, now):
        (round_problems if section == "round" else problems[section]).append(message)
    uploaded = {d.kind for d in application.documents.all() if d.scan_status != d.ScanStatus.INFECTED}

    started = {
        "group": True,
        "project": bool(application.summary or application.start_date or application.end_date),
        "where": bool(application.ward_id) or not problems["where"],
        "budget": application.amount_requested is not None
        or "add the items your grant will pay for" not in problems["budget"],
        "outcomes": bool(
            application.outcomes or application.beneficiaries_count is not None or application.beneficiaries_description
        ),
        "documents": bool(uploaded) or application.works_with_people_at_risk is not None,
    }
    status = {
        section: COMPLETED if not problems[section] else (IN_PROGRESS if started[section] else NOT_STARTED)
        for section in SECTIONS
    }
    problems["round"] = round_problems
    return Progress(status=status, problems=problems)


def application_submit(*, application: Application, actor) -> Application:
    """Send a complete draft, after the applicant has agreed to the declaration: every section of the
    task list complete, then the workflow's "submit" move (which checks its own rules again under a
    lock and queues the confirmation email on commit)."""
    progress = application_progress(application)
    problems = progress.problems["round"] + progress.all_problems
    if problems:
        raise ApplicationIncomplete(problems)
    application_transition(
        application=application, action="submit", actor=actor, reason="Agreed to the declaration and sent"
    )
    return application


@transaction.atomic
def application_answer_info(*, application: Application, actor, message: str, files=()) -> Application:
    """Answer an officer's request for information: the answer, and any files as documents, go with
    the "answer_info" move, which sends the bid back to assessment. Any refused file refuses the lot."""
    for uploaded in files:
        document_check(uploaded)
    application_transition(application=application, action="answer_info", actor=actor, reason=message)
    for uploaded in files:
        document_add(application=application, kind=Document.Kind.INFORMATION_RESPONSE, uploaded=uploaded, actor=actor)
    return application


def application_withdraw(*, application: Application, actor, reason: str) -> Application:
    """Withdraw an application before a decision, with the group's reason."""
    application_transition(application=application, action="withdraw", actor=actor, reason=reason)
    return application
