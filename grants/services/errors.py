"""The refusals every grants service raises. `message` is plain English, fit to show on the page."""


class WorkflowError(Exception):
    """A move the workflow refuses. `message` is plain English, fit to show on the page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionNotAllowed(WorkflowError):
    """The table has no such move from the application's status."""


class ActionForbidden(WorkflowError):
    """The table has the move, but not for any role this person holds on this application."""


class MissingInput(WorkflowError):
    """The move needs a reason or an amount that was not given, or was out of range."""


class ApplicationIncomplete(WorkflowError):
    def __init__(self, problems: list[str]):
        super().__init__("Your application is not ready to send: " + "; ".join(problems))
        self.problems = problems


class BudgetExceeded(WorkflowError):
    """Approving would commit more than remains in the strand or the ward pot."""


class ConflictOfInterest(WorkflowError):
    """The officer has declared an interest in this bid, or has not yet said whether they have one."""


class OfferInvalid(MissingInput):
    """What was entered for a grant offer or bank details does not pass the checks. `problems` maps
    each form field to its plain-English message."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


class PaymentRefused(WorkflowError):
    """A schedule change, hold, payment run or payment the rules refuse (grants.services.payments)."""


class NotReady(WorkflowError):
    """A report not ready to send, or a grant not ready to be marked completed: `problems` says why."""

    def __init__(self, lead: str, problems: list[str]):
        super().__init__(f"{lead}: " + "; ".join(problems))
        self.problems = problems
