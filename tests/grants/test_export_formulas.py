"""Exported cells that a spreadsheet would run as a formula are written as text (OWASP's list:
= + - @, tab and carriage return)."""

import csv
import io

import pytest
from django.urls import reverse

from grants.admin.exports import _safe
from grants.models import Status
from tests.factories import OrganisationFactory, application_at, officer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=cmd|' /C calc'!A0", "\r=1+1"])
def test_a_cell_that_could_run_as_a_formula_becomes_text(value):
    assert _safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Friends of the Park", "", "1 Archway Road", "a=b"])
def test_ordinary_text_is_left_as_it_is(value):
    assert _safe(value) == value


def test_an_organisation_name_starting_with_a_tab_is_exported_as_text(client):
    organisation = OrganisationFactory(name='\t=HYPERLINK("http://evil.example")')
    application = application_at(Status.SUBMITTED, organisation=organisation)
    client.force_login(officer())
    response = client.get(reverse("admin:grants_application_export", args=["csv"]), {"q": application.reference})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert '\'\t=HYPERLINK("http://evil.example")' in rows[1]
