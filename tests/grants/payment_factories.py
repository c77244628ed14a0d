"""Test data for payments: Finance people and running grants with their schedules."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group

from grants.models import BudgetLine, Status
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
    application = application_at(Status.GRANT_ACTIVE, amount=amount, cast=cast, **fields)
    if schedule:
        payments.make_schedule(application, actor=application.cast.officer, today=today)
    return application


def priorities_grant(*, years=((2027, "6000.00"), (2028, "3000.00"), (2029, "1000.00")), cast=None, **fields):
    """A three-year priorities grant: its budget lines spread over `years`, its schedule one instalment each."""
    total = sum(Decimal(cost) for _, cost in years)
    application = application_at(
        Status.GRANT_ACTIVE,
        strand=fields.pop("strand", None) or priorities_strand(),
        amount=str(total),
        cast=cast,
        **fields,
    )
    # The budget's years, set after the award: the schedule follows them.
    BudgetLine.objects.filter(application=application).delete()
    for year, cost in years:
        BudgetLine.objects.create(application=application, item=f"Year {year}", cost=Decimal(cost), financial_year=year)
    payments.make_schedule(application, actor=application.cast.officer, today=TODAY)
    return application
