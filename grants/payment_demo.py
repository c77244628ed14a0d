"""Payments' part of the demo (`seed_demo`, after grants' and offers'): two people in Finance, a payment
run built by one, approved by the other and paid, so a new user sees instalments paid, due (a final
instalment released by an accepted report) and held (an officer's hold), and the priorities strand's
payments by financial year. Walked through the real services. Running it again changes nothing."""

from django.utils import timezone

from grants.models import Application, Instalment, PaymentHold, PaymentRun, Status
from grants.services import payment_runs, payments
from kbt.accounts.models import FINANCE_GROUP, OFFICER_GROUP
from kbt.demo.users import demo_user

PAYABLE = (Status.GRANT_ACTIVE, Status.COMPLETED)


def seed_payments() -> int:
    """Returns how many instalments the demo's run paid (0 when it had run before)."""
    builder = demo_user("finance@knowsley.example", "Fiona Finance", groups=[FINANCE_GROUP], staff=True)
    approver = demo_user("finance2@knowsley.example", "Frank Finance", groups=[FINANCE_GROUP], staff=True)
    officer = demo_user("officer@knowsley.example", "Olivia Officer", groups=[OFFICER_GROUP], staff=True)
    if PaymentRun.objects.exists():
        return 0
    for application in Application.objects.filter(status__in=PAYABLE, instalments=None):
        payments.make_schedule(application, actor=officer)
    today = timezone.localdate()
    due = list(Instalment.objects.due(today).select_related("application").order_by("application__reference"))
    if not due:
        return 0
    # The last grant due is held while the run is made, then released: it is due for the next run.
    later = due[-1].application if len(due) > 1 else None
    if later is not None:
        payments.hold_unpaid(later, reason=PaymentHold.Reason.OFFICER, actor=officer, note="Checking an invoice.")
    run = payment_runs.run_build(actor=builder, today=today)
    run, _ = payment_runs.run_approve(run=run, actor=approver)
    payment_runs.run_mark_paid(run=run, actor=approver, paid_on=today, finance_reference="BACS-DEMO-0001")
    if later is not None:
        payments.release_holds(later, reason=PaymentHold.Reason.OFFICER, actor=officer)
    _officer_hold(officer)
    return run.instalment_count


def _officer_hold(officer) -> None:
    """A running grant held by an officer while the site's lease is checked."""
    grant = Application.objects.filter(status=Status.GRANT_ACTIVE).exclude(instalments=None).order_by("pk").first()
    if grant is not None:
        payments.hold_unpaid(
            grant, reason=PaymentHold.Reason.OFFICER, actor=officer, note="Checking the lease for the site."
        )
