"""Reports in the officers' site: accepting, asking for changes (with a reason, or a clear error),
changing the due date, confirming principles, and the outcomes page with its CSV, whose queries do not
grow with the number of grants."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deals.models import Principle
from deals.principles import ensure_principles
from grants.demo_reports import fill_report
from grants.models import (
    Application,
    ApplicationPrinciple,
    OutcomeMeasure,
    OutcomeTarget,
    Report,
    ReportMeasure,
    ReportState,
    Status,
)
from grants.selectors.outcomes import outcomes_by, outcomes_for
from grants.services import reports
from kbt.audit.models import AuditEntry
from tests.factories import OrganisationFactory, RoundFactory, StrandFactory, application_at, officer

pytestmark = pytest.mark.django_db


def sent(application=None):
    application = application or application_at(Status.GRANT_ACTIVE)
    report = reports.make_schedule(application, actor=application.cast.officer)[0]
    fill_report(report, application.applicant)
    reports.report_send(report=report, actor=application.applicant)
    return application, report


def state_of(report):
    return Report.objects.values_list("state", flat=True).get(pk=report.pk)


def test_an_officer_reads_and_accepts_a_report(client):
    application, report = sent()
    client.force_login(application.cast.officer)
    page = client.get(reverse("admin:grants_report_change", args=[report.pk])).content.decode()
    assert "Accept the report" in page and "Ask the group for changes" in page
    assert "We ran six planting days" in page
    client.post(reverse("admin:grants_report_accept", args=[report.pk]))
    assert state_of(report) == ReportState.ACCEPTED


def test_asking_for_changes_needs_a_reason_and_then_reopens_the_report(client):
    application, report = sent()
    client.force_login(application.cast.officer)
    url = reverse("admin:grants_report_changes", args=[report.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Enter what the group needs to change" in response.content.decode()
    assert state_of(report) == ReportState.SENT
    client.post(url, {"reason": "Add the receipts"})
    assert state_of(report) == ReportState.CHANGES_REQUESTED


def test_a_panel_member_sees_reports_but_cannot_accept_them(client):
    application, report = sent()
    client.force_login(application.cast.panel)
    page = client.get(reverse("admin:grants_report_change", args=[report.pk])).content.decode()
    assert "Accept the report" not in page
    client.post(reverse("admin:grants_report_accept", args=[report.pk]))
    assert state_of(report) == ReportState.SENT


def test_changing_the_due_date_with_a_bad_date_says_so(client):
    application = application_at(Status.GRANT_ACTIVE)
    report = reports.make_schedule(application, actor=application.cast.officer)[0]
    client.force_login(application.cast.officer)
    url = reverse("admin:grants_report_reschedule", args=[report.pk])
    response = client.post(url, {"due_date_0": "31", "due_date_1": "2", "due_date_2": "2028", "reason": "x"})
    assert response.status_code == 200 and "Enter a real date" in response.content.decode()
    client.post(url, {"due_date_0": "1", "due_date_1": "3", "due_date_2": "2028", "reason": "Extended"})
    assert Report.objects.get(pk=report.pk).due_date == dt.date(2028, 3, 1)
    add = reverse("admin:grants_report_add_progress", args=[report.pk])
    response = client.post(add, {"due_date_0": "1", "due_date_1": "9", "due_date_2": "2027", "reason": ""})
    assert "Enter why the grant needs another report" in response.content.decode()
    client.post(add, {"due_date_0": "1", "due_date_1": "9", "due_date_2": "2027", "reason": "A check-in"})
    assert list(application.reports.values_list("kind", "due_date")) == [
        (Report.Kind.PROGRESS, dt.date(2027, 9, 1)),
        (Report.Kind.FINAL, dt.date(2028, 3, 1)),
    ]


def test_an_officer_confirms_the_principles_at_assessment(client):
    ensure_principles()
    application = application_at(Status.IN_ASSESSMENT)
    first, second = Principle.objects.order_by("number")[:2]
    ApplicationPrinciple.objects.create(application=application, principle=first)
    client.force_login(application.cast.officer)
    url = reverse("admin:grants_application_principles", args=[application.pk])
    assert first.name in client.get(url).content.decode()
    client.post(url, {"principles": [first.pk, second.pk]})
    assert set(application.principle_choices.filter(confirmed=True).values_list("principle_id", flat=True)) == {
        first.pk,
        second.pk,
    }


def funded(count: int):
    """`count` running grants made in bulk, each promising 10 trees and reporting 8 in an accepted report."""
    strand = StrandFactory()
    round_ = RoundFactory(strand=strand)
    organisation = OrganisationFactory()
    trees = OutcomeMeasure.objects.get(slug="env-trees-bulbs")
    start = Application.objects.count()
    grants = Application.objects.bulk_create(
        [
            Application(
                reference=f"KBT-ENV-{90000 + start + i}",
                organisation=organisation,
                round=round_,
                strand=strand,
                ward=organisation.ward,
                title=f"Grant {i}",
                status=Status.GRANT_ACTIVE,
                submitted_at=timezone.now(),
                start_date=dt.date(2027, 5, 1),
                amount_requested=Decimal("1000.00"),
                amount_awarded=Decimal("1000.00"),
            )
            for i in range(count)
        ]
    )
    OutcomeTarget.objects.bulk_create([OutcomeTarget(application=g, measure=trees, target=10) for g in grants])
    made = Report.objects.bulk_create(
        [
            Report(
                application=g,
                kind=Report.Kind.FINAL,
                due_date=dt.date(2028, 1, 1),
                state=ReportState.ACCEPTED,
                accepted_at=timezone.now(),
                people_helped=5,
                volunteers=2,
                volunteer_hours=7,
            )
            for g in grants
        ]
    )
    ReportMeasure.objects.bulk_create([ReportMeasure(report=r, measure=trees, target=10, achieved=8) for r in made])
    return trees


@pytest.mark.parametrize("count", [10, 1000])
def test_the_outcomes_page_runs_a_fixed_number_of_queries(client, count):
    trees = funded(count)
    client.force_login(officer())
    for by in ("strand", "ward", "priority", "principle", "year"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("admin:grants_report_outcomes"), {"by": by})
        assert response.status_code == 200
        assert len(queries) <= 22, (by, len(queries))
    total = outcomes_for(Application.objects.filter(status=Status.GRANT_ACTIVE))
    row = next(r for r in total.measures if r.measure == trees)
    assert (row.planned, row.achieved, row.grants) == (10 * count, 8 * count, count)
    assert (total.people, total.volunteers, total.volunteer_hours) == (5 * count, 2 * count, 7 * count)
    assert f"{5 * count}</strong> people benefited" in response.content.decode()


def test_outcomes_by_year_and_the_csv_export(client):
    funded(3)
    groups = outcomes_by(Application.objects.filter(status=Status.GRANT_ACTIVE), "year")
    assert [(g.label, g.grants) for g in groups] == [("2027/28", 3)]
    client.force_login(officer())
    response = client.get(reverse("admin:grants_report_outcomes"), {"by": "year", "format": "csv"})
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Financial year,Grants,Awarded (£)")
    assert lines[1] == "2027/28,3,3000.00,3,15,6,21,trees or bulbs planted,30,24"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORTED, detail__contains="outcomes").count() == 1


def test_only_accepted_reports_count_as_achieved():
    application, report = sent()
    trees = OutcomeMeasure.objects.get(slug="env-trees-bulbs")
    application.outcome_targets.create(measure=trees, target=50)
    ReportMeasure.objects.create(report=report, measure=trees, target=50, achieved=40)
    outcome = outcomes_for(Application.objects.filter(pk=application.pk))
    row = next(r for r in outcome.measures if r.measure == trees)
    assert (row.planned, row.achieved) == (50, 0)
    reports.report_accept(report=report, actor=application.cast.officer)
    outcome = outcomes_for(Application.objects.filter(pk=application.pk))
    assert next(r for r in outcome.measures if r.measure == trees).achieved == 40
    assert outcome.people == 120


def test_marking_a_grant_completed_without_its_final_report_says_why(client):
    application = application_at(Status.GRANT_ACTIVE)
    reports.make_schedule(application, actor=application.cast.officer)
    client.force_login(application.cast.officer)
    response = client.post(reverse("admin:grants_application_act", args=[application.pk, "complete"]))
    assert response.status_code == 200
    assert "The grant cannot be marked completed yet: the end-of-grant report has not been accepted yet" in (
        response.content.decode()
    )
    assert Application.objects.get(pk=application.pk).status == Status.GRANT_ACTIVE


def test_the_admin_home_counts_reports_waiting_and_overdue(client):
    application, report = sent()
    late = application_at(Status.GRANT_ACTIVE)
    late_report = reports.make_schedule(late, actor=late.cast.officer)[0]
    Report.objects.filter(pk=late_report.pk).update(due_date=dt.date(2025, 1, 1))
    reports.reports_mark_overdue()
    client.force_login(application.cast.officer)
    home = client.get(reverse("admin:index")).content.decode()
    assert "1 report waiting for review" in home and "1 overdue" in home
    listed = client.get(reverse("admin:grants_report_changelist"), {"overdue": "yes"}).content.decode()
    assert late.reference in listed and application.reference not in listed
