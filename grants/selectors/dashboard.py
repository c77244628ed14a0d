"""A group's dashboard: its applications as rows, in a fixed number of small queries however many."""

from dataclasses import dataclass, field
from types import SimpleNamespace

from ..models import Application, CouncillorSupport, Offer, Organisation, Round, Status


@dataclass
class DashboardApplication:
    """What the dashboard shows of one application (views.applicant.common.describe adds its words)."""

    pk: int
    reference: str
    title: str
    status: str
    strand: SimpleNamespace  # name
    round: Round  # opens_at and closes_at only, for is_open()
    idea: SimpleNamespace | None  # title
    current_offers: list = field(default_factory=list)  # current offers (expires_on), for bids with one
    supports: list = field(default_factory=list)  # ("Cllr Name", note), in the order given


def dashboard_applications(organisation: Organisation) -> list[DashboardApplication]:
    """The organisation's applications, newest first, with their current offer (for bids with an offer
    to accept) and their councillors' support. Two or three queries."""
    rows = (
        Application.objects.filter(organisation=organisation)
        .order_by("-created_at")
        .values_list(
            "pk", "reference", "title", "status", "strand__name", "round__opens_at", "round__closes_at", "idea__title"
        )
    )
    applications = [
        DashboardApplication(
            pk=pk,
            reference=reference,
            title=title,
            status=status,
            strand=SimpleNamespace(name=strand),
            round=Round(opens_at=opens_at, closes_at=closes_at),
            idea=SimpleNamespace(title=idea) if idea is not None else None,
        )
        for pk, reference, title, status, strand, opens_at, closes_at, idea in rows
    ]
    by_pk = {application.pk: application for application in applications}
    offered = [application.pk for application in applications if application.status == Status.OFFER_ISSUED]
    if offered:
        for offer in Offer.objects.filter(application_id__in=offered, is_current=True).only(
            "application_id", "expires_on"
        ):
            by_pk[offer.application_id].current_offers.append(offer)
    support = CouncillorSupport.objects.filter(application__organisation=organisation).values_list(
        "application_id", "note", "councillor__user__full_name", "councillor__user__email"
    )
    for application_id, note, full_name, email in support:
        if application_id in by_pk:
            by_pk[application_id].supports.append((f"Cllr {full_name or email}", note))
    return applications
