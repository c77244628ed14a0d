"""A group's profile, its members and invitations, and choosing which group to act for."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from grants.models import Membership, Organisation
from tests.factories import OrganisationFactory, UserFactory, WardFactory, member_of

pytestmark = pytest.mark.django_db

PROFILE = {
    "name": "Page Moss Gardeners",
    "org_type": "charity",
    "charity_number": "1234567",
    "address_line_1": "1 Archway Road",
    "town": "Huyton",
    "postcode": "l369yu",
    "annual_income": "£12,500",
    "date_established_0": "1",
    "date_established_1": "4",
    "date_established_2": "2015",
}


def test_a_new_user_creates_their_group_and_becomes_its_main_contact(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("grants:organisations"))["Location"] == reverse("grants:organisation_create")
    response = client.post(reverse("grants:organisation_create"), {**PROFILE, "ward": WardFactory().pk})
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Page Moss Gardeners")
    assert organisation.postcode == "L36 9YU"
    assert str(organisation.annual_income) == "12500.00"
    assert Membership.objects.get(organisation=organisation, user=user).role == Membership.Role.LEAD


def test_a_charity_without_its_number_is_told_and_nothing_typed_is_lost(client):
    client.force_login(UserFactory())
    response = client.post(reverse("grants:organisation_create"), {**PROFILE, "charity_number": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "Error: Tell us about your group" in page
    assert "Enter your charity number" in page
    assert 'value="Page Moss Gardeners"' in page and 'value="1 Archway Road"' in page
    assert not Organisation.objects.exists()


def test_a_member_changes_the_profile(client):
    organisation = OrganisationFactory()
    client.force_login(member_of(organisation))
    data = {**PROFILE, "org_type": "community_group", "charity_number": "", "name": "Renamed group"}
    response = client.post(reverse("grants:organisation_change", args=[organisation.pk]), data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Renamed group"


def test_an_invitation_adds_the_invited_person_and_nobody_else(client, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    lead = member_of(organisation)
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("grants:organisation_invite", args=[organisation.pk]), {"email": "Friend@Example.org"})
    assert mail.outbox[-1].to == ["friend@example.org"]
    link = "/" + re.search(r"https?://\S+", mail.outbox[-1].body).group(0).split("/", 3)[3]

    client.force_login(UserFactory(email="someone-else@example.org"))
    assert client.get(link).status_code == 400
    assert organisation.memberships.count() == 1

    friend = UserFactory(email="friend@example.org")
    client.force_login(friend)
    assert client.get(link).status_code == 302
    assert organisation.memberships.filter(user=friend).exists()
    assert client.get(reverse("grants:dashboard")).context["organisation"] == organisation


def test_a_person_in_two_groups_chooses_which_one_to_act_for(client):
    first, second = OrganisationFactory(name="A group"), OrganisationFactory(name="B group")
    user = member_of(first)
    Membership.objects.create(organisation=second, user=user)
    client.force_login(user)
    assert client.get(reverse("grants:dashboard")).context["organisation"] == first
    client.post(reverse("grants:organisation_choose"), {"organisation": second.pk})
    assert client.get(reverse("grants:dashboard")).context["organisation"] == second
    # Choosing someone else's group is a 404.
    assert (
        client.post(reverse("grants:organisation_choose"), {"organisation": OrganisationFactory().pk}).status_code
        == 404
    )


def test_choosing_with_a_made_up_value_is_a_404_not_an_error(client):
    client.force_login(member_of(OrganisationFactory()))
    assert client.post(reverse("grants:organisation_choose"), {"organisation": "abc"}).status_code == 404
