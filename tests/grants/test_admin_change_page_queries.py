"""An application's page in the officers' site loads the application once, and its history and ledger
rows carry their application: the same queries for a short history as for a long one."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants import services
from grants.models import Status
from tests.factories import application_at, priorities_strand

pytestmark = pytest.mark.django_db


def page_queries(client, application) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:grants_application_change", args=[application.pk]))
    assert response.status_code == 200
    assert application.reference in response.content.decode()
    return [q["sql"] for q in queries.captured_queries]


def test_the_change_page_runs_the_same_queries_for_a_long_history_and_ledger(client):
    short = application_at(Status.APPROVED, strand=priorities_strand(), amount="20000.00")
    long = application_at(Status.APPROVED, strand=short.strand, amount="20000.00", cast=short.cast)
    for n in range(4):  # four more ledger rows and status changes' worth of history
        services.application_return_underspend(
            application=long, amount=Decimal("100.00"), actor=long.cast.officer, note=f"Part {n}"
        )
    client.force_login(short.cast.officer)
    few, many = page_queries(client, short), page_queries(client, long)
    assert len(many) == len(few)
    # The application itself is read once (its inline rows bring theirs along).
    loads = 'SELECT "grants_application"."id", "grants_application"."reference"'
    own = [sql for sql in many if sql.startswith(loads) and f'"grants_application"."id" = {long.pk}' in sql]
    assert len(own) == 1, own
