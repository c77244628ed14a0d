"""The rules a draft, an amount and an award must meet. Plain functions that read and never write:
forms call them to say what to fix, the transition engine calls them under its lock."""

import calendar
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from ..financial_year import financial_year_of, financial_year_span
from ..models import Application, Assessment, BudgetLine, ConflictDeclaration, Document, Strand
from ..money import pounds
from .errors import ConflictOfInterest, MissingInput


def add_months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def amount_problem(strand: Strand, amount: Decimal | None) -> str | None:
    """Why this amount is outside the strand's limits, or None."""
    if amount is not None and not strand.minimum_award <= amount <= strand.maximum_award:
        return f"the amount must be between {pounds(strand.minimum_award)} and {pounds(strand.maximum_award)}"
    return None


def duration_problem(strand: Strand, start_date: date | None, end_date: date | None) -> str | None:
    """Why these dates run longer than the strand allows, or None."""
    if start_date and end_date and end_date > add_months(start_date, strand.maximum_duration_months):
        return f"your project can last at most {strand.maximum_duration_months} months"
    return None


def budget_year_problem(start_date: date | None, end_date: date | None, year: int) -> str | None:
    """Why money cannot be spent in financial year `year` of a project with these dates, or None."""
    if end_date and year > financial_year_of(end_date):
        return f"your project ends in {end_date:%B %Y}, so its budget cannot include {financial_year_span(year)}"
    if start_date and year < financial_year_of(start_date):
        return f"your project starts in {start_date:%B %Y}, so its budget cannot include {financial_year_span(year)}"
    return None


def _prefetched_budget_lines(application: Application):
    """The application's budget lines if they were prefetched (no query then), else None."""
    return getattr(application, "_prefetched_objects_cache", {}).get("budget_lines")


def budget_years_problems(application: Application) -> list[str]:
    """The budget lines' years that fall outside the project's dates (which may have changed since)."""
    lines = _prefetched_budget_lines(application)
    if lines is not None:
        years = sorted({line.financial_year for line in lines})
    else:
        years = application.budget_lines.values_list("financial_year", flat=True).distinct().order_by("financial_year")
    problems = (budget_year_problem(application.start_date, application.end_date, year) for year in years)
    return [problem for problem in problems if problem]


def budget_problems(strand: Strand, amount: Decimal | None, total: Decimal, core: Decimal) -> list[str]:
    """What is wrong with a budget whose lines add up to `total`, `core` of it core costs."""
    problems = []
    if total == 0:
        problems.append("add the items your grant will pay for")
    elif amount is not None and total != amount:
        problems.append(f"your budget adds up to {pounds(total)} but you asked for {pounds(amount)}")
    if strand.core_cost_cap_percent is not None and amount:
        cap = (amount * strand.core_cost_cap_percent / 100).quantize(Decimal("0.01"))
        if core > cap:
            problems.append(f"core costs can be at most {strand.core_cost_cap_percent}% of the amount ({pounds(cap)})")
    return problems


def budget_totals(application: Application) -> tuple[Decimal, Decimal]:
    """The budget lines' total and the core costs among them, in one query (none if they were prefetched)."""
    lines = _prefetched_budget_lines(application)
    if lines is not None:
        total = sum((line.cost for line in lines), Decimal("0.00"))
        core = sum((line.cost for line in lines if line.cost_type == BudgetLine.CostType.CORE), Decimal("0.00"))
        return total, core
    totals = application.budget_lines.aggregate(
        total=Sum("cost"), core=Sum("cost", filter=Q(cost_type=BudgetLine.CostType.CORE))
    )
    return totals["total"] or Decimal("0.00"), totals["core"] or Decimal("0.00")


