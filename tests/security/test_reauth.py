"""Sensitive actions ask again for the password and code, at most once every 15 minutes."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from grants.models import CouncillorVote, Status, StatusChange
from kbt.accounts.reauth import REAUTH_SESSION_KEY
from tests.factories import UserFactory, application_at, officer, priorities_strand
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db

CONFIRM = "/accounts/confirm/?next="


def signed_in_long_ago(client, user):
    """Signed in with password and code, but not confirmed recently."""
    client.force_login(user)
    session = client.session
    del session[REAUTH_SESSION_KEY]
    session.save()


def asks_to_confirm(response, back: str) -> bool:
    return response.status_code == 302 and response["Location"] == CONFIRM + back


def test_a_councillor_approving_a_bid_is_asked_to_confirm(client):
    ward = Ward()
    bid = ward.bid()
    signed_in_long_ago(client, ward.councillors[0])
    url = reverse("grants:councillor_approve", args=[bid.pk])
    assert asks_to_confirm(client.get(url), url)
    assert asks_to_confirm(client.post(url, {"amount": "100"}), url)
    assert not CouncillorVote.objects.exists()
    # The bid's own page (not money) is not behind the prompt.
    assert client.get(reverse("grants:councillor_bid", args=[bid.pk])).status_code == 200


def test_the_panel_approving_is_asked_to_confirm(client):
    application = application_at(Status.AWAITING_DECISION, strand=priorities_strand(), amount="20000.00")
    signed_in_long_ago(client, application.cast.panel)
    url = reverse("admin:grants_application_act", args=[application.pk, "approve"])
    response = client.post(url, {"amount": "18000.00", "reason": "x", "minute_reference": "PAN/1"})
    assert asks_to_confirm(response, url)
    assert not StatusChange.objects.filter(application=application, action="approve").exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exporting_personal_data_is_asked_to_confirm(client, fmt):
    signed_in_long_ago(client, officer())
    url = reverse("admin:grants_application_export", args=[fmt])
    assert asks_to_confirm(client.get(url), url)


def test_the_export_actions_are_asked_to_confirm(client):
    application = application_at(Status.SUBMITTED)
    signed_in_long_ago(client, officer())
    url = reverse("admin:grants_application_changelist")
    response = client.post(url, {"action": "export_csv", "_selected_action": [application.pk]})
    assert asks_to_confirm(response, url)


@pytest.mark.parametrize(
    "url_of",
    [
        lambda person: reverse("admin:accounts_user_change", args=[person.pk]),
        lambda person: reverse("admin:accounts_user_add"),
        lambda person: reverse("admin:auth_group_change", args=[Group.objects.get(name="Officer").pk]),
        lambda person: reverse("admin:grants_councillor_add"),
        lambda person: reverse("admin:grants_membership_add"),
    ],
    ids=["user change", "user add", "group", "councillor", "membership"],
)
def test_changing_roles_is_asked_to_confirm(client, url_of):
    signed_in_long_ago(client, UserFactory(is_staff=True, is_superuser=True))
    url = url_of(UserFactory())
    assert asks_to_confirm(client.get(url), url)


def test_confirming_with_password_and_code_opens_sensitive_actions_for_15_minutes(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    url = reverse("admin:accounts_user_change", args=[admin_user.pk])
    with freeze_time("2026-11-25 10:00:00") as clock:
        signed_in_long_ago(client, admin_user)
        device = TOTPDevice.objects.get(user=admin_user)
        page = client.get(CONFIRM + url)
        assert "Confirm it is you" in page.content.decode()
        wrong = client.post("/accounts/confirm/", {"password": "wrong", "code": "000000", "next": url})
        assert "Your password is not right" in wrong.content.decode()
        no_code = client.post("/accounts/confirm/", {"password": "correct-horse-battery", "next": url})
        assert "Enter your code" in no_code.content.decode()
        code = f"{totp(device.bin_key):06d}"
        ok = client.post("/accounts/confirm/", {"password": "correct-horse-battery", "code": code, "next": url})
        assert ok["Location"] == url
        assert client.get(url).status_code == 200
        clock.tick(14 * 60)
        assert client.get(url).status_code == 200
        clock.tick(2 * 60)
        assert asks_to_confirm(client.get(url), url)


def test_the_confirm_page_does_not_send_people_to_another_site(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    signed_in_long_ago(client, admin_user)
    device = TOTPDevice.objects.get(user=admin_user)
    ok = client.post(
        "/accounts/confirm/",
        {"password": "correct-horse-battery", "code": f"{totp(device.bin_key):06d}", "next": "https://evil.example/"},
    )
    assert ok["Location"] == "/admin/"


def test_an_organisations_members_changed_from_its_admin_page_are_asked_to_confirm(client):
    """The organisation page holds the memberships inline: an administrator who can change them is asked
    to confirm before the page (and its delete) opens, and a membership sent without confirming is not
    saved. An officer, who sees the members read-only, is not asked."""
    from grants.models import Membership
    from tests.factories import OrganisationFactory, administrator

    organisation = OrganisationFactory()
    url = reverse("admin:grants_organisation_change", args=[organisation.pk])
    signed_in_long_ago(client, administrator())
    assert asks_to_confirm(client.get(url), url)
    delete = reverse("admin:grants_organisation_delete", args=[organisation.pk])
    assert asks_to_confirm(client.get(delete), delete)
    newcomer = UserFactory()
    sent = client.post(
        url,
        {
            "name": organisation.name,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": newcomer.pk,
        },
    )
    assert asks_to_confirm(sent, url)
    assert not Membership.objects.filter(user=newcomer).exists()

    signed_in_long_ago(client, officer())
    assert client.get(url).status_code == 200
