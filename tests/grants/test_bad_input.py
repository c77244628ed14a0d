"""Inputs that once gave a server error: each now gets a plain message or a 404."""

import re

import pytest
from django.urls import reverse

from grants.models import Application, Status
from tests.factories import OrganisationFactory, UserFactory, application_at, draft, member_of, officer, panel_member
from tests.grants.applicant_factories import upload

pytestmark = pytest.mark.django_db


# The officers' site -----------------------------------------------------------------------------


def test_a_version_of_an_applications_history_shows_read_only(client):
    application = application_at(Status.IN_ASSESSMENT)
    version = application.history.order_by("history_id").first()
    client.force_login(application.cast.officer)
    url = reverse("admin:grants_application_simple_history", args=[application.pk, version.history_id])
    response = client.get(url)
    assert response.status_code == 200
    assert "Greening the park" in response.content.decode()


def test_posting_to_a_version_without_change_rights_is_refused_and_changes_nothing(client):
    application = application_at(Status.IN_ASSESSMENT)
    version = application.history.order_by("history_id").first()
    client.force_login(application.cast.officer)
    url = reverse("admin:grants_application_simple_history", args=[application.pk, version.history_id])
    response = client.post(url, {"title": "Rewritten", "status": Status.DRAFT})
    assert response.status_code == 403
    assert Application.objects.get(pk=application.pk).title == application.title


@pytest.mark.parametrize("version", ["abc", "²", "999999999", "foreign"])
def test_a_bad_or_foreign_version_id_is_a_404(client, version):
    application = application_at(Status.IN_ASSESSMENT)
    other = application_at(Status.SUBMITTED)
    if version == "foreign":
        version = other.history.first().history_id
    client.force_login(application.cast.officer)
    response = client.get(f"/admin/grants/application/{application.pk}/history/{version}/")
    assert response.status_code == 404


@pytest.mark.parametrize("object_id", ["abc", "²", "' OR '1'='1"])
def test_a_nonsense_id_on_a_history_page_is_a_404(client, object_id):
    client.force_login(officer())
    assert client.get(f"/admin/grants/application/{object_id}/history/").status_code == 404
    assert client.get(f"/admin/grants/application/{object_id}/history/abc/").status_code == 404
    assert client.get(f"/admin/deals/deal/{object_id}/history/").status_code == 404


def test_the_panels_add_strand_page_opens(client):
    client.force_login(panel_member())
    response = client.get(reverse("admin:grants_strand_add"))
    assert response.status_code == 200
    assert "remaining" in response.content.decode()


@pytest.mark.parametrize("term", ["' OR '1'='1", "'", '"', "'Greening", '"Community Group'])
def test_searching_applications_with_a_stray_quote_lists_what_matches(client, term):
    application = application_at(Status.SUBMITTED)
    client.force_login(application.cast.officer)
    response = client.get(reverse("admin:grants_application_changelist"), {"q": term})
    assert response.status_code == 200
    if term in ("'Greening", '"Community Group'):
        assert application.reference in response.content.decode()


@pytest.mark.parametrize("value", ["²", "abc"])
def test_a_nonsense_filter_value_on_the_application_list_is_ignored(client, value):
    application = application_at(Status.SUBMITTED)
    client.force_login(application.cast.officer)
    for parameter in ("officer", "round", "priorities__id__exact"):
        assert client.get(reverse("admin:grants_application_changelist"), {parameter: value}).status_code in (200, 302)


@pytest.mark.parametrize("query", ["?page=abc", "?next=", "?q=' OR '1'='1"])
def test_the_export_with_an_unknown_parameter_goes_back_to_the_list(client, query):
    application_at(Status.SUBMITTED)
    client.force_login(officer())
    response = client.get(reverse("admin:grants_application_export", args=["csv"]) + query)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")


# Applicants' pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["start_date", "end_date"])
def test_a_year_too_big_for_a_date_asks_for_a_real_date(client, field):
    application = draft()
    client.force_login(application.applicant)
    data = {"title": "Greening", "summary": "Planting", "save": "continue"}
    data.update({"start_date_0": "1", "start_date_1": "4", "start_date_2": "2027"})
    data.update({"end_date_0": "1", "end_date_1": "5", "end_date_2": "2027"})
    data[f"{field}_2"] = "999999999999"
    response = client.post(reverse("grants:section_project", args=[application.pk]), data)
    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode()


