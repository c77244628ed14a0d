"""Test data for payments: Finance people and running grants with their schedules."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from grants import services
from grants.models import BankDetails, BudgetLine, Instalment, Membership, Offer, Status
from grants.services import payments
from kbt.accounts.models import FINANCE_GROUP, User
from tests.factories import UserFactory, application_at, priorities_strand

TODAY = dt.date(2027, 5, 10)


def finance(**kwargs) -> User:
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=FINANCE_GROUP))
    return user


def running_grant(*, amount="5000.00", cast=None, schedule=True, today=TODAY, **fields):
    """A grant whose offer was accepted, with its payment schedule made (unless `schedule=False`)."""
    application = accepted(application_at(Status.OFFER_ISSUED, amount=amount, cast=cast, **fields))
    if schedule:
        payments.make_schedule(application, actor=application.cast.officer, today=today)
    return application


def priorities_grant(*, years=((2027, "6000.00"), (2028, "3000.00"), (2029, "1000.00")), cast=None, **fields):
    """A three-year priorities grant: its budget lines spread over `years`, its schedule one instalment each."""
    total = sum(Decimal(cost) for _, cost in years)
    application = application_at(
        Status.OFFER_ISSUED,
        strand=fields.pop("strand", None) or priorities_strand(),
        amount=str(total),
        cast=cast,
        **fields,
    )
    accepted(application)
    # The budget's years, set after the award: the schedule follows them.
    BudgetLine.objects.filter(application=application).delete()
    for year, cost in years:
        BudgetLine.objects.create(application=application, item=f"Year {year}", cost=Decimal(cost), financial_year=year)
    payments.make_schedule(application, actor=application.cast.officer, today=TODAY)
    return application


def accepted(application):
    """The offer accepted by a signatory with bank details, as grants.services.offers.offer_accept
    records it (without the signed letter, which is the offers' concern)."""
    Membership.objects.filter(organisation=application.organisation, user=application.applicant).update(can_sign=True)
    Offer.objects.filter(application=application, is_current=True).update(
        accepted_by=application.applicant, accepted_at=timezone.now(), signed_name="Sam Signer", signed_position="Chair"
    )
    give_bank_details(application)
    services.application_transition(application=application, action="accept_offer", actor=application.applicant)
    return application


def give_bank_details(application, *, account_number="12345678", needs_confirmation=False) -> BankDetails:
    """The group's account, as the offer's acceptance records it (current, confirmed unless told)."""
    BankDetails.objects.filter(application=application, is_current=True).update(is_current=False)
    return BankDetails.objects.create(
        application=application,
        account_name=application.organisation.name,
        sort_code="12-34-56",
        account_number=account_number,
        given_by=application.applicant,
        needs_confirmation=needs_confirmation,
    )


def pay_part(application, amount: str) -> Instalment:
    """Pay `amount` of a running grant the way the council does: an officer splits the schedule so one
    instalment of exactly `amount` is due today (the rest later), then Finance builds a run, a second
    person approves it and it is marked paid, which writes the "paid" ledger entry."""
    from grants.services.payment_runs import run_approve, run_build, run_mark_paid

    officer, today = application.cast.officer, dt.date.today()
    if not application.instalments.exists():
        payments.make_schedule(application, actor=officer, today=today)
    kept = sum((i.amount for i in application.instalments.exclude(status="scheduled")), Decimal("0.00"))
    rest = application.amount_awarded - kept - Decimal(amount)
    planned = [payments.Planned(today, Decimal(amount))]
    if rest > 0:
        planned.append(payments.Planned(today + dt.timedelta(days=3650), rest))
    payments.schedule_change(application, planned=planned, reason="Pay part now", actor=officer)
    # Other grants' instalments due today wait for their own run: an officer's hold keeps them out of this one.
    others = list(
        type(application).objects.filter(instalments__status="scheduled").exclude(pk=application.pk).distinct()
    )
    for other in others:
        payments.hold_unpaid(other, reason="officer", actor=officer, note="Not in this run")
    run = run_build(actor=finance(), today=today)
    run, _ = run_approve(run=run, actor=finance())
    run_mark_paid(run=run, actor=finance(), paid_on=today, finance_reference=f"FIN-{run.pk}")
    for other in others:
        payments.release_holds(other, reason="officer", actor=officer)
    return application.instalments.get(payment_run=run)
