"""Demo deals for `seed_demo` (kbt/demo), drawn from the council's own examples (deals/demo/data.py), each
with its parties and commitments (some overdue), targets with checked figures, a little progress, one ask
of government and one partner contact who can sign in (PARTNER_EMAIL) with a figure waiting for a check.
Dates are set from the day they are first made. Running it again changes nothing: a deal that exists (by
slug) is left as it is."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from grants.models import Application, Organisation, Priority, Ward
from kbt.accounts.models import User
from kbt.demo.users import demo_user

from .. import services
from ..models import Commitment, Deal, Principle
from ..principles import ensure_measures, ensure_principles
from .data import DEALS, GOVERNMENT_ASKS, PARTNER_EMAIL, TARGETS

S = Commitment.Status


def seed_deals(today: dt.date | None = None) -> int:
    """Creates the demo deals that do not exist yet, all published, and returns how many it made."""
    today = today or timezone.localdate()
    ensure_principles()
    lead_officer = User.objects.filter(email="officer@knowsley.example").first()
    made = 0
    with transaction.atomic():
        for spec in DEALS:
            if Deal.objects.filter(slug=spec["slug"]).exists():
                continue
            _make_deal(spec, today, lead_officer)
            made += 1
    return made


def _make_deal(spec, today, lead_officer):
    def day(offset):
        return None if offset is None else today + dt.timedelta(days=offset)

    deal = services.deal_create(
        title=spec["title"],
        slug=spec["slug"],
        shared_goal=spec["shared_goal"],
        description=spec["description"],
        status=spec["status"],
        start_date=day(spec["start"]),
        review_date=day(spec["review"]),
        end_date=day(spec["end"]),
        lead_officer=lead_officer,
        actor=lead_officer,
        principles=Principle.objects.filter(slug__in=spec["principles"]),
        priorities=Priority.objects.filter(number__in=spec["priorities"]),
        wards=Ward.objects.filter(name__in=spec["wards"]),
        applications=Application.objects.filter(title__in=spec["applications"]),
    )
    parties = _parties(deal, spec, lead_officer)
    commitments = _commitments(deal, spec, parties, day, today, lead_officer)
    for offset, about, text in spec["progress"]:
        services.progress_record(
            deal=deal, text=text, date=day(offset), author=lead_officer, commitment=commitments.get(about)
        )
    _targets(spec, commitments, day, lead_officer)
    for ask, outcome, note in GOVERNMENT_ASKS.get(spec["slug"], []):
        services.government_ask_add(deal=deal, ask=ask, outcome=outcome, outcome_note=note, actor=lead_officer)
    for party in parties.values():
        if party.contact_email == PARTNER_EMAIL:
            _partner_contact(party, lead_officer)
    services.deal_publish(deal=deal, actor=lead_officer)


def _parties(deal, spec, lead_officer) -> dict:
    parties = {}
    for name, kind, contact_name, contact_email, organisation_name in spec["parties"]:
        organisation = Organisation.objects.filter(name=organisation_name).first() if organisation_name else None
        parties[name] = services.party_add(
            deal=deal,
            name=name,
            kind=kind,
            organisation=organisation,
            contact_name=contact_name,
            contact_email=contact_email,
            actor=lead_officer,
        )
    return parties


def _commitments(deal, spec, parties, day, today, lead_officer) -> dict:
    commitments = {}
    for party_name, description, due, status in spec["commitments"]:
        commitment = services.commitment_add(
            deal=deal,
            party=parties[party_name] if party_name else None,
            description=description,
            due_date=day(due),
            actor=lead_officer,
        )
        if status == S.DONE:
            commitment = services.commitment_complete(
                commitment=commitment, on=day(due) or today, evidence="Confirmed at the review meeting."
            )
        elif status != S.NOT_STARTED:
            commitment = services.commitment_update_status(commitment=commitment, status=status, actor=lead_officer)
        commitments[description] = commitment
    return commitments


def _targets(spec, commitments, day, lead_officer):
    measures = ensure_measures()
    for about, measure, number, baseline, due, figures in TARGETS.get(spec["slug"], []):
        target = services.target_set(
            commitment=commitments[about],
            measure=measures[measure],
            target_number=number,
            baseline=baseline,
            baseline_date=day(spec["start"]),
            target_date=day(due),
            actor=lead_officer,
        )
        for offset, achieved in figures:
            services.target_update_record(target=target, achieved=achieved, date=day(offset), actor=lead_officer)


def _partner_contact(party, lead_officer):
    """The demo's partner contact: an account with the demo password, the invitation accepted, and one
    figure of theirs waiting for an officer's check."""
    user = demo_user(PARTNER_EMAIL, "Erin Employer")
    invitation = services.partner_invite(party=party, name="Erin Employer", email=PARTNER_EMAIL, actor=lead_officer)
    services.partner_invitation_accept(token=invitation.token, user=user)
    target = (
        party.commitments.filter(targets__measure__slug="apprenticeships")
        .first()
        .targets.get(measure__slug="apprenticeships")
    )
    services.target_update_report(target=target, achieved=6, user=user, note="Two more started this month.")