def test_an_organisation_set_up_in_a_year_too_big_asks_for_a_real_date(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("grants:organisation_create"),
        {
            "name": "Friends of the Park",
            "date_established_0": "1",
            "date_established_1": "1",
            "date_established_2": "999999999999",
        },
    )
    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode()


@pytest.mark.parametrize("value", ["²", "abc", "", "999999999"])
def test_choosing_an_organisation_that_is_not_yours_or_not_a_number_is_a_404(client, value):
    user = member_of(OrganisationFactory())
    client.force_login(user)
    response = client.post(reverse("grants:organisation_choose"), {"organisation": value})
    assert response.status_code == 404


def test_choosing_your_organisation_goes_where_next_says_or_to_the_dashboard(client):
    organisation = OrganisationFactory()
    client.force_login(member_of(organisation))
    url = reverse("grants:organisation_choose")
    assert client.post(url, {"organisation": organisation.pk})["Location"] == reverse("grants:dashboard")
    assert client.post(url, {"organisation": organisation.pk, "next": ""})["Location"] == reverse("grants:dashboard")
    assert client.post(url + "?next=/funding/env/", {"organisation": organisation.pk})["Location"] == "/funding/env/"
    assert client.post(url, {"organisation": organisation.pk, "next": "https://evil.example/"})["Location"] == reverse(
        "grants:dashboard"
    )


def _organisation_data(**extra):
    return {
        "name": "Friends of the Park",
        "org_type": "community_group",
        "address_line_1": "1 Archway Road",
        "town": "Huyton",
        "postcode": "L36 9YU",
        "annual_income": "12000",
        "date_established_0": "1",
        "date_established_1": "4",
        "date_established_2": "2015",
        **extra,
    }


@pytest.mark.parametrize("query", ["", "?next=", "?next=/funding/env/", "?next=https://evil.example/"])
def test_the_new_and_change_organisation_pages_with_or_without_next(client, query):
    organisation = OrganisationFactory()
    client.force_login(member_of(organisation))
    for url in (reverse("grants:organisation_create"), reverse("grants:organisation_change", args=[organisation.pk])):
        assert client.get(url + query).status_code == 200
        data = _organisation_data(ward=organisation.ward_id)
        response = client.post(url + query, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        if query == "?next=/funding/env/":
            assert response["Location"] == "/funding/env/"
        else:
            assert "evil" not in response["Location"]


def test_saving_and_continuing_with_a_file_chosen_uploads_it_and_says_what_is_still_missing(client):
    application = draft(documents=False, works_with_people_at_risk=None)
    client.force_login(application.applicant)
    response = client.post(
        reverse("grants:section_documents", args=[application.pk]),
        {
            "save": "continue",
            "q-works_with_people_at_risk": "no",
            "d-kind": "accounts",
            "d-file": upload("accounts.pdf"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Error: Documents" in page and "govuk-error-summary" in page
    assert list(application.documents.values_list("kind", flat=True)) == ["accounts"]  # the file is kept
    application.refresh_from_db()
    assert application.works_with_people_at_risk is False  # and so is the answer


def test_saving_and_continuing_with_a_file_but_no_kind_keeps_the_answer_and_asks_for_the_kind(client):
    application = draft(documents=False, works_with_people_at_risk=None)
    client.force_login(application.applicant)
    response = client.post(
        reverse("grants:section_documents", args=[application.pk]),
        {"save": "continue", "q-works_with_people_at_risk": "yes", "d-file": upload("accounts.pdf")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select what the document is" in page and "govuk-error-summary" in page
    application.refresh_from_db()
    assert application.works_with_people_at_risk is True


def test_saving_and_continuing_with_the_last_file_chosen_finishes_the_section(client):
    application = draft(documents=True, works_with_people_at_risk=False)
    application.documents.filter(kind="accounts").delete()
    client.force_login(application.applicant)
    response = client.post(
        reverse("grants:section_documents", args=[application.pk]),
        {"save": "continue", "q-works_with_people_at_risk": "no", "d-kind": "accounts", "d-file": upload("a.pdf")},
    )
    assert response.status_code == 302
    assert application.documents.filter(kind="accounts").exists()


def test_a_missing_admin_page_and_nonsense_site_pages_are_404s(client):
    client.force_login(member_of(OrganisationFactory()))
    assert client.get("/applications/999999999/").status_code == 404
    assert client.get("/history/abc/").status_code == 404
    assert re.search("Page not found", client.get("/history/abc/").content.decode())
