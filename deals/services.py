"""Everything that writes deals, parties, commitments and progress. Each service validates with
`full_clean`, writes inside one transaction and records who made the change in the deal's history."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from grants.models import Application, Organisation, Priority, Ward

from .models import Commitment, Deal, Party, Principle, ProgressUpdate


def _unique_slug(title: str) -> str:
    base = slugify(title)[:190] or "deal"
    slug, n = base, 2
    while Deal.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _save(instance, actor=None):
    # simple-history reads the author of the change from here when no request is in progress.
    if actor is not None:
        instance._history_user = actor
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def deal_create(
    *,
    title: str,
    shared_goal: str,
    actor=None,
    lead_officer=None,
    description: str = "",
    status: str = Deal.Status.PROPOSED,
    start_date: dt.date | None = None,
    review_date: dt.date | None = None,
    end_date: dt.date | None = None,
    slug: str = "",
    principles: Iterable[Principle] = (),
    priorities: Iterable[Priority] = (),
    wards: Iterable[Ward] = (),
    applications: Iterable[Application] = (),
) -> Deal:
    """Creates an unpublished deal with a unique slug (from the title unless given), tagged with its
    principles, priorities and wards and linked to its grant applications, or raises ValidationError
    and writes nothing."""
    deal = Deal(
        title=title,
        shared_goal=shared_goal,
        description=description,
        status=status,
        start_date=start_date,
        review_date=review_date,
        end_date=end_date,
        lead_officer=lead_officer,
        slug=slug or _unique_slug(title),
    )
    _save(deal, actor)
    deal.principles.set(principles)
    deal.priorities.set(priorities)
    deal.wards.set(wards)
    deal.applications.set(applications)
    return deal


@transaction.atomic
def deal_publish(*, deal: Deal, actor=None) -> Deal:
    """Shows the deal on the public site, at its slug."""
    deal.published = True
    return _save(deal, actor)


@transaction.atomic
def deal_unpublish(*, deal: Deal, actor=None) -> Deal:
    """Takes the deal off the public site: its page answers 404 from now on."""
    deal.published = False
    return _save(deal, actor)


@transaction.atomic
def deal_set_status(*, deal: Deal, status: str, actor=None) -> Deal:
    """Moves the deal to any of its statuses (deals are informal: there is no fixed path)."""
    deal.status = status
    return _save(deal, actor)


@transaction.atomic
def party_add(
    *,
    deal: Deal,
    name: str,
    kind: str,
    organisation: Organisation | None = None,
    contact_name: str = "",
    contact_email: str = "",
    actor=None,
) -> Party:
    """Adds a party to the deal. Names are unique within a deal."""
    party = Party(
        deal=deal,
        name=name,
        kind=kind,
        organisation=organisation,
        contact_name=contact_name,
        contact_email=contact_email,
    )
    return _save(party, actor)


@transaction.atomic
def commitment_add(
    *,
    deal: Deal,
    description: str,
    party: Party | None = None,
    due_date: dt.date | None = None,
    status: str = Commitment.Status.NOT_STARTED,
    contact_name: str = "",
    contact_email: str = "",
    actor=None,
) -> Commitment:
    """Records what a party of this deal (or, with no party, everyone together) will do by when. The
    party must belong to the deal; the contact for reminders is the party's unless one is given."""
    commitment = Commitment(
        deal=deal,
        party=party,
        description=description,
        due_date=due_date,
        status=status,
        contact_name=contact_name,
        contact_email=contact_email,
    )
    return _save(commitment, actor)


@transaction.atomic
def commitment_update_status(
    *, commitment: Commitment, status: str, evidence: str = "", on: dt.date | None = None, actor=None
) -> Commitment:
    """Sets a commitment's status, keeping the evidence given (or what was there). Done records the
    date it was done (today unless given); any other status clears it."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    commitment.status = status
    if evidence:
        commitment.evidence = evidence
    commitment.completed_on = (on or timezone.localdate()) if status == Commitment.Status.DONE else None
    return _save(commitment, actor)


def commitment_complete(
    *, commitment: Commitment, evidence: str = "", on: dt.date | None = None, actor=None
) -> Commitment:
    """Marks the commitment done, with its evidence and the date it was done."""
    return commitment_update_status(
        commitment=commitment, status=Commitment.Status.DONE, evidence=evidence, on=on, actor=actor
    )


@transaction.atomic
def progress_record(
    *,
    deal: Deal,
    text: str,
    author=None,
    date: dt.date | None = None,
    commitment: Commitment | None = None,
) -> ProgressUpdate:
    """Adds a dated progress update to the deal (today unless given), optionally about one of its
    commitments. It shows on the public page once the deal is published."""
    update = ProgressUpdate(
        deal=deal, commitment=commitment, text=text, author=author, date=date or timezone.localdate()
    )
    update.full_clean()
    update.save()
    return update
