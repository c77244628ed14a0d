"""Targets and their figures: officers' figures count at once, partners' wait for a check, only accepted
figures show publicly; evidence passes the application documents' checks; asks of government; the
businesses count and the roll-ups."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from deals import services
from deals.models import DealsSettings, GovernmentAsk, Party, TargetUpdate
from deals.selectors import business_count, target_rollups
from tests.deals.factories import TODAY, CommitmentFactory, DealFactory, MeasureFactory, PartyFactory, TargetFactory
from tests.factories import PriorityFactory, WardFactory, officer

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 evidence"


@pytest.fixture
def contact(django_user_model):
    return django_user_model.objects.create_user(email="erin@employers.example.org", password="x" * 12)


def invited(contact, party):
    invitation = services.partner_invite(party=party, name="Erin", email=contact.email, actor=officer())
    services.partner_invitation_accept(token=invitation.token, user=contact)
    return invitation


def test_a_target_starts_at_its_baseline():
    commitment = CommitmentFactory()
    target = services.target_set(
        commitment=commitment,
        measure=MeasureFactory(),
        target_number=300,
        baseline=20,
        target_date=TODAY + dt.timedelta(days=90),
        baseline_date=TODAY,
    )
    assert (target.achieved, target.achieved_on) == (20, None)
    with pytest.raises(ValidationError):
        services.target_set(
            commitment=commitment,
            measure=MeasureFactory(),
            target_number=10,
            baseline=20,
            target_date=TODAY,
            baseline_date=TODAY - dt.timedelta(days=1),
        )


def test_an_officers_figure_counts_at_once_and_the_latest_dated_figure_wins():
    target = TargetFactory()
    lead = officer()
    services.target_update_record(target=target, achieved=212, date=TODAY - dt.timedelta(days=1), actor=lead)
    services.target_update_record(target=target, achieved=150, date=TODAY - dt.timedelta(days=30), actor=lead)
    target.refresh_from_db()
    assert (target.achieved, target.achieved_on) == (212, TODAY - dt.timedelta(days=1))
    assert target.progress_text == f"212 of 300 apprenticeships (71%), due {target.target_date:%B %Y}"


def test_a_partners_figure_waits_for_a_check_and_shows_only_once_accepted(client, contact):
    party = PartyFactory(kind=Party.Kind.BUSINESS, name="Local employers")
    target = TargetFactory(commitment=CommitmentFactory(deal=party.deal, party=party))
    invited(contact, party)
    update = services.target_update_report(target=target, achieved=35, user=contact, date=TODAY)
    assert update.state == TargetUpdate.State.AWAITING_CHECK
    target.refresh_from_db()
    assert target.achieved == 0
    assert "35 of 300 apprenticeships" not in client.get(party.deal.get_absolute_url()).content.decode()

    services.target_update_accept(update=update, actor=officer())
    target.refresh_from_db()
    assert target.achieved == 35
    assert "35 of 300 apprenticeships (12%)" in client.get(party.deal.get_absolute_url()).content.decode()


def test_a_partner_cannot_report_on_another_partys_target(contact):
    mine = PartyFactory()
    invited(contact, mine)
    theirs = TargetFactory(commitment=CommitmentFactory(party=PartyFactory()))
    with pytest.raises(ValidationError):
        services.target_update_report(target=theirs, achieved=5, user=contact)
    assert not TargetUpdate.objects.exists()


def test_evidence_passes_the_application_documents_checks(contact):
    target = TargetFactory()
    with pytest.raises(ValidationError) as refused:
        services.target_update_record(
            target=target, achieved=5, actor=officer(), evidence=SimpleUploadedFile("list.pdf", b"not a pdf")
        )
    assert "must be a PDF" in str(refused.value)
    assert not TargetUpdate.objects.exists()
    update = services.target_update_record(
        target=target, achieved=5, actor=officer(), evidence=SimpleUploadedFile("list.pdf", PDF)
    )
    assert update.evidence_name == "list.pdf" and update.evidence.name.startswith("deal-evidence/")


def test_an_invitation_is_for_its_own_address_only(contact, django_user_model):
    party = PartyFactory()
    invitation = services.partner_invite(party=party, name="Erin", email="Erin@Employers.example.org", actor=officer())
    stranger = django_user_model.objects.create_user(email="someone@example.org", password="x" * 12)
    with pytest.raises(services.InvitationRefused):
        services.partner_invitation_accept(token=invitation.token, user=stranger)
    services.partner_invitation_accept(token=invitation.token, user=contact)
    assert list(Party.objects.for_contact(contact)) == [party]
    assert not Party.objects.for_contact(stranger).exists()


def test_the_public_page_shows_asks_of_government_with_their_outcome(client):
    deal = DealFactory()
    services.government_ask_add(
        deal=deal, ask="Devolve the adult skills budget", outcome=GovernmentAsk.Outcome.PARTLY, outcome_note="A pilot"
    )
    page = client.get(deal.get_absolute_url()).content.decode()
    assert page.index("Together we will…") < page.index("We ask government to…") < page.index("Devolve the adult")
    assert "Partly agreed" in page and "A pilot" in page
    assert "We ask government to…" not in client.get(DealFactory().get_absolute_url()).content.decode()


def test_businesses_are_counted_once_across_published_deals_by_ward_and_priority(client):
    roby, care = WardFactory(name="Roby"), PriorityFactory(number=2, name="Adult social care")
    first, second, hidden = DealFactory(), DealFactory(), DealFactory(published=False)
    first.wards.add(roby)
    first.priorities.add(care)
    for deal in (first, second, hidden):
        PartyFactory(deal=deal, name="Kirkby Bakery", kind=Party.Kind.BUSINESS)
    PartyFactory(deal=second, name="KIRKBY BAKERY ", kind=Party.Kind.PARTNER)
    PartyFactory(deal=second, name="Halewood Garage", kind=Party.Kind.BUSINESS)
    PartyFactory(deal=hidden, name="Secret Shop", kind=Party.Kind.BUSINESS)
    settings = DealsSettings.load()
    settings.business_pledge_share = 40
    settings.save()

    count = business_count()
    assert count.total == 2
    assert [(row.name, row.count) for row in count.by_ward] == [("Roby", 1)]
    assert [(row.name, row.count) for row in count.by_priority] == [("Adult social care", 1)]
    assert count.pledge_percent == 5
    page = client.get(reverse("deals:list")).content.decode()
    assert "Deals with 2 local businesses" in page and "of the 40 businesses" in page


def test_targets_roll_up_by_priority_principle_and_ward_with_a_chart_and_a_table(client):
    care = PriorityFactory(number=2, name="Adult social care")
    deal = DealFactory()
    deal.priorities.add(care)
    TargetFactory(commitment=CommitmentFactory(deal=deal), target_number=300, achieved=150)
    TargetFactory(commitment=CommitmentFactory(deal=deal), target_number=100, achieved=50)
    hidden = DealFactory(published=False)
    hidden.priorities.add(care)
    TargetFactory(commitment=CommitmentFactory(deal=hidden), target_number=1000)
    [(_, _, by_priority), _, _] = target_rollups()
    [row] = by_priority
    assert (row.name, row.count, row.target_total, row.achieved_total, row.percent) == (
        "Adult social care",
        2,
        400,
        200,
        50,
    )
    page = client.get(reverse("deals:list")).content.decode()
    assert '<svg class="kbt-bar-chart" role="img"' in page and '<title id="rollup-priority-title">' in page
    assert "Adult social care, apprenticeships: 50%." in page  # the chart's description says the figures in words
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">400</td>' in page


def test_rollups_never_add_different_measures_together(client):
    """300 apprenticeships and 100 jobs are not 400 of anything: each measure is rolled up on its own."""
    care = PriorityFactory(number=2, name="Adult social care")
    deal = DealFactory()
    deal.priorities.add(care)
    jobs = MeasureFactory(name="jobs created", slug="jobs-created")
    TargetFactory(commitment=CommitmentFactory(deal=deal), target_number=300, achieved=150)
    TargetFactory(commitment=CommitmentFactory(deal=deal), target_number=100, achieved=100, measure=jobs)
    TargetFactory(commitment=CommitmentFactory(deal=deal), target_number=50, achieved=0, measure=jobs)
    [(_, _, by_priority), _, _] = target_rollups()
    assert [(r.name, r.measure, r.count, r.target_total, r.achieved_total, r.percent) for r in by_priority] == [
        ("Adult social care", "apprenticeships", 1, 300, 150, 50),
        ("Adult social care", "jobs created", 2, 150, 100, 67),
    ]
    page = client.get(reverse("deals:list")).content.decode()
    assert "Adult social care, apprenticeships: 50%." in page
    assert "Adult social care, jobs created: 67%." in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">450</td>' not in page
