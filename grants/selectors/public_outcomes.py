"""What a published grant achieved, for its public page: the measures planned and achieved (from
reports officers accepted), the people, volunteers and hours, the group's story when it agreed to
publish it, and the photos it agreed to publish that the virus scanner passed. A fixed number of
queries whatever the grant has."""

from dataclasses import dataclass, field

from ..models import Application, Document, Report, ReportEvidence, ReportState
from .outcomes import outcomes_for

# Only pictures appear on a public page, and only ones the scanner passed.
PUBLIC_PHOTO_TYPES = ("image/jpeg", "image/png")


@dataclass
class PublicOutcomes:
    measures: list = field(default_factory=list)
    people: int = 0
    volunteers: int = 0
    volunteer_hours: int = 0
    story: str = ""
    photos: list = field(default_factory=list)


def public_photos(application_id: int):
    """The photos of this grant the public may see: on an accepted report, published with consent,
    a picture, and passed by the virus scanner."""
    return ReportEvidence.objects.filter(
        report__application_id=application_id,
        report__state=ReportState.ACCEPTED,
        publish_consent=True,
        document__scan_status=Document.ScanStatus.CLEAN,
        document__content_type__in=PUBLIC_PHOTO_TYPES,
    )


def public_outcomes(grant: Application) -> PublicOutcomes | None:
    """None while no report of the grant has been accepted: the page then says nothing of outcomes."""
    outcomes = outcomes_for(Application.objects.filter(pk=grant.pk))
    if not outcomes.reported:
        return None
    accepted = Report.objects.filter(application=grant, state=ReportState.ACCEPTED, story_consent=True)
    story = accepted.exclude(story="").order_by("-due_date", "-id").values_list("story", flat=True).first()
    return PublicOutcomes(
        measures=[m for m in outcomes.measures if m.planned or m.achieved],
        people=outcomes.people,
        volunteers=outcomes.volunteers,
        volunteer_hours=outcomes.volunteer_hours,
        story=story or "",
        photos=list(public_photos(grant.pk).only("id", "caption").order_by("id")),
    )
