"""Figures kept under the database's snapshot (kbt/snapshot_cache.py): served from the cache while
nothing changes, worked out again after any commit, and never cached inside a transaction that wrote.
These tests commit for real (transaction=True): the snapshot only moves when something commits."""

import re
import threading
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants import services
from grants.models import Application, Status
from kbt.snapshot_cache import cached, snapshot_name
from tests.factories import officer, panel_member
from tests.grants.test_admin_budget import money_moved  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def in_another_connection(work):
    """Run `work` in a thread: its own database connection, committing on its own."""
    errors = []

    def run():
        try:
            with transaction.atomic():
                work()
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert not errors, errors


def test_the_name_holds_while_nothing_changes_and_moves_with_any_commit():
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        first = snapshot_name()
        assert first is not None and snapshot_name() == first
    in_another_connection(lambda: officer())  # any write anywhere, committed by someone else
    assert snapshot_name() != first


def test_work_is_done_once_a_snapshot_and_again_after_a_commit():
    calls = []
    work = lambda: calls.append(1) or len(calls)  # noqa: E731
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        assert cached("sum", work) == 1
        assert cached("sum", work) == 1 and len(calls) == 1
    in_another_connection(lambda: officer())
    assert cached("sum", work) == 2


def test_nothing_is_cached_in_a_transaction_that_has_written():
    calls = []
    with transaction.atomic():
        officer()
        assert snapshot_name() is None
        cached("sum", lambda: calls.append(1))
        cached("sum", lambda: calls.append(1))
    assert len(calls) == 2


def test_the_admin_index_money_is_served_from_the_cache_and_never_stale_after_a_decision(client, money_moved):  # noqa: F811
    env, pri = money_moved
    client.force_login(officer())
    index = reverse("admin:index")
    client.get(index)  # the first request of a session writes the session (a commit: a new snapshot)
    # Snapshots are the whole server's: another test writing in its own database moves them too. In a
    # repeatable-read transaction the snapshot stays put, as it does between two requests while
    # nothing is written.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        first = client.get(index).content.decode()
        assert "£29,000" in first and "£12,345.67" in first
        with CaptureQueriesContext(connection) as again:
            second = client.get(index).content.decode()
    unmasked = lambda page: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)  # noqa: E731
    assert unmasked(second) == unmasked(first)
    # From the cache: no sums over the ledger or the grants on the second look.
    assert not [q for q in again.captured_queries if "grants_ledgerentry" in q["sql"] or "SUM(" in q["sql"]]
    pending = Application.objects.get(strand=pri, status=Status.AWAITING_DECISION)
    services.application_decide(
        application=pending,
        actor=panel_member(),
        approve=True,
        reason="Good",
        amount=pending.amount_requested,
        minute_reference="PAN/1",
    )
    after = client.get(index).content.decode()
    assert "£41,345.67" in after  # 29,000.00 + 12,345.67 committed the moment the decision committed


@pytest.mark.parametrize("page", ["register", "charts", "ward_map"])
def test_a_public_page_is_served_from_the_cache_and_shows_a_new_grant_at_once(client, page):
    from tests.register.factories import published_grant

    published_grant()
    address = reverse(f"grants:{page}")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        first = client.get(address).content.decode()
        with CaptureQueriesContext(connection) as again:
            second = client.get(address).content.decode()
    assert second == first
    assert not [q for q in again.captured_queries if "grants_application" in q["sql"]]
    # A grant published by someone else, committed: the next look shows it.
    later = published_grant(title="A brand new orchard")
    after = client.get(address).content.decode()
    assert after != first
    if page == "register":
        assert "A brand new orchard" in after and later.reference in after


def test_a_councillors_bids_are_kept_for_them_alone_and_follow_a_decision(client):
    from tests.grants.councillor_factories import Ward

    mine, theirs = Ward(name="Longview"), Ward(name="Halewood North")
    bid = mine.bid(title="Ponds for Longview")
    theirs.bid(title="Benches for Halewood")
    bids = reverse("grants:councillor_bids")

    def look(user):
        client.force_login(user)
        client.get(bids)  # signing in writes the session: a new snapshot
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            first = client.get(bids).content.decode()
            with CaptureQueriesContext(connection) as again:
                second = client.get(bids).content.decode()
        assert "grants_application" not in " ".join(q["sql"] for q in again.captured_queries)
        return first, second

    first, second = look(mine.councillors[0])
    assert "Ponds for Longview" in second and "Benches for Halewood" not in second
    other, _ = look(theirs.councillors[0])
    assert "Benches for Halewood" in other and "Ponds for Longview" not in other
    # Another councillor of the ward approves: the first sees it on their next look.
    services.councillor_decide(
        application=bid, councillor=mine.councillors[1], decision="approve", amount=bid.amount_requested
    )
    client.force_login(mine.councillors[0])
    after = client.get(bids).content.decode()
    assert after != second


def test_the_ledgers_sums_are_not_worked_out_again_while_nothing_commits(django_assert_max_num_queries):
    from grants.selectors.budget import budget_panel
    from tests.factories import application_at, priorities_strand

    grant = application_at(Status.APPROVED, strand=priorities_strand(), amount="1500.00")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        first = budget_panel()
        with django_assert_max_num_queries(4) as captured:  # strands, pots, pending, the snapshot's name
            again = budget_panel()
        assert "grants_ledgerentry" not in " ".join(q["sql"] for q in captured.captured_queries)
    assert again == first
    services.application_return_underspend(
        application=grant, amount=Decimal("100.00"), actor=grant.cast.officer, note="Spent less"
    )
    after = {strand.strand_id: strand.committed for strand in budget_panel()}
    assert after[grant.strand_id] == Decimal("1400.00")