def application_problems(application: Application, now=None) -> list[tuple[str, str]]:
    """What stops this draft being sent, as (section, problem) pairs: sections are "round", "project",
    "where", "budget", "outcomes" and "documents", the parts of the applicant's task list. Reads
    `application.documents.all()`, so prefetch documents when checking many."""
    strand = application.strand
    problems = []
    if not application.round.is_open(now):
        problems.append(("round", "this funding round is closed"))
    for section, field, message in (
        ("project", "title", "enter your project's name"),
        ("project", "summary", "enter a summary of your project"),
        ("budget", "amount_requested", "enter the amount you are asking for"),
        ("project", "start_date", "enter when your project starts"),
        ("project", "end_date", "enter when your project ends"),
        ("outcomes", "outcomes", "say what difference your project will make"),
    ):
        if getattr(application, field) in (None, ""):
            problems.append((section, message))
    if strand.kind == Strand.Kind.ENVIRONMENTAL and not application.ward_id:
        problems.append(("where", "choose the ward your project is in"))
    if strand.kind == Strand.Kind.PRIORITIES and not application.priorities.exists():
        problems.append(("where", "choose at least one council priority your project supports"))

    amount = application.amount_requested
    if problem := amount_problem(strand, amount):
        problems.append(("budget", problem))
    if problem := duration_problem(strand, application.start_date, application.end_date):
        problems.append(("project", problem))
    total, core = budget_totals(application)
    problems.extend(("budget", problem) for problem in budget_problems(strand, amount, total, core))
    problems.extend(("budget", problem) for problem in budget_years_problems(application))

    if application.beneficiaries_count is None:
        problems.append(("outcomes", "say how many people will benefit"))
    if not application.beneficiaries_description:
        problems.append(("outcomes", "say who will benefit"))
    if application.works_with_people_at_risk is None:
        problems.append(("documents", "say whether your project works with children or adults at risk"))
    uploaded = {document.kind for document in application.documents.all()}
    for kind in required_document_kinds(application):
        if kind not in uploaded:
            problems.append(("documents", f"upload your {Document.Kind(kind).label.lower()}"))
    return problems


def required_document_kinds(application: Application) -> list[str]:
    kinds = [Document.Kind.GOVERNING_DOCUMENT, Document.Kind.ACCOUNTS, Document.Kind.BANK_STATEMENT]
    if application.works_with_people_at_risk:
        kinds.append(Document.Kind.SAFEGUARDING_POLICY)
    return kinds


def submission_problems(application: Application, now=None) -> list[str]:
    """What stops this draft being sent, in plain English: empty when it is ready."""
    return [message for _, message in application_problems(application, now)]


def award_amount_problem(application: Application, amount: Decimal | None, *, noun: str = "amount") -> str | None:
    """Why this award (or recommended award) cannot stand: it must be more than £0 and no more than
    the amount requested. None when it is fine or when no amount was given."""
    if amount is None:
        return None
    if amount <= 0:
        return f"Enter {'an' if noun[0] in 'aeiou' else 'a'} {noun} more than £0"
    if application.amount_requested is not None and amount > application.amount_requested:
        return f"The {noun} cannot be more than the {pounds(application.amount_requested)} requested"
    return None


def checked_amount(application: Application, amount) -> Decimal:
    """The award to the penny, or MissingInput saying what is wrong with it."""
    if amount is None or amount == "":
        raise MissingInput("Enter an amount.")
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if problem := award_amount_problem(application, amount):
        raise MissingInput(f"{problem}.")
    return amount


def declaration_of(application: Application, officer) -> ConflictDeclaration | None:
    return ConflictDeclaration.objects.filter(application=application, officer=officer).first()


def require_no_conflict(application: Application, officer):
    declaration = declaration_of(application, officer)
    if declaration is None:
        raise ConflictOfInterest(f"Say whether you have an interest in {application.reference} first.")
    if declaration.has_conflict:
        raise ConflictOfInterest(
            f"You declared an interest in {application.reference}: another officer must assess and recommend it."
        )


def assessment_problems(assessment: Assessment | None, *, recommending: bool) -> list[str]:
    """What stops an officer recommending (or not recommending) a bid on this assessment: empty when
    nothing does."""
    if assessment is None:
        return ["assess the bid first"]
    problems = []
    unchecked = [
        assessment._meta.get_field(name).verbose_name
        for name in ("governance", "finance", "safeguarding")
        if not getattr(assessment, name)
    ]
    if unchecked:
        problems.append("complete the " + ", ".join(unchecked))
    if recommending:
        failed = [
            assessment._meta.get_field(name).verbose_name
            for name in ("governance", "finance", "safeguarding")
            if getattr(assessment, name) == Assessment.Check.FAIL
        ]
        if failed:
            problems.append("a bid that fails the " + ", ".join(failed) + " cannot be recommended")
        if assessment.total_score is None:
            problems.append("score every criterion")
    return problems


def recommendation_check(*, application: Application, actor, recommending: bool) -> None:
    """Raise unless this officer may recommend (or not recommend) this bid now: they have declared no
    interest, the bid has an assessment with the eligibility gate completed, and a recommended bid
    passed every check and has every criterion scored. application_transition calls this under the
    application's row lock, so the assessment cannot change between the check and the move."""
    assessment = Assessment.objects.filter(application=application).first()
    problems = assessment_problems(assessment, recommending=recommending)
    if problems:
        raise MissingInput("You cannot do this yet: " + "; ".join(problems) + ".")
    require_no_conflict(application, actor)
