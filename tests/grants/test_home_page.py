import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import RoundFactory, StrandFactory, priorities_strand

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_each_strand_and_its_open_round(client):
    RoundFactory(strand=StrandFactory(), name="Round 1")
    priorities_strand()
    page = client.get("/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Environmental improvements" in text and "Round 1 is open until" in text
    assert "Council priorities" in text and "no round open" in text


def test_the_home_page_does_a_fixed_number_of_queries(client):
    strand = StrandFactory()
    RoundFactory(strand=strand)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _ in range(10):
        RoundFactory(strand=strand)
    RoundFactory(strand=priorities_strand())
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)
