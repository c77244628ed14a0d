"""Issue 10, section 2: staff cannot give themselves powers in the officers' site. Each test is one
fault found on main: an officer made themselves a councillor, joined another group, or rewrote an
assessment through the history's "revert" page."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from grants.models import Assessment, Councillor, Membership, Status
from kbt.accounts.models import ADMINISTRATOR_GROUP, OFFICER_GROUP, PANEL_GROUP
from tests.factories import OrganisationFactory, UserFactory, administrator, application_at, officer, panel_member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("make", [officer, panel_member], ids=["officer", "panel"])
def test_staff_cannot_add_a_councillor_record_for_themselves(client, make):
    application = application_at(Status.AWAITING_DECISION)
    staff = make()
    client.force_login(staff)
    response = client.post(reverse("admin:grants_councillor_add"), {"user": staff.pk, "wards": [application.ward_id]})
    assert response.status_code == 403
    assert not Councillor.objects.filter(user=staff).exists()
    # And so cannot approve the bid on the councillors' pages.
    client.post(reverse("grants:councillor_approve", args=[application.pk]), {"amount": "1000"})
    application.refresh_from_db()
    assert application.status == Status.AWAITING_DECISION


@pytest.mark.parametrize("make", [officer, panel_member], ids=["officer", "panel"])
def test_staff_cannot_change_or_delete_a_councillor_record(client, make):
    application = application_at(Status.AWAITING_DECISION)
    record = Councillor.objects.get(user=application.cast.councillor)
    client.force_login(make())
    url = reverse("admin:grants_councillor_change", args=[record.pk])
    assert client.post(url, {"user": record.user_id, "wards": []}).status_code == 403
    assert client.post(reverse("admin:grants_councillor_delete", args=[record.pk]), {"post": "yes"}).status_code == 403
    assert list(record.wards.all()) == [application.ward]


def test_an_officer_still_sees_councillors_and_memberships(client):
    application_at(Status.AWAITING_DECISION)
    client.force_login(officer())
    assert client.get(reverse("admin:grants_councillor_changelist")).status_code == 200
    assert client.get(reverse("admin:grants_membership_changelist")).status_code == 200


def test_an_officer_cannot_join_another_group_and_withdraw_its_bid(client):
    application = application_at(Status.SUBMITTED)
    staff = officer()
    client.force_login(staff)
    response = client.post(
        reverse("admin:grants_membership_add"),
        {"user": staff.pk, "organisation": application.organisation_id, "role": Membership.Role.MEMBER},
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=staff).exists()


def test_an_officer_cannot_add_members_through_the_organisation_page(client):
    organisation = OrganisationFactory()
    staff = officer()
    client.force_login(staff)
    url = reverse("admin:grants_organisation_change", args=[organisation.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "name": organisation.name,
        "org_type": organisation.org_type,
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": staff.pk,
        "memberships-0-role": Membership.Role.LEAD,
    }
    client.post(url, data)
    assert not Membership.objects.filter(user=staff).exists()


def test_an_officer_cannot_make_themselves_superuser_or_join_a_group(client):
    staff = officer()
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[staff.pk])
    response = client.post(
        url,
        {
            "email": staff.email,
            "full_name": staff.full_name,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name=ADMINISTRATOR_GROUP).pk, Group.objects.get(name=PANEL_GROUP).pk],
        },
    )
    assert response.status_code == 403
    staff.refresh_from_db()
    assert not staff.is_superuser
    assert set(staff.groups.values_list("name", flat=True)) == {OFFICER_GROUP}
    group = Group.objects.get(name=OFFICER_GROUP)
    assert client.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "x"}).status_code == 403


def test_only_administrators_may_change_roles():
    for name in (OFFICER_GROUP, PANEL_GROUP):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        for model in ("councillor", "membership", "user", "group", "permission"):
            assert not {f"add_{model}", f"change_{model}", f"delete_{model}"} & codenames, (name, model)
    codenames = set(Group.objects.get(name=ADMINISTRATOR_GROUP).permissions.values_list("codename", flat=True))
    for model in ("councillor", "membership", "user", "group"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= codenames, model
    assert "view_auditentry" in codenames


def test_view_only_staff_cannot_rewrite_an_assessment_through_history_revert(client):
    application = application_at(Status.AWAITING_DECISION)
    assessment = Assessment.objects.get(application=application)
    version = assessment.history.earliest()
    client.force_login(officer())
    url = reverse("admin:grants_assessment_simple_history", args=[assessment.pk, version.history_id])
    response = client.post(
        url,
        {
            "application": application.pk,
            "assessor": UserFactory().pk,
            "recommendation": "not_recommended",
            "recommended_amount": "1.00",
            "governance": "fail",
            "finance": "fail",
            "safeguarding": "fail",
        },
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.assessor == application.cast.officer
    assert assessment.recommended_amount == Decimal(application.amount_requested)


def test_not_even_an_administrator_can_revert_an_application(client):
    application = application_at(Status.IN_ASSESSMENT)
    version = application.history.earliest()
    client.force_login(administrator())
    url = reverse("admin:grants_application_simple_history", args=[application.pk, version.history_id])
    assert client.post(url, {"title": "Rewritten", "status": Status.DRAFT}).status_code == 403
    application.refresh_from_db()
    assert application.status == Status.IN_ASSESSMENT
