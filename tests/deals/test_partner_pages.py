"""A partner contact's pages: the invitation email and link, reporting a figure for their own party's
commitments, and a 404 for every other deal, party and commitment."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from deals import services
from deals.models import Party, TargetUpdate
from tests.deals.factories import TODAY, CommitmentFactory, DealFactory, PartyFactory, TargetFactory, full_deal
from tests.factories import officer

pytestmark = pytest.mark.django_db

HOME = reverse("deals:partner_home")


@pytest.fixture
def contact(django_user_model):
    return django_user_model.objects.create_user(email="erin@employers.example.org", password="x" * 12)


@pytest.fixture
def business():
    deal = DealFactory(title="Employability Skills Project")
    party = PartyFactory(deal=deal, name="Local employers' network", kind=Party.Kind.BUSINESS)
    commitment = CommitmentFactory(deal=deal, party=party, description="Offer 15 apprenticeships")
    TargetFactory(commitment=commitment, target_number=15)
    return party


def invite(party, email="erin@employers.example.org", django_capture_on_commit_callbacks=None):
    return services.partner_invite(party=party, name="Erin Employer", email=email, actor=officer())


def test_the_invitation_email_has_the_link_and_the_link_carries_through_sign_in(
    client, contact, business, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(business)
    [email] = mail.outbox
    link = reverse("deals:partner_invitation", args=[invitation.token])
    assert email.to == ["erin@employers.example.org"] and link in email.body
    assert "Local employers' network" in email.body

    page = client.get(link)
    assert page.status_code == 200 and "Sign in" in page.content.decode()
    assert f"?next={link}".replace("/", "%2F") in page.content.decode() or f"next={link}" in page.content.decode()
    # Signed in later (after making an account), the home page accepts the invitation kept in the session.
    client.force_login(contact)
    assert client.get(HOME).status_code == 200
    invitation.refresh_from_db()
    assert invitation.user == contact


def test_someone_signed_in_with_another_address_is_refused(client, django_user_model, business):
    invitation = invite(business)
    client.force_login(django_user_model.objects.create_user(email="other@example.org", password="x" * 12))
    response = client.get(reverse("deals:partner_invitation", args=[invitation.token]))
    assert (
        response.status_code == 403 and "This invitation is for erin@employers.example.org" in response.content.decode()
    )
    assert client.get(reverse("deals:partner_invitation", args=["made-up"])).status_code == 404


def test_a_contact_reports_a_figure_that_waits_for_a_check(client, contact, business):
    invitation = invite(business)
    client.force_login(contact)
    assert client.get(reverse("deals:partner_invitation", args=[invitation.token])).status_code == 302
    home = client.get(HOME).content.decode()
    assert "Offer 15 apprenticeships" in home and "0 of 15 apprenticeships" in home
    commitment = business.commitments.get()
    url = reverse("deals:partner_commitment", args=[commitment.pk])
    target = commitment.targets.get()
    response = client.post(
        url,
        {"target": target.pk, "achieved": "abc", "date_0": "1", "date_1": "11", "date_2": "2026"},
    )
    assert response.status_code == 200 and "Enter the number as a whole number, like 35" in response.content.decode()
    response = client.post(
        url,
        {"target": target.pk, "achieved": "12", "date_0": "1", "date_1": "11", "date_2": "2026", "note": "Signed"},
        follow=True,
    )
    assert "awaiting check" in response.content.decode().lower()
    update = TargetUpdate.objects.get()
    assert (update.achieved, update.state, update.reported_by) == (12, "awaiting_check", contact)


def test_every_other_deal_party_and_commitment_is_not_found_to_a_contact(client, contact, business):
    services.partner_invitation_accept(token=invite(business).token, user=contact)
    other = full_deal(published=False)
    same_deal_other_party = CommitmentFactory(deal=business.deal, party=PartyFactory(deal=business.deal))
    together = CommitmentFactory(deal=business.deal, party=None)
    client.force_login(contact)
    for commitment in [*other.commitments.all(), same_deal_other_party, together]:
        url = reverse("deals:partner_commitment", args=[commitment.pk])
        assert client.get(url).status_code == 404, commitment
        target = TargetFactory(commitment=commitment)
        response = client.post(
            reverse("deals:partner_commitment", args=[business.commitments.get().pk]),
            {"target": target.pk, "achieved": "5", "date_0": "1", "date_1": "11", "date_2": "2026"},
        )
        assert response.status_code == 404
    assert client.get(other.get_absolute_url()).status_code == 404
    assert not TargetUpdate.objects.exists()
    home = client.get(HOME).content.decode()
    assert other.title not in home and same_deal_other_party.description not in home


def test_someone_never_invited_finds_no_partner_page(client, django_user_model, business):
    client.force_login(django_user_model.objects.create_user(email="nobody@example.org", password="x" * 12))
    assert client.get(HOME).status_code == 404
    assert client.get(reverse("deals:partner_commitment", args=[business.commitments.get().pk])).status_code == 404
    client.logout()
    assert client.get(HOME).status_code == 302  # to sign in


def test_the_date_cannot_be_in_the_future(client, contact, business):
    services.partner_invitation_accept(token=invite(business).token, user=contact)
    client.force_login(contact)
    commitment = business.commitments.get()
    future = dt.date.today() + dt.timedelta(days=10)
    response = client.post(
        reverse("deals:partner_commitment", args=[commitment.pk]),
        {
            "target": commitment.targets.get().pk,
            "achieved": "5",
            "date_0": future.day,
            "date_1": future.month,
            "date_2": future.year,
        },
    )
    assert response.status_code == 200 and "The date must be today or in the past" in response.content.decode()
    assert TODAY
