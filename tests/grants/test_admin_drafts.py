"""Officers and the panel do not see drafts, their budget lines or documents until sent; an
administrator may look, for support, and each look is written to the audit log."""

import pytest
from django.urls import reverse

from kbt.audit.models import AuditEntry
from tests.factories import administrator, draft, officer, panel_member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("make", [officer, panel_member], ids=["officer", "panel"])
def test_officers_and_the_panel_do_not_see_drafts(client, make):
    application = draft()
    line = application.budget_lines.get()
    document = application.documents.first()
    client.force_login(make())
    for name, pk in (("application", application.pk), ("budgetline", line.pk), ("document", document.pk)):
        assert client.get(reverse(f"admin:grants_{name}_change", args=[pk])).status_code == 404, name
        listing = client.get(reverse(f"admin:grants_{name}_changelist")).content.decode()
        assert application.reference not in listing, name
    assert client.get(reverse("admin:grants_application_history", args=[application.pk])).status_code == 404
    url = reverse("admin:grants_application_document", args=[application.pk, document.pk])
    assert client.get(url).status_code == 404
    assert not AuditEntry.objects.exists()


def test_an_administrator_may_look_at_a_draft_and_each_look_is_audited(client):
    application = draft()
    document = application.documents.first()
    admin_user = administrator()
    client.force_login(admin_user)
    assert application.reference in client.get(reverse("admin:grants_application_changelist")).content.decode()
    assert client.get(reverse("admin:grants_application_change", args=[application.pk])).status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.VIEWED and entry.actor == admin_user
    assert entry.target_id == str(application.pk) and entry.subject_user == application.applicant
    response = client.get(reverse("admin:grants_application_document", args=[application.pk, document.pk]))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEWED, target_type="grants.Document").count() == 1
