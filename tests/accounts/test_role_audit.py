"""Every change of a role made in the officers' site is written to the audit log, with who, when and
what changed, and administrators read the log there."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from grants.models import Councillor, Membership
from kbt.accounts.models import ADMINISTRATOR_GROUP, OFFICER_GROUP, PANEL_GROUP
from kbt.audit.models import AuditEntry
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    WardFactory,
    administrator,
    councillor,
    officer,
    panel_member,
)

pytestmark = pytest.mark.django_db
ROLE = AuditEntry.Action.ROLE_CHANGED


def _user_form(user, **changes):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on",
        "groups": list(user.groups.values_list("pk", flat=True)),
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_administrator_adding_a_councillor_is_audited(client):
    admin_user, person, ward = administrator(), UserFactory(), WardFactory(name="Longview")
    client.force_login(admin_user)
    response = client.post(reverse("admin:grants_councillor_add"), {"user": person.pk, "wards": [ward.pk]})
    assert response.status_code == 302
    record = Councillor.objects.get(user=person)
    entry = AuditEntry.objects.get(action=ROLE, target_type="grants.Councillor", target_id=str(record.pk))
    assert entry.actor == admin_user and entry.subject_user == person
    assert "Longview" in entry.detail and "added" in entry.detail


def test_changing_and_deleting_a_councillor_is_audited(client):
    record = councillor(WardFactory(name="Longview"))
    other = WardFactory(name="Page Moss")
    admin_user = administrator()
    client.force_login(admin_user)
    url = reverse("admin:grants_councillor_change", args=[record.pk])
    assert client.post(url, {"user": record.user_id, "wards": [other.pk]}).status_code == 302
    entry = AuditEntry.objects.filter(action=ROLE, target_id=str(record.pk)).latest("id")
    assert "wards: Longview → Page Moss" in entry.detail
    assert client.post(reverse("admin:grants_councillor_delete", args=[record.pk]), {"post": "yes"}).status_code == 302
    assert not Councillor.objects.filter(pk=record.pk).exists()
    entry = AuditEntry.objects.filter(action=ROLE, target_type="grants.Councillor").latest("id")
    assert "removed" in entry.detail and entry.subject_user == record.user and entry.actor == admin_user


def test_memberships_added_and_removed_in_admin_are_audited(client):
    organisation = OrganisationFactory(name="Friends of Stadt Moers Park")
    person = UserFactory()
    admin_user = administrator()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:grants_membership_add"),
        {"user": person.pk, "organisation": organisation.pk, "role": Membership.Role.MEMBER},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    entry = AuditEntry.objects.get(action=ROLE, target_type="grants.Membership")
    assert entry.subject_user == person and "Friends of Stadt Moers Park" in entry.detail
    client.post(reverse("admin:grants_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert (
        AuditEntry.objects.filter(action=ROLE, target_type="grants.Membership", detail__contains="removed").count() == 1
    )


def test_memberships_changed_on_the_organisation_page_are_audited(client):
    organisation = OrganisationFactory()
    person = UserFactory()
    client.force_login(administrator())
    url = reverse("admin:grants_organisation_change", args=[organisation.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            "date_established": "2015-04-01",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": person.pk,
            "memberships-0-role": Membership.Role.LEAD,
            "memberships-0-organisation": organisation.pk,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert Membership.objects.filter(user=person, organisation=organisation).exists()
    assert AuditEntry.objects.filter(action=ROLE, target_type="grants.Membership", subject_user=person).exists()


def test_a_users_groups_and_staff_flag_changes_are_audited(client):
    person = UserFactory()
    admin_user = administrator()
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    panel = Group.objects.get(name=PANEL_GROUP)
    response = client.post(url, _user_form(person, is_staff="on", groups=[panel.pk]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.is_staff and person.is_panel_member
    entry = AuditEntry.objects.get(action=ROLE, subject_user=person)
    assert entry.actor == admin_user
    assert "staff: no → yes" in entry.detail and f"groups: none → {PANEL_GROUP}" in entry.detail


def test_an_administrator_who_is_not_a_superuser_cannot_make_anyone_a_superuser(client):
    person = officer()
    client.force_login(administrator())
    url = reverse("admin:accounts_user_change", args=[person.pk])
    client.post(url, _user_form(person, is_superuser="on"))
    person.refresh_from_db()
    assert not person.is_superuser


def test_a_superuser_still_manages_roles(client):
    from kbt.accounts.models import User

    root = User.objects.create_superuser("root@knowsley.example", "a-long-password")
    person = UserFactory()
    client.force_login(root)
    admins = Group.objects.get(name=ADMINISTRATOR_GROUP)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    assert client.post(url, _user_form(person, is_staff="on", groups=[admins.pk])).status_code == 302
    person.refresh_from_db()
    assert person.is_administrator
    assert AuditEntry.objects.filter(action=ROLE, subject_user=person, actor=root).exists()


def test_administrators_read_the_audit_log_and_officers_do_not(client):
    client.force_login(administrator())
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    for make in (officer, panel_member):
        client.force_login(make())
        assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 403


def test_the_officer_group_itself_is_not_changed_by_saving_a_user(client):
    # Officers' group keeps its permissions: a user save does not touch groups' permissions.
    person = officer()
    client.force_login(administrator())
    client.post(reverse("admin:accounts_user_change", args=[person.pk]), _user_form(person))
    assert Group.objects.get(name=OFFICER_GROUP).permissions.filter(codename="view_application").exists()
    assert not AuditEntry.objects.filter(subject_user=person).exists()  # nothing changed, nothing logged
