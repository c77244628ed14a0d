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
from .reminders import ReminderRule, SentReminder

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
    "ReminderRule",
    "Round",
    "SentReminder",
    "Status",
    "StatusChange",
    "Strand",
    "Ward",
    "WardPot",
]
