from .applications import (
    Application,
    ApplicationQuerySet,
    BudgetLine,
    Document,
    Recommendation,
    Status,
    StatusChange,
)
from .councillors import CouncillorVote, InterestDeclaration
from .fund import Councillor, Criterion, Fund, Priority, Round, Strand, Ward, WardPot
from .ledger import LedgerEntry
from .organisations import Membership, Organisation

__all__ = [
    "Application",
    "ApplicationQuerySet",
    "BudgetLine",
    "Councillor",
    "CouncillorVote",
    "Criterion",
    "Document",
    "Fund",
    "InterestDeclaration",
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
