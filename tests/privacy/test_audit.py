"""Staff looks at documents and exports are written to the audit log, which administrators can search."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from grants.models import Status
from kbt.audit.models import AuditEntry
from tests.factories import UserFactory, application_at

pytestmark = pytest.mark.django_db


def _viewed():
    return AuditEntry.objects.filter(action=AuditEntry.Action.VIEWED)


def test_every_staff_look_at_a_document_is_logged_and_the_groups_own_are_not(client):
    application = application_at(Status.AWAITING_DECISION)
    document = application.documents.first()
    cast = application.cast

    client.force_login(application.applicant)
    assert client.get(reverse("grants:document_download", args=[document.pk])).status_code == 200
    assert not _viewed().exists()

    client.force_login(cast.officer)
    assert client.get(reverse("grants:document_download", args=[document.pk])).status_code == 200
    url = reverse("admin:grants_application_document", args=[application.pk, document.pk])
    assert client.get(url).status_code == 200
    client.force_login(cast.councillor)
    assert client.get(reverse("grants:councillor_document", args=[application.pk, document.pk])).status_code == 200

    entries = list(_viewed().order_by("id"))
    assert [e.actor for e in entries] == [cast.officer, cast.officer, cast.councillor]
    assert all(e.target_id == str(document.pk) and e.subject_user == application.applicant for e in entries)


def test_every_export_is_logged(client):
    application = application_at(Status.SUBMITTED)
    client.force_login(application.cast.officer)
    changelist = reverse("admin:grants_application_changelist")
    for fmt, answer in (("csv", 200), ("xlsx", 302)):  # a spreadsheet is made by a task, its link emailed
        assert (
            client.get(reverse("admin:grants_application_export", args=[fmt]), {"status": "submitted"}).status_code
            == answer
        )
    client.post(changelist, {"action": "export_csv", "_selected_action": [application.pk]})
    details = list(AuditEntry.objects.filter(action=AuditEntry.Action.EXPORTED).values_list("detail", flat=True))
    assert len(details) == 3
    assert "CSV export of the applications list (status=submitted)" in details
    assert "CSV export of the selected applications" in details


def test_administrators_search_the_audit_log(client):
    application = application_at(Status.SUBMITTED)
    client.force_login(application.cast.officer)
    client.get(reverse("grants:document_download", args=[application.documents.first().pk]))

    admin_user = UserFactory(is_staff=True)
    admin_user.groups.add(Group.objects.get(name="Administrators"))
    client.force_login(admin_user)
    url = reverse("admin:audit_auditentry_changelist")
    found = client.get(url, {"q": application.cast.officer.email})
    assert found.status_code == 200 and found.context["cl"].result_count == 1
    assert "Viewed" in found.content.decode()
    assert client.get(url, {"q": "nobody-at-all@example.org"}).context["cl"].result_count == 0
    # Officers cannot read it.
    client.force_login(application.cast.officer)
    assert client.get(url).status_code == 403
