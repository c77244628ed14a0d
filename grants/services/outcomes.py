"""What a group promises in its application: a number to aim for on each outcome measure it picks,
and the co-operative principles its project shows, which an officer confirms at assessment."""

from django.db import transaction
from django.utils import timezone

from .. import workflow
from ..models import ASSESSABLE, Application, ApplicationPrinciple, OutcomeMeasure, OutcomeTarget, Status
from ..workflow import Role
from .applications import application_update
from .errors import ActionForbidden, ApplicationIncomplete, TransitionNotAllowed


@transaction.atomic
def application_outcomes_save(*, application: Application, actor, targets: dict, principles, **fields) -> Application:
    """Save a draft's outcomes section: its answers, its targets and the principles the group picked."""
    application_update(application=application, actor=actor, **fields)
    outcome_targets_save(application=application, targets=targets)
    principles_choose(application=application, principle_ids=principles)
    return application


@transaction.atomic
def outcome_targets_save(*, application: Application, targets: dict) -> None:
    """Set a draft's targets: `targets` maps a measure's id to a whole number (None or 0 drops it).
    Only the strand's active measures count; a draft without targets still works as before."""
    if application.status != Status.DRAFT:
        raise ApplicationIncomplete(["this application has been sent and can no longer be changed"])
    allowed = set(OutcomeMeasure.objects.for_strand(application.strand).values_list("pk", flat=True))
    keep = {pk: number for pk, number in targets.items() if pk in allowed and number}
    application.outcome_targets.exclude(measure_id__in=keep).delete()
    existing = {t.measure_id: t for t in application.outcome_targets.all()}
    for pk, number in keep.items():
        target = existing.get(pk) or OutcomeTarget(application=application, measure_id=pk)
        target.target = number
        target.full_clean(exclude=["application", "measure"])
        target.save()


@transaction.atomic
def principles_choose(*, application: Application, principle_ids) -> None:
    """The co-operative principles the group says its draft shows."""
    if application.status != Status.DRAFT:
        raise ApplicationIncomplete(["this application has been sent and can no longer be changed"])
    wanted = {int(pk) for pk in principle_ids}
    application.principle_choices.exclude(principle_id__in=wanted).delete()
    have = set(application.principle_choices.values_list("principle_id", flat=True))
    ApplicationPrinciple.objects.bulk_create(
        [ApplicationPrinciple(application=application, principle_id=pk) for pk in sorted(wanted - have)]
    )


@transaction.atomic
def principles_confirm(*, application: Application, actor, principle_ids) -> None:
    """An officer confirms which principles the project shows, while assessing it: the group's choices
    ticked are confirmed, others it chose are left unconfirmed, and any the officer adds are kept as
    the officer's. Guarantees: only an officer, only while the bid can still be assessed."""
    if Role.OFFICER not in workflow.roles_for(actor, application):
        raise ActionForbidden("Only an officer can confirm the co-operative principles.")
    if application.status not in ASSESSABLE:
        raise TransitionNotAllowed("Principles are confirmed while the bid is being assessed.")
    wanted = {int(pk) for pk in principle_ids}
    now = timezone.now()
    rows = {row.principle_id: row for row in application.principle_choices.select_for_update()}
    for pk, row in rows.items():
        if pk not in wanted and not row.chosen_by_group:
            row.delete()
            continue
        row.confirmed = pk in wanted
        row.confirmed_by, row.confirmed_at = (actor, now) if row.confirmed else (None, None)
        row.save(update_fields=["confirmed", "confirmed_by", "confirmed_at"])
    ApplicationPrinciple.objects.bulk_create(
        [
            ApplicationPrinciple(
                application=application,
                principle_id=pk,
                chosen_by_group=False,
                confirmed=True,
                confirmed_by=actor,
                confirmed_at=now,
            )
            for pk in sorted(wanted - set(rows))
        ]
    )
