"""Time for reminders: they are due on UK calendar days, from a time of day the rule sets, and some count
working days (weekends and English bank holidays skipped)."""

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day`, UK time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def latest_due_day(now: dt.datetime, send_from: dt.time) -> dt.date:
    """The latest day whose reminders may go out by `now`: today once `send_from` has passed."""
    local = timezone.localtime(now)
    return local.date() if local.time() >= send_from else local.date() - dt.timedelta(days=1)


@lru_cache(maxsize=8)
def _bank_holidays(year: int):
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The working day `count` working days before `day` (weekends and English bank holidays skipped)."""
    while count > 0:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`."""
    days, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        days += is_working_day(day)
    return days
