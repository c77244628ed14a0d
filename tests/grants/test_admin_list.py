"""The officers' applications list: columns, filters, search, a fixed number of queries, exports."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from grants.models import Application, ApplicationExport, Assessment, Status
from kbt.outbox.models import OutboxEmail
from tests.factories import (
    OrganisationFactory,
    PriorityFactory,
    RoundFactory,
    StrandFactory,
    WardFactory,
    application_at,
    officer,
    priorities_strand,
)

pytestmark = pytest.mark.django_db
LIST = reverse("admin:grants_application_changelist")


def many(count: int, assessor, start: int = 0):
    """`count` submitted applications across both strands, with priorities, assessments and officers,
    made in bulk: the list's query count must not depend on how many there are."""
    env_round, pri_round = RoundFactory(strand=StrandFactory()), RoundFactory(strand=priorities_strand())
    wards = [WardFactory() for _ in range(3)]
    organisations = [OrganisationFactory(ward=wards[i % 3]) for i in range(5)]
    priorities = [PriorityFactory(number=n) for n in (1, 2, 3)]
    now = timezone.now()
    applications = Application.objects.bulk_create(
        Application(
            reference=f"KBT-BLK-{start + i:05d}",
            organisation=organisations[i % 5],
            round=env_round if i % 2 else pri_round,
            strand_id=env_round.strand_id if i % 2 else pri_round.strand_id,
            ward=wards[i % 3] if i % 2 else None,
            title=f"Bulk project {i}",
            amount_requested=Decimal("1000.00") + i,
            status=[Status.SUBMITTED, Status.IN_ASSESSMENT, Status.AWAITING_DECISION][i % 3],
            submitted_at=now - dt.timedelta(days=i),
            assigned_officer=assessor if i % 4 == 0 else None,
        )
        for i in range(count)
    )
    Through = Application.priorities.through
    Through.objects.bulk_create(
        Through(application_id=a.pk, priority_id=priorities[i % 3].pk)
        for i, a in enumerate(applications)
        if a.ward_id is None
    )
    Assessment.objects.bulk_create(
        Assessment(application=a, assessor=assessor, total_score=Decimal("75.00")) for a in applications[::2]
    )


def queries_for(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"status__exact": "submitted"}, {"q": "Bulk"}, {"officer": "me"}])
def test_the_list_runs_the_same_queries_for_few_rows_as_for_many(client, params):
    me = officer()
    client.force_login(me)
    many(3, me)
    few = queries_for(client, params)
    many(120, me, start=3)
    assert queries_for(client, params) == few
    # 21: one more than before two-factor sign-in, which loads the verified device on every request.
    assert few <= 21


def test_the_columns(client):
    application = application_at(Status.IN_ASSESSMENT)
    Assessment.objects.create(application=application, assessor=application.cast.officer, total_score=Decimal("81.25"))
    pri = application_at(Status.SUBMITTED, strand=priorities_strand(), amount="20000.00")
    client.force_login(application.cast.officer)
    body = client.get(LIST).content.decode()
    for text in (
        application.reference,
        application.organisation.name,
        "ENV",
        application.ward.name,
        "£5,000",
        "81.25",
        "In assessment",
        pri.reference,
        "P1",
    ):
        assert text in body, text


def test_drafts_are_not_listed(client):
    application = application_at(Status.DRAFT)
    client.force_login(officer())
    assert application.reference not in client.get(LIST).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        lambda a: {"status__exact": "awaiting_decision"},
        lambda a: {"strand__id__exact": a.strand_id},
        lambda a: {"round__id__exact": a.round_id},
        lambda a: {"ward__id__exact": a.ward_id},
        lambda a: {"q": a.reference},
        lambda a: {"q": a.organisation.name},
        lambda a: {"q": "L36 9"},
        lambda a: {"q": "Greening"},
        lambda a: {"officer": "me"},
        # As the filter's own "Today" link writes it: midnight, with the time zone.
        lambda a: {
            "submitted_at__gte": str(timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)),
            "submitted_at__lt": str(timezone.localtime().replace(year=2100)),
        },
    ],
)
def test_filters_and_search_find_the_bid_and_leave_out_others(client, params):
    wanted = application_at(Status.AWAITING_DECISION)
    wanted.assigned_officer = wanted.cast.officer
    Application.objects.filter(pk=wanted.pk).update(assigned_officer=wanted.cast.officer)
    other = application_at(Status.SUBMITTED, strand=priorities_strand(), title="Lunch club", amount="20000.00")
    Application.objects.filter(pk=other.pk).update(submitted_at=timezone.now() - dt.timedelta(days=400))
    from grants.models import Organisation

    Organisation.objects.filter(pk=other.organisation_id).update(postcode="L34 1AB")
    client.force_login(wanted.cast.officer)
    body = client.get(LIST, params(wanted)).content.decode()
    assert wanted.reference in body
    assert other.reference not in body


