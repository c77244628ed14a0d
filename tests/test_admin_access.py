"""The officers' site: officers can read and search every model; status can't be edited there;
applicants and councillors can't get in."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from grants.models import Application, Status
from tests.factories import application_at, officer

pytestmark = pytest.mark.django_db

MODELS = [m for m in apps.get_models() if m._meta.app_label in ("grants",) and m in admin.site._registry]


def test_every_grants_model_is_registered():
    names = {m.__name__ for m in MODELS}
    assert {
        "Fund", "Strand", "Criterion", "Round", "Priority", "Ward", "WardPot", "Councillor", "Organisation",
        "Application", "StatusChange", "LedgerEntry", "Membership", "BudgetLine", "Document",
    } <= names  # fmt: skip


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_an_officer_without_superuser_rights_can_list_and_search_each_model(client, model):
    application_at(Status.APPROVED)
    client.force_login(officer())
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "KBT"}).status_code == 200


def test_status_is_read_only_on_the_application_page(client):
    application = application_at(Status.SUBMITTED)
    client.force_login(officer())
    url = reverse("admin:grants_application_change", args=[application.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    # Posting a status anyway changes nothing.
    client.post(url, {"status": Status.APPROVED, "title": application.title})
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_the_ledger_cannot_be_edited_even_by_an_officer(client):
    application = application_at(Status.APPROVED)
    client.force_login(officer())
    entry = application.ledger_entries.get()
    assert client.get(reverse("admin:grants_ledgerentry_add")).status_code == 403
    assert client.post(reverse("admin:grants_ledgerentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert application.ledger_entries.count() == 1


def test_the_application_history_shows_who_moved_it(client):
    application = application_at(Status.IN_ASSESSMENT)
    client.force_login(officer())
    page = client.get(reverse("admin:grants_application_history", args=[application.pk]))
    assert page.status_code == 200
    assert (
        application.cast.officer.email in page.content.decode()
        or str(application.cast.officer) in page.content.decode()
    )


@pytest.mark.parametrize("who", ["applicant", "councillor"])
def test_applicants_and_councillors_cannot_reach_the_officers_site(client, who):
    application = application_at(Status.SUBMITTED)
    client.force_login(getattr(application.cast, who))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_groups_have_no_write_permission_on_applications_assessments_or_money():
    from django.contrib.auth.models import Group

    from kbt.accounts.models import OFFICER_GROUP, PANEL_GROUP

    for name in (OFFICER_GROUP, PANEL_GROUP):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"view_application", "view_assessment", "view_ledgerentry"} <= codenames
        forbidden = {
            f"{verb}_{model}"
            for verb in ("add", "change", "delete")
            for model in ("application", "assessment", "ledgerentry", "statuschange", "criterionscore")
        }
        assert not codenames & forbidden, name


@pytest.mark.parametrize("page", ["change", "assess", "print"])
def test_an_applicant_cannot_reach_the_review_pages(client, page):
    application = application_at(Status.IN_ASSESSMENT)
    client.force_login(application.cast.applicant)
    response = client.get(reverse(f"admin:grants_application_{page}", args=[application.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(
        reverse("admin:grants_application_act", args=[application.pk, "request_info"]), {"reason": "x"}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Application.objects.get(pk=application.pk).status == Status.IN_ASSESSMENT


def test_a_staff_user_outside_the_groups_sees_no_application(client):
    from tests.factories import UserFactory

    application = application_at(Status.IN_ASSESSMENT)
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:grants_application_change", args=[application.pk])).status_code == 403
    assert client.get(reverse("admin:grants_application_assess", args=[application.pk])).status_code == 403
    assert client.get(reverse("admin:grants_application_changelist")).status_code == 403


def test_officers_daily_pages_need_no_superuser(client):
    application = application_at(Status.IN_ASSESSMENT)
    who = application.cast.officer
    assert not who.is_superuser
    client.force_login(who)
    for name in ("change", "assess", "print", "history"):
        assert client.get(reverse(f"admin:grants_application_{name}", args=[application.pk])).status_code == 200
    assert client.get(reverse("admin:grants_application_act", args=[application.pk, "request_info"])).status_code == 200
