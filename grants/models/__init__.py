from .applications import (
    ASSESSABLE,
    BEFORE_DECISION,
    CLOSED,
    DECIDED,
    HOLDING_MONEY,
    OPEN_FOR_INTEREST,
    VISIBLE_TO_COUNCILLORS,
    Application,
    ApplicationQuerySet,
    BudgetLine,
    Document,
    Recommendation,
    Status,
    StatusChange,
)
from .assessments import MAX_SCORE, Assessment, ConflictDeclaration, CriterionScore
from .budgets import BudgetChange, BudgetCheck
from .councillors import CouncillorVote, InterestDeclaration
from .exports import ApplicationExport
from .fund import Councillor, Criterion, Fund, Priority, Round, Strand, Ward, WardPot
from .ledger import LedgerEntry
from .organisations import Membership, Organisation
from .reminders import ReminderRule, SentReminder

__all__ = [
    "ASSESSABLE",
    "BEFORE_DECISION",
    "CLOSED",
    "DECIDED",
    "HOLDING_MONEY",
    "OPEN_FOR_INTEREST",
    "VISIBLE_TO_COUNCILLORS",
    "MAX_SCORE",
    "Application",
    "ApplicationExport",
    "Assessment",
    "ConflictDeclaration",
    "ApplicationQuerySet",
    "BudgetChange",
    "BudgetCheck",
    "BudgetLine",
    "Councillor",
    "CouncillorVote",
    "Criterion",
    "CriterionScore",
    "Document",
    "Fund",
    "InterestDeclaration",
    "LedgerEntry",
    "Membership",
    "Organisation",
    "Priority",
    "Recommendation",
    "ReminderRule",
    "Round",
    "SentReminder",
    "Status",
    "StatusChange",
    "Strand",
    "Ward",
    "WardPot",
]
