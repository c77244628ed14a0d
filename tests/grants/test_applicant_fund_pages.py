"""Fund pages, the closed-round page and the eligibility check."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Application
from tests.factories import (
    OrganisationFactory,
    PriorityFactory,
    RoundFactory,
    StrandFactory,
    UserFactory,
    WardFactory,
    member_of,
    priorities_strand,
)

pytestmark = pytest.mark.django_db

ELIGIBLE = {"org_type": "community_group", "in_knowsley": "yes", "bank_account": "yes", "governing_document": "yes"}


def test_a_strand_page_shows_its_limits_round_and_start_button(client):
    round_ = RoundFactory(strand=priorities_strand(), name="Spring round")
    page = client.get(reverse("grants:strand", args=["pri"])).content.decode()
    assert "£1,000 to £50,000" in page and "up to 36 months" in page and "20%" in page
    assert "Spring round is open until" in page
    assert reverse("grants:eligibility", args=["pri"]) in page
    assert round_.strand.name in client.get("/").content.decode()


def test_a_closed_strand_says_so_and_sends_applicants_to_the_closed_page(client):
    strand = StrandFactory()
    RoundFactory(
        strand=strand, opens_at=timezone.now() - dt.timedelta(days=60), closes_at=timezone.now() - dt.timedelta(days=1)
    )
    page = client.get(reverse("grants:strand", args=[strand.slug])).content.decode()
    assert "closed for applications" in page
    assert reverse("grants:eligibility", args=[strand.slug]) not in page
    client.force_login(member_of(OrganisationFactory()))
    response = client.get(reverse("grants:eligibility", args=[strand.slug]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("grants:round_closed", args=[strand.slug])
    assert "This round is closed" in response.content.decode()


def test_someone_without_a_group_is_asked_to_describe_it_first(client):
    RoundFactory(strand=StrandFactory())
    client.force_login(UserFactory())
    response = client.get(reverse("grants:eligibility", args=["env"]))
    assert response["Location"].startswith(reverse("grants:organisation_create"))


def test_an_eligible_group_starts_a_draft_in_its_ward(client):
    ward = WardFactory(name="Page Moss")
    RoundFactory(strand=StrandFactory())
    user = member_of(OrganisationFactory())
    client.force_login(user)
    response = client.post(reverse("grants:eligibility", args=["env"]), {**ELIGIBLE, "ward": ward.pk})
    assert response["Location"] == reverse("grants:start", args=["env"])
    response = client.post(reverse("grants:start", args=["env"]), {"title": "Greening Page Moss"})
    application = Application.objects.get()
    assert response["Location"] == reverse("grants:application", args=[application.pk])
    assert application.ward == ward and application.title == "Greening Page Moss"
    assert application.reference == f"KBT-ENV-{application.pk:05d}" and application.created_by == user


def test_priorities_chosen_in_the_check_are_kept_on_the_draft(client):
    RoundFactory(strand=priorities_strand())
    first, fifth = PriorityFactory(number=1), PriorityFactory(number=5)
    client.force_login(member_of(OrganisationFactory()))
    client.post(reverse("grants:eligibility", args=["pri"]), {**ELIGIBLE, "priorities": [first.pk, fifth.pk]})
    client.post(reverse("grants:start", args=["pri"]), {"title": "Healthy walks"})
    assert set(Application.objects.get().priorities.all()) == {first, fifth}


@pytest.mark.parametrize(
    "answers, reason",
    [
        ({"org_type": "other"}, "Individuals and businesses run for profit cannot apply"),
        ({"in_knowsley": "no"}, "live or work in Knowsley"),
        ({"bank_account": "no"}, "bank account in its own name"),
        ({"governing_document": "no"}, "governing document"),
    ],
)
def test_a_group_that_cannot_apply_is_told_why_and_no_draft_starts(client, answers, reason):
    RoundFactory(strand=StrandFactory())
    client.force_login(member_of(OrganisationFactory()))
    response = client.post(
        reverse("grants:eligibility", args=["env"]), {**ELIGIBLE, **answers, "ward": WardFactory().pk}
    )
    page = response.content.decode()
    assert "Your group cannot apply" in page and reason in page
    assert client.get(reverse("grants:start", args=["env"]))["Location"] == reverse("grants:eligibility", args=["env"])
    assert not Application.objects.exists()


def test_the_eligibility_check_says_what_is_missing(client):
    RoundFactory(strand=StrandFactory())
    client.force_login(member_of(OrganisationFactory()))
    page = client.post(reverse("grants:eligibility", args=["env"]), {"in_knowsley": "yes"}).content.decode()
    assert "Error: Check your group can apply" in page
    assert "Select the ward your project is in" in page
    assert "Select yes if your group has a bank account in its own name" in page
