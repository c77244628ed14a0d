"""Saving the optional equality monitoring answers."""

from django.db import transaction
from django.utils import timezone

from grants.models import Application, Status

from ..models import EqualityResponse

ANSWER_FIELDS = (
    "serves_age",
    "serves_ethnicity",
    "serves_ethnicity_other",
    "serves_disabled",
    "led_by_ethnicity",
    "led_by_ethnicity_other",
    "led_by_disabled",
    "led_by_sex",
)


class EqualityRefused(Exception):
    pass


@transaction.atomic
def equality_response_save(*, application: Application, user, consent: bool, answers: dict) -> EqualityResponse:
    """Record (or replace) a group's equality answers for a sent application, with consent.

    Guarantees: nothing is stored without consent; only answers for a sent application; one set of
    answers per application, kept in its own table, never on the application."""
    if not consent:
        raise EqualityRefused("We can only keep your answers if you agree to how we will use them.")
    if application.status == Status.DRAFT:
        raise EqualityRefused("You can answer these questions once your application has been sent.")
    response, _ = EqualityResponse.objects.select_for_update().get_or_create(
        application=application,
        defaults={"answered_by": user, "consent": True, "consented_at": timezone.now(), **_only(answers)},
    )
    for name, value in _only(answers).items():
        setattr(response, name, value)
    response.answered_by, response.consent, response.consented_at = user, True, timezone.now()
    response.full_clean()
    response.save()
    return response


def _only(answers: dict) -> dict:
    return {name: answers.get(name, "") for name in ANSWER_FIELDS}


@transaction.atomic
def equality_response_withdraw(*, application: Application) -> None:
    """Consent withdrawn: the answers are deleted."""
    EqualityResponse.objects.filter(application=application).delete()
