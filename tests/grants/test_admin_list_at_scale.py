"""The officers' list at 100,000 applications: what keeps it cheap still lists the right rows.

The estimated count, the cap on how deep the list goes, the page picked by id, the search through the
trigram indexes and the sort by the stored score (issue 18). bench/pages.py measures the speed."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.admin import changelist
from grants.models import Application, Status
from tests.factories import application_at, officer
from tests.grants.test_admin_list import many

pytestmark = pytest.mark.django_db
LIST = reverse("admin:grants_application_changelist")


def listed(client, params=None) -> tuple[str, list[str], int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params or {})
    assert response.status_code == 200
    body = response.content.decode()
    found = [ref for ref in (f"KBT-BLK-{n:05d}" for n in range(200)) if ref in body]
    return body, sorted(found, key=body.index), len(queries)


def test_pages_are_newest_first_and_the_list_goes_no_deeper_than_the_cap(client, monkeypatch):
    me = officer()
    client.force_login(me)
    many(130, me)  # submitted a day apart: KBT-BLK-00000 newest
    monkeypatch.setattr(changelist, "MAX_PAGES", 2)
    body, first, first_queries = listed(client)
    assert first == [f"KBT-BLK-{n:05d}" for n in range(50)]
    _, second, second_queries = listed(client, {"p": "2"})
    assert second == [f"KBT-BLK-{n:05d}" for n in range(50, 100)]
    assert second_queries == first_queries
    assert "Only the first 2 pages are listed" in body
    # Past the cap: the last page listed, not an error.
    _, deep, _ = listed(client, {"p": "3"})
    assert deep == second


def test_the_whole_list_counts_by_estimate_and_says_so(client, monkeypatch):
    me = officer()
    client.force_login(me)
    many(60, me)
    monkeypatch.setattr(changelist, "ESTIMATE_FROM", 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE grants_application")
    body, rows, _ = listed(client)
    assert "on a list this long the number is an estimate" in body
    assert len(rows) == 50
    # A filtered list counts exactly.
    body, rows, _ = listed(client, {"status__exact": "submitted"})
    assert "estimate" not in body and len(rows) == 20


def test_sorting_by_score_uses_the_score_the_assessment_service_keeps(client):
    me = officer()
    client.force_login(me)
    many(6, me)
    for n, score in ((1, "12.50"), (3, "99.00"), (5, "40.00")):
        Application.objects.filter(reference=f"KBT-BLK-{n:05d}").update(score=Decimal(score))
    _, rows, _ = listed(client, {"o": "7"})  # the score column, lowest first, unscored last
    assert rows[:3] == ["KBT-BLK-00001", "KBT-BLK-00005", "KBT-BLK-00003"]
    _, rows, _ = listed(client, {"o": "-7"})
    assert rows[-3:] == ["KBT-BLK-00003", "KBT-BLK-00005", "KBT-BLK-00001"]


def test_the_assessment_service_keeps_the_applications_score():
    from tests.factories import assessed

    application = application_at(Status.IN_ASSESSMENT)
    assessment = assessed(application, application.cast.officer)
    assessment.refresh_from_db()
    assert assessment.total_score is not None
    assert Application.objects.get(pk=application.pk).score == assessment.total_score


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("bulk BLK-00007", ["KBT-BLK-00007"]),  # every word must match; the rarest picks the rows
        ("BLK-00003 project", ["KBT-BLK-00003"]),
        ("BLK-0000 nowhere", []),
    ],
)
def test_a_search_of_several_words_finds_rows_matching_every_word(client, term, expected):
    me = officer()
    client.force_login(me)
    many(9, me)
    _, rows, _ = listed(client, {"q": term})
    assert rows == expected


def test_the_search_reads_the_trigram_indexes():
    """The indexes match Django's case-insensitive "contains" exactly, so PostgreSQL can use them."""
    from django.db.models import Q

    from grants.models import Organisation

    plans = []
    for queryset in (
        Application.objects.filter(Q(reference__icontains="brook") | Q(title__icontains="brook")),
        Organisation.objects.filter(Q(name__icontains="brook") | Q(postcode__icontains="brook")),
    ):
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    plan = "\n".join(plans)
    for index in (
        "application_reference_trgm_idx",
        "application_title_trgm_idx",
        "organisation_name_trgm_idx",
        "organisation_postcode_trgm_idx",
    ):
        assert index in plan, plan


@pytest.mark.parametrize(
    ("sort", "index"),
    [
        ("-6", "application_sent_amount_idx"),
        ("2", "application_sent_title_idx"),
        ("4", "application_sent_strand_idx"),
        ("3", "organisation_name_idx"),
        ("-7", "application_sent_score_idx"),
    ],
    ids=["amount", "title", "strand", "organisation", "score"],
)
def test_each_sort_reads_an_index_in_order_rather_than_sorting_the_list(client, sort, index):
    """At 100,000 applications a sort of the whole list costs 40-180 ms; walking an index costs about 1."""
    me = officer()
    client.force_login(me)
    many(60, me)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, {"o": sort}).status_code == 200
    page_ids = next(
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "grants_application"."id" AS "pk"') and "LIMIT 50" in q["sql"]
    )
    with connection.cursor() as cursor:
        # On a few rows the planner may as well sort them whole; at 100,000 it must not: full sorts are
        # ruled out, so the plan shows which index gives the order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        if sort == "4":
            # The strand's index gives the whole order (strand, newest first), not even ties to sort;
            # the strand's plain index would leave each strand's bids to sort (40,000 rows at scale).
            cursor.execute("SET LOCAL enable_incremental_sort = off")
        cursor.execute(f"EXPLAIN {page_ids}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
