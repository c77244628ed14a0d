"""A person downloads everything the portal holds about them, and nobody else's data; an officer with the
permission can make the same export from the officers' site; every export is logged."""

import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from grants.models import Document, Status
from kbt.audit.models import AuditEntry
from kbt.audit.services import audit_record
from tests.factories import PDF, UserFactory, application_at, member_of, officer

pytestmark = pytest.mark.django_db


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _everything(archive: zipfile.ZipFile) -> str:
    return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_the_zip_holds_the_persons_data_and_no_one_elses(client):
    mine = application_at(Status.IN_ASSESSMENT, title="Riverside Clean-up Crew", summary="Our own summary")
    me = mine.applicant
    me.full_name = "Morwenna Applicant"
    me.save()
    # Someone else, in another group, with their own application, documents and audit entries.
    theirs = application_at(Status.SUBMITTED, title="Secret Orchard Society", summary="Not yours to see")
    other = theirs.applicant
    other.full_name = "Bartholomew Stranger"
    other.email = "bartholomew@example.org"
    other.save()
    # A fellow member of my group, whose details are theirs, not mine.
    colleague = member_of(mine.organisation, full_name="Colleague Person", email="colleague@example.org")
    Document.objects.filter(application=theirs).update(original_name="their-bank-statement.pdf")
    audit_record(actor=mine.cast.officer, action=AuditEntry.Action.VIEWED, target=me, subject_user=me, detail="Looked")
    audit_record(actor=mine.cast.officer, action=AuditEntry.Action.VIEWED, target=other, subject_user=other)

    client.force_login(me)
    assert client.get(reverse("privacy:your_data")).status_code == 200
    archive = _zip(client.post(reverse("privacy:your_data")))
    names = archive.namelist()
    text = _everything(archive)

    account = json.loads(archive.read("account.json"))
    assert account["email"] == me.email and account["full_name"] == "Morwenna Applicant"
    assert json.loads(archive.read("memberships.json"))[0]["organisation"] == mine.organisation.name
    applications = json.loads(archive.read("applications.json"))
    assert [a["project_name"] for a in applications] == ["Riverside Clean-up Crew"]
    assert applications[0]["summary"] == "Our own summary"
    assert any(entry["detail"] == "Looked" for entry in json.loads(archive.read("audit_log.json")))
    uploaded = [n for n in names if n.startswith("documents/") and n.endswith(".pdf")]
    assert len(uploaded) == mine.documents.count() and archive.read(uploaded[0]) == PDF

    for someone_elses in (
        "Secret Orchard Society",
        "Not yours to see",
        "Bartholomew",
        "bartholomew@example.org",
        "their-bank-statement.pdf",
        "Colleague Person",
        "colleague@example.org",
        mine.cast.officer.email,
        mine.cast.officer.full_name,
    ):
        assert someone_elses not in text, someone_elses
    assert colleague.pk


def test_each_export_is_in_the_audit_log(client):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("privacy:your_data"))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORTED)
    assert entry.subject_user == person and entry.actor == person


def test_an_officer_needs_the_permission_to_export_someone_elses_data(client):
    person = UserFactory(full_name="Data Subject")
    url = reverse("admin:privacy_personrecord_export", args=[person.pk])
    staff = officer()
    client.force_login(staff)
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:privacy_personrecord_changelist")).status_code == 403

    staff.user_permissions.add(Permission.objects.get(codename="export_personrecord"))
    staff = type(staff).objects.get(pk=staff.pk)
    client.force_login(staff)
    listing = client.get(reverse("admin:privacy_personrecord_changelist"), {"q": "Data Subject"})
    assert listing.status_code == 200 and url in listing.content.decode()
    archive = _zip(client.get(url))
    assert json.loads(archive.read("account.json"))["full_name"] == "Data Subject"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORTED)
    assert entry.actor == staff and entry.subject_user == person and "officer" in entry.detail


def test_administrators_are_given_the_export_and_audit_permissions():
    group = Group.objects.get(name="Administrators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"export_personrecord", "view_auditentry"} <= codenames


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.post(reverse("privacy:your_data"))
    assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"]


def test_the_zip_holds_the_emails_sent_to_the_person_and_no_one_elses(client, django_capture_on_commit_callbacks):
    from kbt.outbox.services import email_queue

    me = UserFactory(email="morwenna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for to, subject in (("morwenna@example.org", "Your own news"), ("stranger@example.org", "Not for you")):
            email_queue(
                to=to,
                kind="test",
                subject=subject,
                template="accounts/emails/already_registered",
                context={"sign_in": "/sign-in/", "reset": "/reset/"},
                key=f"test:{to}",
            )
    client.force_login(me)
    archive = _zip(client.post(reverse("privacy:your_data")))
    emails = json.loads(archive.read("emails_sent_to_you.json"))
    assert [e["subject"] for e in emails] == ["Your own news"]
    assert emails[0]["status"] == "Sent"
    assert "Not for you" not in _everything(archive)