def test_the_priority_filter(client):
    pri = application_at(Status.SUBMITTED, strand=priorities_strand(), amount="20000.00")
    env = application_at(Status.SUBMITTED)
    client.force_login(officer())
    body = client.get(LIST, {"priorities__id__exact": pri.priorities.get().pk}).content.decode()
    assert pri.reference in body and env.reference not in body


def test_export_the_filtered_list_as_csv(client):
    wanted = application_at(Status.AWAITING_DECISION)
    other = application_at(Status.SUBMITTED)
    client.force_login(officer())
    response = client.get(
        reverse("admin:grants_application_export", args=["csv"]), {"status__exact": "awaiting_decision"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Reference"
    assert [r[0] for r in rows[1:]] == [wanted.reference]
    assert other.reference not in text


def test_export_the_filtered_list_as_xlsx(client, django_capture_on_commit_callbacks):
    # Made by a task (issue 18): the officer gets a link by email, and the file from that link.
    wanted = application_at(Status.AWAITING_DECISION, title="=HYPERLINK(evil)")
    me = officer()
    client.force_login(me)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("admin:grants_application_export", args=["xlsx"]), {"q": wanted.reference})
    assert response.status_code == 302
    assert f"We will email a link to {me.email}" in client.get(response["Location"]).content.decode()
    export = ApplicationExport.objects.get(requested_by=me)
    link = reverse("admin:grants_application_export_file", args=[export.pk])
    email = OutboxEmail.objects.get(recipient=me.email, kind="application_export_ready")
    assert link in email.body_text and email.subject == "Your applications spreadsheet is ready"
    response = client.get(link)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[0][0] == "Reference" and values[1][0] == wanted.reference
    assert len(values) == 2  # the list as filtered: that bid only
    # A title that looks like a formula is written as text.
    assert values[1][1] == "'=HYPERLINK(evil)"
    assert values[1][8] == 5000


def test_bulk_export_of_the_selected_rows(client):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    first = application_at(Status.SUBMITTED)
    second = application_at(Status.SUBMITTED, cast=first.cast)
    client.force_login(first.cast.officer)
    response = client.post(LIST, {"action": "export_csv", ACTION_CHECKBOX_NAME: [first.pk]})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert first.reference in text and second.reference not in text


def test_the_printable_page_has_the_bid_and_its_assessment(client):
    from tests.grants.admin_factories import assessed

    application = application_at(Status.IN_ASSESSMENT)
    assessed(application, application.cast.officer)
    client.force_login(application.cast.panel)
    body = client.get(reverse("admin:grants_application_print", args=[application.pk])).content.decode()
    assert application.title in body and "Plants and tools" in body
    assert "80.00%" in body and "Need is fine" in body
    assert "Start assessment" not in body or "In assessment" in body


def test_the_list_is_indexed_behind_every_filter():
    indexed = {tuple(index.fields) for index in Application._meta.indexes}
    for field in ("status", "submitted_at"):
        assert (field,) in indexed
    for field in ("strand", "round", "ward", "assigned_officer"):
        assert any(fields[0] == field for fields in indexed), field


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_runs_the_same_queries_for_few_rows_as_for_many(client, fmt):
    me = officer()
    client.force_login(me)
    url = reverse("admin:grants_application_export", args=[fmt])

    def export():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        return len(queries), body

    many(3, me)
    few, _ = export()
    many(120, me, start=3)
    count, body = export()
    assert count == few
    if fmt == "csv":
        assert body.decode("utf-8-sig").count("KBT-BLK-") == 123
