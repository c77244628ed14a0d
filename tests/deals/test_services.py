import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from deals import services
from deals.models import Commitment, Deal, Party, ProgressUpdate
from tests.deals.factories import TODAY, CommitmentFactory, DealFactory, PartyFactory, principles
from tests.factories import PriorityFactory, WardFactory, officer

pytestmark = pytest.mark.django_db


def test_deal_create_tags_the_deal_and_makes_its_slug_unique():
    ward = WardFactory(name="Roby")
    priority = PriorityFactory(number=2)
    first = services.deal_create(title="Dementia-friendly Knowsley", shared_goal="Live well")
    second = services.deal_create(
        title="Dementia-friendly Knowsley",
        shared_goal="Live well",
        principles=[principles()["prevention"]],
        priorities=[priority],
        wards=[ward],
    )
    assert (first.slug, second.slug) == ("dementia-friendly-knowsley", "dementia-friendly-knowsley-2")
    assert not second.published and second.status == Deal.Status.PROPOSED
    assert [p.slug for p in second.principles.all()] == ["prevention"]
    assert list(second.wards.all()) == [ward] and list(second.priorities.all()) == [priority]


def test_deal_create_refuses_a_deal_ending_before_it_starts_and_writes_nothing():
    with pytest.raises(ValidationError) as error:
        services.deal_create(
            title="Backwards", shared_goal="x", start_date=TODAY, end_date=TODAY - dt.timedelta(days=1)
        )
    assert "end_date" in error.value.message_dict
    assert not Deal.objects.exists()


def test_publishing_and_unpublishing_are_recorded_with_who_did_it():
    person = officer()
    deal = DealFactory(published=False)
    services.deal_publish(deal=deal, actor=person)
    assert Deal.objects.get(pk=deal.pk).published
    services.deal_unpublish(deal=deal, actor=person)
    assert not Deal.objects.get(pk=deal.pk).published
    latest = deal.history.order_by("-history_date", "-history_id")
    assert [h.published for h in latest[:2]] == [False, True]
    assert latest[0].history_user == person


def test_a_commitment_takes_its_partys_contact_unless_it_has_its_own():
    party = PartyFactory(contact_name="Kim Tidy", contact_email="kim@example.org")
    plain = services.commitment_add(deal=party.deal, party=party, description="Litter pick monthly")
    own = services.commitment_add(
        deal=party.deal, party=party, description="Planters", contact_name="Tom", contact_email="tom@example.org"
    )
    assert (plain.contact_name, plain.contact_email) == ("Kim Tidy", "kim@example.org")
    assert (own.contact_name, own.contact_email) == ("Tom", "tom@example.org")


def test_a_commitment_cannot_name_another_deals_party():
    other_party = PartyFactory()
    deal = DealFactory()
    with pytest.raises(ValidationError) as error:
        services.commitment_add(deal=deal, party=other_party, description="Sneaky")
    assert error.value.message_dict["party"] == ["Choose one of this deal's parties."]
    assert not Commitment.objects.exists()


def test_a_joint_commitment_has_no_party():
    deal = DealFactory()
    commitment = services.commitment_add(deal=deal, description="Clear the land together")
    assert commitment.party is None and commitment.contact_email == ""


def test_completing_records_the_date_and_evidence_and_reopening_clears_the_date():
    person = officer()
    commitment = CommitmentFactory(evidence="")
    done = services.commitment_complete(commitment=commitment, evidence="Photos of the planters", actor=person)
    assert done.status == Commitment.Status.DONE and done.evidence == "Photos of the planters"
    assert done.completed_on is not None
    assert done.history.first().history_user == person

    reopened = services.commitment_update_status(commitment=commitment, status=Commitment.Status.AT_RISK)
    assert reopened.completed_on is None
    assert reopened.evidence == "Photos of the planters"  # kept when no new evidence is given


def test_an_unknown_status_is_refused():
    commitment = CommitmentFactory()
    with pytest.raises(ValidationError):
        services.commitment_update_status(commitment=commitment, status="sort_of")
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.ON_TRACK


def test_progress_is_dated_today_unless_given_and_may_be_about_one_commitment():
    commitment = CommitmentFactory()
    author = officer()
    update = services.progress_record(deal=commitment.deal, text="Going well", author=author, commitment=commitment)
    assert update.date is not None and update.author == author
    assert list(commitment.progress_updates.all()) == [update]


def test_progress_cannot_be_about_another_deals_commitment():
    commitment = CommitmentFactory()
    with pytest.raises(ValidationError):
        services.progress_record(deal=DealFactory(), text="Wrong deal", commitment=commitment)
    assert not ProgressUpdate.objects.exists()


def test_party_names_are_unique_within_a_deal_only():
    deal = DealFactory()
    services.party_add(deal=deal, name="Knowsley Council", kind=Party.Kind.COUNCIL)
    services.party_add(deal=DealFactory(), name="Knowsley Council", kind=Party.Kind.COUNCIL)
    with pytest.raises(ValidationError):
        services.party_add(deal=deal, name="Knowsley Council", kind=Party.Kind.COUNCIL)
    assert Party.objects.filter(name="Knowsley Council").count() == 2
