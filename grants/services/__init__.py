"""Everything that writes grants data, one module per subject. Views, admin, commands and tasks call
these; none repeats a rule. Import from here: `from grants import services`."""

from .assessments import (
    ConflictOfInterest,
    application_assign,
    application_decide,
    application_recommend,
    applications_assign,
    assessment_problems,
    assessment_save,
    conflict_declare,
)
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
    "ConflictOfInterest",
    "application_assign",
    "application_decide",
    "application_recommend",
    "applications_assign",
    "assessment_problems",
    "assessment_save",
    "conflict_declare",
    "ActionForbidden",
    "ApplicationIncomplete",
    "BudgetExceeded",
    "MissingInput",
    "TransitionNotAllowed",
    "WorkflowError",
    "add_months",
    "application_create",
    "application_return_underspend",
    "application_transition",
    "money",
    "submission_problems",
]
