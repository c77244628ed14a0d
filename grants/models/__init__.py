from .applications import (
    ASSESSABLE,
    BEFORE_DECISION,
    CLOSED,
    DECIDED,
    HOLDING_MONEY,
    OFFERED,
    OPEN_FOR_INTEREST,
    PUBLISHED_STATUSES,
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
from .offers import BankDetails, Offer, StandardTerms
from .organisations import Membership, Organisation
from .outcomes import ApplicationPrinciple, OutcomeMeasure, OutcomeTarget
from .partnership import CouncillorIdea, CouncillorSupport, DraftComment, DraftShare, EarlierVote
from .payments import Condition, Instalment, PaymentHold, PaymentRun, ScheduleChange
from .reminders import ReminderRule, SentReminder
from .reports import Report, ReportEvent, ReportEvidence, ReportMeasure, ReportSpend, ReportState

__all__ = [
    "ASSESSABLE",
    "BEFORE_DECISION",
    "CLOSED",
    "DECIDED",
    "HOLDING_MONEY",
    "OFFERED",
    "OPEN_FOR_INTEREST",
    "PUBLISHED_STATUSES",
    "VISIBLE_TO_COUNCILLORS",
    "MAX_SCORE",
    "Application",
    "ApplicationPrinciple",
    "OutcomeMeasure",
    "OutcomeTarget",
    "Report",
    "ReportEvent",
    "ReportEvidence",
    "ReportMeasure",
    "ReportSpend",
    "ReportState",
    "ApplicationExport",
    "Assessment",
    "ConflictDeclaration",
    "ApplicationQuerySet",
    "BankDetails",
    "BudgetChange",
    "BudgetCheck",
    "BudgetLine",
    "Councillor",
    "CouncillorIdea",
    "CouncillorSupport",
    "CouncillorVote",
    "DraftComment",
    "DraftShare",
    "EarlierVote",
    "Criterion",
    "CriterionScore",
    "Condition",
    "Instalment",
    "PaymentHold",
    "PaymentRun",
    "ScheduleChange",
    "Document",
    "Fund",
    "InterestDeclaration",
    "LedgerEntry",
    "Membership",
    "Offer",
    "Organisation",
    "Priority",
    "Recommendation",
    "ReminderRule",
    "Round",
    "StandardTerms",
    "SentReminder",
    "Status",
    "StatusChange",
    "Strand",
    "Ward",
    "WardPot",
]
