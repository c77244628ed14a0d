"""A group's pages for its promises and reports: targets and principles in the outcomes section (old
drafts still work), a report saved over two visits, bad input answered on the page, evidence through
the documents' checks and virus scan, and someone else's report answering 404."""

import pytest
from django.urls import reverse

from deals.models import Principle
from deals.principles import ensure_principles
from grants import services
from grants.models import Document, OutcomeMeasure, Report, ReportState, Status
from grants.services import reports
from tests.factories import UserFactory, application_at, draft
from tests.grants.applicant_factories import upload
from tests.security.test_virus_scanning import INFECTED_PDF, clamd_socket, scanning  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_draft_promises_numbers_and_principles(client):
    ensure_principles()
    application = draft()
    trees = OutcomeMeasure.objects.get(slug="env-trees-bulbs")
    litter = OutcomeMeasure.objects.get(slug="env-litter-bags")
    principle = Principle.objects.get(number=3)
    client.force_login(application.applicant)
    url = reverse("grants:section_outcomes", args=[application.pk])
    page = client.get(url).content.decode()
    assert "How many trees or bulbs planted? (optional)" in page
    assert "people helped into work" not in page  # a priorities measure, not this strand's
    data = {
        "outcomes": "A greener park",
        "beneficiaries_count": "200",
        "beneficiaries_description": "Families",
        f"target_{trees.pk}": "300",
        f"target_{litter.pk}": "",
        "principles": [principle.pk],
        "save": "continue",
    }
    assert client.post(url, data).status_code == 302
    assert {(t.measure_id, t.target) for t in application.outcome_targets.all()} == {(trees.pk, 300)}
    assert list(application.principle_choices.values_list("principle_id", flat=True)) == [principle.pk]
    bad = client.post(url, {**data, f"target_{trees.pk}": "lots"})
    assert bad.status_code == 200
    assert "Enter the number of trees or bulbs planted as a whole number" in bad.content.decode()
    assert application.outcome_targets.get().target == 300


def test_a_draft_from_before_measures_still_sends():
    application = draft()
    assert not application.outcome_targets.exists()
    services.application_submit(application=application, actor=application.applicant)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


@pytest.fixture
def grant():
    application = application_at(Status.GRANT_ACTIVE)
    application.report = reports.make_schedule(application, actor=application.cast.officer)[0]
    return application


def section(application, key):
    return reverse("grants:report_section", args=[application.pk, application.report.pk, key])


def test_the_group_sees_its_reports_on_the_grant_and_saves_for_later(client, grant):
    client.force_login(grant.applicant)
    page = client.get(reverse("grants:application", args=[grant.pk])).content.decode()
    assert "Your reports" in page and "End-of-grant report" in page
    response = client.post(section(grant, "did"), {"what_you_did": "", "save": "later"})
    assert response.status_code == 302
    response = client.post(section(grant, "did"), {"what_you_did": "", "save": "continue"})
    assert "Say what you did" in response.content.decode()
    client.post(section(grant, "did"), {"what_you_did": "Planting days", "save": "later"})
    report = Report.objects.get(pk=grant.report.pk)
    assert (report.state, report.what_you_did) == (ReportState.IN_PROGRESS, "Planting days")
    task_list = client.get(reverse("grants:report", args=[grant.pk, report.pk])).content.decode()
    assert "You have completed 1 of 9 sections" in task_list


def test_numbers_out_of_range_are_refused_on_the_page(client, grant):
    client.force_login(grant.applicant)
    response = client.post(
        section(grant, "people"), {"people_helped": "10", "people_under_18": "8", "people_65_and_over": "5"}
    )
    assert "The age groups add up to 13, more than the 10 people who benefited" in response.content.decode()
    response = client.post(section(grant, "underspend"), {"underspend": "-5", "save": "continue"})
    assert response.status_code == 200 and "Enter" in response.content.decode()
    line = grant.budget_lines.get()
    response = client.post(section(grant, "spending"), {f"spent_{line.pk}": "1", "save": "continue"})
    assert "is more than 10% away from the plan" in response.content.decode()
    assert client.get(section(grant, "nonsense")).status_code == 404


def test_evidence_goes_through_the_document_checks(client, grant):
    client.force_login(grant.applicant)
    url = section(grant, "evidence")
    response = client.post(url, {"file": upload("photo.png", b"not a picture"), "save": "upload"})
    assert "The selected file must be a" in response.content.decode()
    photo = {"file": upload("photo.pdf"), "caption": "Planting day", "publish_consent": "on", "save": "upload"}
    client.post(url, photo)
    evidence = grant.report.evidence.get()
    assert (evidence.caption, evidence.publish_consent) == ("Planting day", True)
    assert evidence.document.kind == Document.Kind.REPORT_EVIDENCE


def test_an_infected_photo_is_caught_by_the_virus_scan(
    client,
    grant,
    scanning,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.force_login(grant.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(section(grant, "evidence"), {"file": upload("photo.pdf", INFECTED_PDF), "save": "upload"})
    evidence = grant.report.evidence.select_related("document").get()
    assert evidence.document.scan_status == Document.ScanStatus.INFECTED


def test_someone_elses_report_answers_404(client, grant):
    client.force_login(UserFactory())
    assert client.get(reverse("grants:report", args=[grant.pk, grant.report.pk])).status_code == 404
    assert client.post(section(grant, "did"), {"what_you_did": "x"}).status_code == 404
    other = application_at(Status.GRANT_ACTIVE)
    client.force_login(other.applicant)
    assert client.get(reverse("grants:report", args=[other.pk, grant.report.pk])).status_code == 404


def test_a_sent_report_cannot_be_changed_from_its_pages(client, grant):
    from grants.demo_reports import fill_report

    fill_report(grant.report, grant.applicant)
    reports.report_send(report=grant.report, actor=grant.applicant)
    client.force_login(grant.applicant)
    response = client.post(section(grant, "did"), {"what_you_did": "Changed", "save": "continue"})
    assert response.status_code == 302
    assert Report.objects.get(pk=grant.report.pk).what_you_did != "Changed"
    page = client.get(reverse("grants:report", args=[grant.pk, grant.report.pk])).content.decode()
    assert "Sent for review" in page
