"""The councillor's home answers "what did the money achieve in my ward?": the latest reports groups sent
for grants in the ward, and the people, volunteers and measures from the reports officers accepted; other
wards' reports stay out, and the page runs the same queries however many reports there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.demo_reports import fill_report
from grants.models import OutcomeMeasure, OutcomeTarget, Status
from grants.services import reports
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db


def reported_grant(ward: Ward, *, title: str, accept: bool):
    grant = ward.bid(Status.GRANT_ACTIVE, amount="1000.00", title=title)
    OutcomeTarget.objects.create(application=grant, measure=OutcomeMeasure.objects.first(), target=40)
    report = reports.make_schedule(grant, actor=ward.cast.officer)[0]
    fill_report(report, grant.applicant)
    reports.report_send(report=report, actor=grant.applicant)
    if accept:
        reports.report_accept(report=report, actor=ward.cast.officer)
    return grant


def test_the_home_lists_the_wards_reports_and_what_accepted_ones_achieved(client):
    longview, roby = Ward(name="Longview"), Ward(name="Roby")
    checked = reported_grant(longview, title="Sawpit Park bulbs", accept=True)
    waiting = reported_grant(longview, title="Alt Brook litter pick", accept=False)
    elsewhere = reported_grant(roby, title="Roby verges", accept=True)
    client.force_login(longview.councillors[0])
    page = client.get(reverse("grants:councillor_home")).content.decode()
    section = page.split('id="ward-reports"')[1]
    assert checked.title in section and "checked by the council" in section
    assert waiting.title in section and "waiting for the council's check" in section
    assert elsewhere.title not in page
    achieved = section.split('id="ward-achieved"')[1]
    # Only the accepted report counts: 120 people and 18 volunteers (grants.demo_reports.fill_report).
    assert "From 1 grant with a report the council checked, of 2 running or completed." in achieved
    assert ">120<" in achieved and "18, giving 240 hours" in achieved
    assert OutcomeMeasure.objects.first().name in achieved


def test_the_home_says_plainly_when_there_is_nothing_yet(client):
    ward = Ward(name="Longview")
    client.force_login(ward.councillors[0])
    page = client.get(reverse("grants:councillor_home")).content.decode()
    assert "No group has sent a report about a grant in your ward yet." in page
    assert "Figures appear here once the council has checked a report" in page


def test_the_home_runs_the_same_queries_for_one_report_as_for_many(client):
    ward = Ward(name="Longview")
    reported_grant(ward, title="First", accept=True)
    client.force_login(ward.councillors[0])
    url = reverse("grants:councillor_home")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3):
        reported_grant(ward, title=f"More {n}", accept=n % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
