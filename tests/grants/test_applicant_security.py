"""Every applicant page is scoped to the person's organisations: someone else's application,
organisation, budget line or document answers 404. Signed-out visitors are sent to sign in."""

import pytest
from django.urls import reverse

from grants.models import Document, Status
from grants.services import document_add
from tests.factories import OrganisationFactory, application_at, draft, member_of
from tests.grants.applicant_factories import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs():
    application = draft()
    document = document_add(application=application, kind=Document.Kind.ACCOUNTS, uploaded=upload("a.pdf"), actor=None)
    line = application.budget_lines.get()
    return application, document, line


def urls(application, document, line):
    a, o = application.pk, application.organisation.pk
    return [
        ("grants:organisation_detail", [o]),
        ("grants:organisation_change", [o]),
        ("grants:organisation_invite", [o]),
        ("grants:application", [a]),
        ("grants:section_group", [a]),
        ("grants:section_project", [a]),
        ("grants:section_where", [a]),
        ("grants:section_budget", [a]),
        ("grants:budget_line_add", [a]),
        ("grants:budget_line_change", [a, line.pk]),
        ("grants:budget_line_remove", [a, line.pk]),
        ("grants:section_outcomes", [a]),
        ("grants:section_documents", [a]),
        ("grants:document_remove", [a, document.pk]),
        ("grants:saved", [a]),
        ("grants:check", [a]),
        ("grants:sent", [a]),
        ("grants:answer_info", [a]),
        ("grants:withdraw", [a]),
        ("grants:document_download", [document.pk]),
    ]


def test_every_page_of_someone_elses_application_answers_404(client, theirs):
    client.force_login(member_of(OrganisationFactory()))
    for name, args in urls(*theirs):
        url = reverse(name, args=args)
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"save": "continue"}).status_code == 404, url


def test_my_own_budget_line_and_document_urls_with_another_applications_ids_answer_404(client, theirs):
    application, document, line = theirs
    mine = draft()
    client.force_login(mine.applicant)
    for name, args in [
        ("grants:budget_line_change", [mine.pk, line.pk]),
        ("grants:budget_line_remove", [mine.pk, line.pk]),
        ("grants:document_remove", [mine.pk, document.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404
    assert line.__class__.objects.filter(pk=line.pk).exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, theirs):
    for name, args in urls(*theirs):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/"), name


def test_a_member_of_the_group_reaches_every_page(client, theirs):
    application, document, line = theirs
    client.force_login(member_of(application.organisation))
    for name, args in urls(application, document, line):
        assert client.get(reverse(name, args=args)).status_code in (200, 302), name


def test_someone_elses_info_request_cannot_be_answered(client):
    application = application_at(Status.INFO_REQUESTED)
    client.force_login(member_of(OrganisationFactory()))
    response = client.post(reverse("grants:answer_info", args=[application.pk]), {"message": "Hi"})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Status.INFO_REQUESTED


def test_forms_refuse_a_post_without_the_csrf_token():
    from django.test import Client

    application = draft()
    client = Client(enforce_csrf_checks=True)
    client.force_login(application.applicant)
    for name in ("grants:check", "grants:section_project", "grants:withdraw"):
        assert client.post(reverse(name, args=[application.pk]), {"save": "later"}).status_code == 403
    assert client.post(reverse("accounts:sign_out")).status_code == 403
    page = client.get(reverse("grants:section_project", args=[application.pk])).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    application.refresh_from_db()
    assert application.status == Status.DRAFT
