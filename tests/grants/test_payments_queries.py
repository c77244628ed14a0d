"""A run of 5,000 instalments is built, approved and exported in the same few queries as a run of 50,
and its payment file streams (a generator read in chunks, not a list in memory)."""

import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.services.payment_files import payment_file_lines
from grants.services.payment_runs import run_approve, run_build
from tests.grants.payment_bulk import many_due_instalments
from tests.grants.payment_factories import TODAY, finance, running_grant

pytestmark = pytest.mark.django_db


def queries_for(count):
    """Queries to build, approve and export a run of `count` instalments (plus the one made by services)."""
    template = running_grant(amount="1000.00")
    many_due_instalments(template, instalments=count, due_on=TODAY)
    builder, approver = finance(), finance()
    assert builder.is_finance and approver.is_finance  # each person's groups are read once, before counting
    counts = {}
    with CaptureQueriesContext(connection) as build:
        run = run_build(actor=builder, today=TODAY)
    counts["build"] = len(build)
    with CaptureQueriesContext(connection) as approve:
        run, _ = run_approve(run=run, actor=approver)
    counts["approve"] = len(approve)
    with CaptureQueriesContext(connection) as export:
        lines = payment_file_lines(run=run, actor=builder)
        assert isinstance(lines, types.GeneratorType)
        rows = sum(1 for _ in lines)
    counts["export"] = len(export)
    return run, rows, counts


def test_a_run_of_5000_takes_the_same_queries_as_a_run_of_50():
    small_run, small_rows, small = queries_for(50)
    assert small_run.instalment_count == 51  # 50 made in bulk and the template grant's one
    big_run, big_rows, big = queries_for(5000)
    assert big_run.instalment_count == 5001  # the small run's instalments are already in its run
    assert big_rows == 5002  # the headings and one line per instalment
    assert big == small, (big, small)
    assert big["build"] <= 8 and big["approve"] <= 10 and big["export"] <= 4, big
