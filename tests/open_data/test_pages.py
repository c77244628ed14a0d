"""The public Open data page and files (no sign-in), and the officers' Publishing page."""

import pytest
from django.urls import reverse

from grants.open_data.models import PublishingRun
from grants.open_data.services import open_data_publish
from grants.services.publication import grant_withhold
from tests.factories import UserFactory, officer
from tests.open_data.support import published_grant

pytestmark = pytest.mark.django_db

PUBLISHING = "/admin/open_data/publishingrun/"


def test_before_any_run_the_page_says_so_and_the_files_are_not_found(client):
    page = client.get("/open-data/")
    assert page.status_code == 200
    assert "The files have not been published yet" in page.content.decode()
    assert client.get("/open-data/360giving.json").status_code == 404


def test_the_open_data_page_links_each_file_with_the_licence_and_last_update(client):
    published_grant()
    run = open_data_publish(trigger=PublishingRun.Trigger.SCHEDULE)
    page = client.get("/open-data/").content.decode()
    for name in ("360giving.json", "360giving.csv", "360giving.xlsx", "transparency-code-grants.csv"):
        assert f'href="/open-data/{name}"' in page
    assert "Open Government Licence v3.0" in page
    assert "open-government-licence/version/3/" in page
    assert f"Last updated on {run.finished_at:%-d %B %Y}" in page
    assert 'href="/open-data/"' in client.get("/").content.decode()  # the footer links to it


@pytest.mark.parametrize(
    "name, content_type",
    [
        ("360giving.json", "application/json"),
        ("360giving.csv", "text/csv; charset=utf-8"),
        ("360giving.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("transparency-code-grants.csv", "text/csv; charset=utf-8"),
    ],
)
def test_each_file_downloads_without_signing_in(client, name, content_type):
    grant = published_grant()
    open_data_publish(trigger=PublishingRun.Trigger.SCHEDULE)
    response = client.get(f"/open-data/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Last-Modified"].endswith(" GMT")
    body = b"".join(response.streaming_content)
    if not name.endswith(".xlsx"):
        assert grant.reference.encode() in body


def test_the_publishing_page_shows_the_last_run_its_counts_and_what_was_left_out(client, django_assert_max_num_queries):
    published_grant()
    hidden = published_grant()
    grant_withhold(hidden, reason="A refuge: its address must stay private", actor=officer())
    open_data_publish(trigger=PublishingRun.Trigger.SCHEDULE)
    open_data_publish(trigger=PublishingRun.Trigger.SCHEDULE)
    client.force_login(officer())
    with django_assert_max_num_queries(12):
        page = client.get(PUBLISHING)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Grants published</dt><dd>1</dd>" in text
    assert "Grants left out</dt><dd>1</dd>" in text
    assert hidden.reference in text and "Withheld by an officer: A refuge" in text
    assert "Earlier runs" in text
    assert "Publish the files now" in text


def test_an_officer_publishes_on_demand(client, django_capture_on_commit_callbacks):
    published_grant()
    user = officer()
    client.force_login(user)
    with pytest.raises(PublishingRun.DoesNotExist):
        PublishingRun.objects.latest()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:open_data_publishingrun_publish"))
    assert response.status_code == 302
    run = PublishingRun.objects.latest()
    assert (run.trigger, run.requested_by, run.status) == ("officer", user, PublishingRun.Status.SUCCEEDED)
    assert run.grants_published == 1


def test_the_publishing_page_is_for_officers_only(client):
    client.force_login(UserFactory())
    assert client.get(PUBLISHING).status_code in (302, 403)
    assert client.post(reverse("admin:open_data_publishingrun_publish")).status_code in (302, 403)
    assert not PublishingRun.objects.exists()


def test_publishing_is_a_post(client):
    client.force_login(officer())
    assert client.get(reverse("admin:open_data_publishingrun_publish")).status_code == 405
