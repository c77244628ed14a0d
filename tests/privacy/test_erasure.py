"""A person deletes their own account; refused, with the reason and what to do, while their group's live
grant needs them."""

import pytest
from django.urls import reverse

from grants.models import Membership, Status
from kbt.accounts.models import User
from kbt.audit.models import AuditEntry
from kbt.audit.services import audit_record
from kbt.privacy.services.erasure import ErasureRefused, user_erase
from tests.factories import OrganisationFactory, UserFactory, application_at, member_of

pytestmark = pytest.mark.django_db


def test_a_person_with_nothing_to_keep_deletes_their_account(client):
    person = UserFactory(email="leaving@example.org")
    client.force_login(person)
    page = client.get(reverse("privacy:delete_account"))
    assert "Delete your account" in page.content.decode()
    # Not without ticking the box.
    refused = client.post(reverse("privacy:delete_account"), {})
    assert "Tick the box" in refused.content.decode() and User.objects.filter(pk=person.pk).exists()

    response = client.post(reverse("privacy:delete_account"), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("privacy:account_deleted")
    assert not User.objects.filter(email="leaving@example.org").exists()
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETED)
    assert "leaving@example.org" not in entry.detail


@pytest.mark.parametrize("status", [Status.APPROVED, Status.GRANT_ACTIVE])
def test_the_only_member_of_a_group_with_a_live_grant_is_refused(client, status):
    application = application_at(status)
    person = application.applicant
    client.force_login(person)
    html = client.get(reverse("privacy:delete_account")).content.decode()
    assert "You cannot delete your account yet" in html
    assert f"only member of {application.organisation.name}" in html
    assert "Invite someone else" in html
    client.post(reverse("privacy:delete_account"), {"confirm": "on"})
    assert User.objects.filter(pk=person.pk, is_active=True).exists()
    with pytest.raises(ErasureRefused):
        user_erase(user=person, actor=person, why="test")


def test_the_only_main_contact_of_a_group_with_a_live_grant_is_refused():
    organisation = OrganisationFactory()
    lead = member_of(organisation)
    Membership.objects.create(organisation=organisation, user=UserFactory(), role=Membership.Role.MEMBER)
    application_at(Status.APPROVED, organisation=organisation, applicant=lead)
    with pytest.raises(ErasureRefused) as refused:
        user_erase(user=lead, actor=lead, why="test")
    assert "only main contact" in refused.value.refusal.reason
    assert "make another member" in refused.value.refusal.what_to_do


def test_a_member_who_is_not_the_only_one_may_leave_a_live_grant():
    organisation = OrganisationFactory()
    lead = member_of(organisation)
    other = UserFactory()
    Membership.objects.create(organisation=organisation, user=other, role=Membership.Role.MEMBER)
    application_at(Status.APPROVED, organisation=organisation, applicant=lead)
    assert user_erase(user=other, actor=other, why="test") == "deleted"
    assert not User.objects.filter(pk=other.pk).exists()


def test_a_finished_or_declined_bid_does_not_hold_the_account():
    application = application_at(Status.DECLINED)
    person = application.applicant
    person.full_name = "Ottoline Leaver"
    person.save()
    audit_record(actor=application.cast.officer, action=AuditEntry.Action.VIEWED, target=person, subject_user=person)
    # They sent the bid, so the record of that stays, without their name or address.
    assert user_erase(user=person, actor=person, why="test") == "anonymised"
    assert not AuditEntry.objects.filter(target_label__contains="Ottoline").exists()
    person.refresh_from_db()
    assert person.full_name == "" and not person.is_active and not person.has_usable_password()
    assert not person.memberships.exists()


def test_staff_and_councillors_are_told_to_ask_an_administrator(client):
    application = application_at(Status.SUBMITTED)
    for user in (application.cast.officer, application.cast.councillor):
        client.force_login(user)
        html = client.get(reverse("privacy:delete_account")).content.decode()
        assert "closed by an administrator" in html


def test_deleting_an_account_removes_the_emails_written_to_it(django_capture_on_commit_callbacks):
    from kbt.outbox.models import OutboxEmail
    from kbt.outbox.services import email_queue

    person = UserFactory(email="leaving@example.org")
    for to in ("leaving@example.org", "staying@example.org"):
        email_queue(
            to=to,
            kind="test",
            subject="Hello",
            template="accounts/emails/already_registered",
            context={"sign_in": "/sign-in/", "reset": "/reset/"},
            key=f"test:{to}",
        )
    user_erase(user=person, actor=person, why="Asked to leave")
    assert list(OutboxEmail.objects.values_list("recipient", flat=True)) == ["staying@example.org"]
