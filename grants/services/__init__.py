"""Everything that writes grants data, one module per subject. Views, admin, commands and tasks call
these; none repeats a rule. Import from here: `from grants import services`."""

from .councillors import CouncillorDecision, councillor_decide, interest_declare
from .reminders import reminder_retry, reminder_send, reminders_queue, reminders_sweep
from .workflow import (
    ActionForbidden,
    ApplicationIncomplete,
    BudgetExceeded,
    MissingInput,
    TransitionNotAllowed,
    WorkflowError,
    add_months,
    application_create,
    application_return_underspend,
    application_transition,
    money,
    submission_problems,
)

__all__ = [
    "ActionForbidden",
    "ApplicationIncomplete",
    "BudgetExceeded",
    "CouncillorDecision",
    "MissingInput",
    "TransitionNotAllowed",
    "WorkflowError",
    "add_months",
    "application_create",
    "application_return_underspend",
    "application_transition",
    "councillor_decide",
    "interest_declare",
    "money",
    "reminder_retry",
    "reminder_send",
    "reminders_queue",
    "reminders_sweep",
    "submission_problems",
]
