from .applications import (
    Application,
    ApplicationQuerySet,
    BudgetLine,
    Document,
    Recommendation,
    Status,
    StatusChange,
)
from .assessments import MAX_SCORE, Assessment, ConflictDeclaration, CriterionScore
from .fund import Councillor, Criterion, Fund, Priority, Round, Strand, Ward, WardPot
from .ledger import LedgerEntry
from .organisations import Membership, Organisation

__all__ = [
    "MAX_SCORE",
    "Application",
    "Assessment",
    "ConflictDeclaration",
    "ApplicationQuerySet",
    "BudgetLine",
    "Councillor",
    "Criterion",
    "CriterionScore",
    "Document",
    "Fund",
    "LedgerEntry",
    "Membership",
    "Organisation",
    "Priority",
    "Recommendation",
    "Round",
    "Status",
    "StatusChange",
    "Strand",
    "Ward",
    "WardPot",
]
