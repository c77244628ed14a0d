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


def test_the_change_page_shows_the_latest_status_changes_and_links_to_them_all(client):
    from grants.admin.record_tables import LATEST
    from grants.models import StatusChange

    application = application_at(Status.SUBMITTED, strand=priorities_strand())
    officer = application.cast.officer
    client.force_login(officer)
    page = client.get(reverse("admin:grants_application_change", args=[application.pk])).content.decode()
    assert 'id="status_changes-heading"' in page and "See them all" not in page
    for n in range(LATEST + 1):
        StatusChange.objects.create(
            application=application, action="note", from_status=Status.SUBMITTED, to_status=Status.SUBMITTED,
            actor=officer, reason=f"Reason {n:02d}",
        )  # fmt: skip
    page = client.get(reverse("admin:grants_application_change", args=[application.pk])).content.decode()
    assert f"Reason {LATEST:02d}" in page and "Reason 00" not in page  # the latest, oldest of them first
    assert page.index(f"Reason {LATEST - 1:02d}") < page.index(f"Reason {LATEST:02d}")
    everything = reverse("admin:grants_statuschange_changelist") + "?q=" + application.reference
    assert f'href="{everything}"' in page


def test_the_change_page_shows_a_record_table_only_to_those_who_may_view_its_records(client):
    from django.contrib.auth.models import Permission

    application = application_at(Status.APPROVED, strand=priorities_strand(), amount="20000.00")
    officer = application.cast.officer
    client.force_login(officer)
    page = client.get(reverse("admin:grants_application_change", args=[application.pk])).content.decode()
    assert 'id="ledger_entries-heading"' in page and 'id="budget_lines-heading"' in page
    assert 'class="field-ward_pot"' in page or 'class="field-amount"' in page

    for group in officer.groups.all():
        group.permissions.remove(*Permission.objects.filter(codename__in=["view_ledgerentry", "change_ledgerentry"]))
    officer.user_permissions.remove(*Permission.objects.filter(codename__in=["view_ledgerentry", "change_ledgerentry"]))
    client.force_login(officer)
    page = client.get(reverse("admin:grants_application_change", args=[application.pk])).content.decode()
    assert 'id="ledger_entries-heading"' not in page and 'id="budget_lines-heading"' in page
