"""Spreadsheets of applications are made by a Celery task; the link goes by email through the outbox;
the file is served only to the officer who asked (404 to anyone else)."""

import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from grants.models import ApplicationExport, Status
from grants.services.exports import application_export_build, application_export_request
from kbt.outbox.models import OutboxEmail
from tests.factories import UserFactory, application_at, officer, panel_member
from tests.grants.test_admin_list import many

pytestmark = pytest.mark.django_db
LIST = reverse("admin:grants_application_changelist")


def file_url(export) -> str:
    return reverse("admin:grants_application_export_file", args=[export.pk])


def sheet_references(response) -> list[str]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [row[0] for row in list(sheet.values)[1:]]


def test_the_ticked_rows_become_a_spreadsheet_emailed_as_a_link(client, django_capture_on_commit_callbacks):
    first = application_at(Status.SUBMITTED)
    second = application_at(Status.SUBMITTED, cast=first.cast)
    me = first.cast.officer
    client.force_login(me)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LIST, {"action": "export_xlsx", ACTION_CHECKBOX_NAME: [first.pk]})
    assert response.status_code == 302
    export = ApplicationExport.objects.get(requested_by=me)
    assert (export.state, export.rows) == (ApplicationExport.State.READY, 1)
    assert (
        OutboxEmail.objects.filter(recipient=me.email, key__startswith=f"application-export-{export.pk}").count() == 1
    )
    references = sheet_references(client.get(file_url(export)))
    assert references == [first.reference] and second.reference not in references


def test_nobody_else_gets_the_file(client, django_capture_on_commit_callbacks):
    application = application_at(Status.SUBMITTED)
    me = application.cast.officer
    with django_capture_on_commit_callbacks(execute=True):
        export = application_export_request(user=me, query=f"q={application.reference}")
    export.refresh_from_db()
    assert export.state == ApplicationExport.State.READY
    for someone_else in (officer(), panel_member()):
        client.force_login(someone_else)
        assert client.get(file_url(export)).status_code == 404
    client.force_login(UserFactory())  # not staff: the officers' site sends them to sign in
    assert client.get(file_url(export)).status_code == 302
    client.force_login(me)
    assert client.get(file_url(export)).status_code == 200
    assert client.get(reverse("admin:grants_application_export_file", args=[export.pk + 1000])).status_code == 404


def test_a_file_not_made_yet_is_not_found(client):
    me = officer()
    export = ApplicationExport.objects.create(requested_by=me, query="")
    client.force_login(me)
    assert client.get(file_url(export)).status_code == 404


def test_the_task_runs_the_same_queries_for_few_rows_as_for_many():
    me = officer()

    def build() -> int:
        export = ApplicationExport.objects.create(requested_by=me, query="")
        with CaptureQueriesContext(connection) as queries:
            application_export_build(export_id=export.pk)
        export.refresh_from_db()
        return len(queries), export.rows

    many(3, me)
    few, rows = build()
    assert rows == 3
    many(120, me, start=3)
    count, rows = build()
    assert (count, rows) == (few, 123)


def test_running_the_task_again_makes_nothing_twice(django_capture_on_commit_callbacks):
    application = application_at(Status.SUBMITTED)
    me = application.cast.officer
    with django_capture_on_commit_callbacks(execute=True):
        export = application_export_request(user=me)
    name = ApplicationExport.objects.get(pk=export.pk).file.name
    application_export_build(export_id=export.pk)
    assert ApplicationExport.objects.get(pk=export.pk).file.name == name
    assert OutboxEmail.objects.filter(key__startswith=f"application-export-{export.pk}").count() == 1
