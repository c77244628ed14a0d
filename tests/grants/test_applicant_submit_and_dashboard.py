"""Check your answers and send; the dashboard; answering a question; withdrawing."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants import services
from grants.models import Document, Status, StatusChange
from tests.factories import application_at, draft, priorities_strand
from tests.grants.applicant_factories import PNG, upload, with_documents

pytestmark = pytest.mark.django_db


def test_check_your_answers_shows_everything_with_change_links(client):
    application = with_documents(draft(documents=False))
    client.force_login(application.applicant)
    page = client.get(reverse("grants:check", args=[application.pk])).content.decode()
    assert application.title in page and "Plants and tools" in page and "£5,000" in page
    assert reverse("grants:section_project", args=[application.pk]) in page
    assert reverse("grants:budget_line_change", args=[application.pk, application.budget_lines.get().pk]) in page


def test_sending_needs_the_declaration(client):
    application = with_documents(draft(documents=False))
    client.force_login(application.applicant)
    response = client.post(reverse("grants:check", args=[application.pk]), {})
    assert "Confirm the declaration to send your application" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_sending_moves_the_draft_through_the_workflow_and_emails_the_group(client, django_capture_on_commit_callbacks):
    application = with_documents(draft(documents=False))
    client.force_login(application.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grants:check", args=[application.pk]), {"declaration": "on"})
    assert response["Location"] == reverse("grants:sent", args=[application.pk])
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.submitted_at
    change = StatusChange.objects.get(application=application)
    assert change.action == "submit" and change.actor == application.applicant
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [application.applicant.email]
    assert application.reference in mail.outbox[0].subject and application.reference in mail.outbox[0].body
    page = client.get(response["Location"]).content.decode()
    assert application.reference in page and "What happens next" in page
    # A sent application's pages show it instead of changing it.
    response = client.get(reverse("grants:section_project", args=[application.pk]))
    assert response["Location"] == reverse("grants:application", args=[application.pk])


def test_an_incomplete_draft_cannot_be_sent_and_says_why(client):
    application = draft(documents=False)  # no documents
    client.force_login(application.applicant)
    response = client.post(reverse("grants:check", args=[application.pk]), {"declaration": "on"})
    page = response.content.decode()
    assert "Upload your governing document" in page
    with pytest.raises(services.ApplicationIncomplete):
        services.application_submit(application=application, actor=application.applicant)
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_the_dashboard_shows_each_status_in_plain_words_with_the_next_step(client):
    asked = application_at(Status.INFO_REQUESTED)
    organisation = asked.organisation
    draft(organisation=organisation, applicant=asked.applicant, title="Second project")
    client.force_login(asked.applicant)
    page = client.get(reverse("grants:dashboard")).content.decode()
    assert "We need more information" in page and "Answer the officer&#x27;s question." in page
    assert "Not sent yet" in page and "Second project" in page


def test_the_dashboard_runs_a_fixed_number_of_queries(client):
    first = draft()
    client.force_login(first.applicant)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("grants:dashboard"))
    for n in range(8):
        draft(organisation=first.organisation, applicant=first.applicant, title=f"Project {n}")
    draft(strand=priorities_strand(), organisation=first.organisation, applicant=first.applicant)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("grants:dashboard"))
    assert len(response.context["applications"]) == 10
    assert len(few) == len(many), (len(few), len(many))


def test_a_sent_application_is_shown_read_only_with_its_history(client):
    application = application_at(Status.SUBMITTED)
    client.force_login(application.applicant)
    page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
    assert "Sent" in page and "History" in page and "Plants and tools" in page
    assert reverse("grants:section_project", args=[application.pk]) not in page
    assert reverse("grants:withdraw", args=[application.pk]) in page


def test_answering_a_question_sends_the_bid_back_to_assessment_with_documents(
    client, django_capture_on_commit_callbacks
):
    application = application_at(Status.INFO_REQUESTED)
    client.force_login(application.applicant)
    page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
    assert "The officer asked" in page and "Because" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("grants:answer_info", args=[application.pk]),
            {"message": "Here are our quotes", "files": [upload("quote.png", PNG, "image/png"), upload("b.pdf")]},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.IN_ASSESSMENT
    assert application.status_changes.last().reason == "Here are our quotes"
    assert application.documents.filter(kind=Document.Kind.INFORMATION_RESPONSE).count() == 2
    assert mail.outbox[-1].to == [application.cast.officer.email]


def test_a_refused_file_in_an_answer_keeps_the_message_and_changes_nothing(client):
    application = application_at(Status.INFO_REQUESTED)
    client.force_login(application.applicant)
    response = client.post(
        reverse("grants:answer_info", args=[application.pk]),
        {"message": "Our answer", "files": [upload("evil.pdf", b"MZ not a pdf")]},
    )
    page = response.content.decode()
    assert "evil.pdf: The selected file must be a PDF" in page and "Our answer" in page
    application.refresh_from_db()
    assert application.status == Status.INFO_REQUESTED
    assert not application.documents.filter(kind=Document.Kind.INFORMATION_RESPONSE).exists()


def test_withdrawing_needs_a_reason_and_goes_through_the_workflow(client):
    application = application_at(Status.IN_ASSESSMENT)
    client.force_login(application.applicant)
    url = reverse("grants:withdraw", args=[application.pk])
    assert "Enter why you are withdrawing" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "We found other funding"}).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert application.status_changes.last().reason == "We found other funding"


def test_a_decided_application_cannot_be_withdrawn(client):
    application = application_at(Status.APPROVED)
    client.force_login(application.applicant)
    response = client.post(reverse("grants:withdraw", args=[application.pk]), {"reason": "Changed our minds"})
    assert response["Location"] == reverse("grants:application", args=[application.pk])
    application.refresh_from_db()
    assert application.status == Status.APPROVED
