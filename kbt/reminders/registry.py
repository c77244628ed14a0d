"""Kinds of reminder: who is reminded of what, when it is due, and what the email says.

A kind is a small object registered here. `due(rules, now)` reads database state and returns every
reminder due now, in a fixed number of queries whatever the amount of data (one or two per timing);
`email(reminder, subject)` builds the message at send time, or returns None when the reminder is no
longer needed (the draft was sent, the question answered, the bids decided). Each app's kinds live in
its own `<app>/reminders.py` (grants, deals) and register themselves on this registry, which imports
those modules the first time it is asked for its kinds.

Timings are data (grants.models.ReminderRule), seeded with the defaults of each kind.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Due:
    """One reminder due now: the claim's unique key."""

    kind: str
    object_type_id: int
    object_id: int
    recipient: str
    due_date: dt.date


@dataclass
class Email:
    subject: str
    template: str
    context: dict = field(default_factory=dict)


class ReminderKind:
    key: str = ""
    label: str = ""
    # What `ReminderRule.days` means for this kind, shown in admin.
    days_mean: str = ""
    # The timings seeded by the data migration: ReminderRule field values.
    defaults: tuple[dict, ...] = ()
    weekly: bool = False

    def due(self, rules, now: dt.datetime) -> Iterable[Due]:
        raise NotImplementedError

    def email(self, reminder, subject) -> Email | None:
        raise NotImplementedError


class Registry:
    def __init__(self):
        self._kinds: dict[str, ReminderKind] = {}
        self._discovered = False

    def register(self, kind_class):
        """Class decorator: `@registry.register` on a ReminderKind subclass."""
        kind = kind_class()
        self._kinds[kind.key] = kind
        return kind_class

    def _discover(self):
        if not self._discovered:
            self._discovered = True
            autodiscover_modules("reminders")

    def all(self) -> list[ReminderKind]:
        self._discover()
        return list(self._kinds.values())

    def get(self, key: str) -> ReminderKind | None:
        self._discover()
        return self._kinds.get(key)

    def choices(self) -> list[tuple[str, str]]:
        return [(kind.key, kind.label) for kind in self.all()]


registry = Registry()


def type_id(model) -> int:
    """The content type id a Due names its object by."""
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk
