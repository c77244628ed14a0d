"""Figures kept in the cache under the database's snapshot: never older than the data a page would read.

A PostgreSQL snapshot (`pg_current_snapshot()`) names exactly which transactions' changes a query can
see: any commit, and any transaction starting to write, gives a new one. So figures worked out under
one snapshot hold for every reader who gets the same snapshot, and no reader gets it again once
anything has changed. Keyed on it, a cached figure is never stale after a commit, whatever wrote it
(a service, an admin save, a bulk update, a trigger, another process), with no list of write paths to
keep up to date; it costs one trivial query. While nothing is written (most of the time for the pages
that show such sums) every request after the first is served from the cache.

Not used (the figures are worked out afresh) where it cannot hold:
- inside a transaction that has itself written (its own changes are not in its snapshot's name);
- on SQLite (the demo), which has no such snapshot.

The cache is Django's default one (per process unless CACHE_URL names a shared one): a key names a
snapshot, so a shared cache is just as safe.
"""

import hashlib

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

TIMEOUT = 3600


def snapshot_name() -> str | None:
    """A short name of the database snapshot a query would read now, or None where it cannot be used."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned() IS NULL")
        snapshot, clean = cursor.fetchone()
    if not clean:
        return None
    return hashlib.blake2b(snapshot.encode(), digest_size=12).hexdigest()


ASK = object()  # cached(): ask for the snapshot's name now


def cached(name: str, work, *, snapshot=ASK):
    """`work()`, or what it gave under the same snapshot. `name` says what it is (and for whom, if it
    differs by who asks). Pass `snapshot` (a name, or None) to reuse one read for several figures
    worked out together, with nothing written in between."""
    if snapshot is ASK:
        snapshot = snapshot_name()
    if snapshot is None:
        return work()
    # The day too: a page may say "today", "overdue" or "N days waiting", which change with no commit.
    key = f"kbt:snapshot:{name}:{snapshot}:{timezone.localdate().isoformat()}"
    found = cache.get(key)
    if found is None:
        found = work()
        cache.set(key, found, TIMEOUT)
    return found
