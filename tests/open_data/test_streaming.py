"""The files stream at flat memory: rows are read in batches through an iterator (never a list of every
grant), and the writers hold one grant at a time. bench/open_data_files.py measures it at 100,000."""

import io
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.open_data import rows as rows_module
from grants.open_data.rows import published_rows
from grants.open_data.threesixty import grant_record, package_metadata
from grants.open_data.writers import PackageWriter, TransparencyWriter
from tests.open_data.support import fake_rows, published_grant


@pytest.mark.django_db
def test_rows_come_in_batches_two_queries_each():
    made = [published_grant(priorities=n % 2 == 0) for n in range(5)]
    rows = published_rows(batch=2)
    assert iter(rows) is rows  # a generator, not a list
    with CaptureQueriesContext(connection) as captured:
        first = next(rows)
    priorities_queries = lambda: [q for q in captured.captured_queries if "grants_priority" in q["sql"]]  # noqa: E731
    assert len(priorities_queries()) == 1  # only the first batch's priorities so far
    with CaptureQueriesContext(connection) as captured:
        rest = list(rows)
    assert len(priorities_queries()) == 2  # batches two and three, not one query per grant
    assert {first["reference"], *(r["reference"] for r in rest)} == {g.reference for g in made}
    assert [r["priorities"] != [] for r in [first, *rest]].count(True) == 3


@pytest.mark.django_db
def test_the_rows_are_read_through_an_iterator(monkeypatch):
    chunk_sizes = []
    original = rows_module.published_grants

    def spy():
        queryset = original()
        real = type(queryset).iterator

        def iterator(self, chunk_size=None):
            chunk_sizes.append(chunk_size)
            return real(self, chunk_size=chunk_size)

        monkeypatch.setattr(type(queryset), "iterator", iterator)
        return queryset

    monkeypatch.setattr(rows_module, "published_grants", spy)
    published_grant()
    assert len(list(published_rows(batch=500))) == 1
    assert chunk_sizes == [500]


class _Discard(io.RawIOBase):
    def writable(self):
        return True

    def write(self, data):
        return len(data)


def _peak_writing(count: int) -> int:
    tracemalloc.start()
    package, code = PackageWriter(_Discard(), package_metadata()), TransparencyWriter(_Discard())
    for row in fake_rows(count):
        grant = grant_record(row)
        package.add(grant)
        code.add(row, grant)
    package.close()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def test_the_writers_memory_does_not_grow_with_the_number_of_grants(settings):
    settings.SITE_URL = "https://grants.knowsley.gov.uk"
    small, large = _peak_writing(500), _peak_writing(10_000)
    # Twenty times the grants, the same peak give or take a few kilobytes of allocator noise.
    assert large < small + 64_000, (small, large)
