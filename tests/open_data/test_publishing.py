"""Publishing runs: withheld grants are left out with the officer's reason, a failed run leaves the
published files as they were, one run at a time, old runs' files cleared, and beat's nightly job."""

from unittest import mock

import pytest
from django.core.files.storage import default_storage

from grants.open_data import services
from grants.open_data.identifiers import grant_id
from grants.open_data.models import PublishingRun
from grants.open_data.services import open_data_publish
from grants.services.publication import grant_withhold
from kbt.celery import app as celery_app
from tests.factories import officer
from tests.open_data.support import published_grant, read_json

pytestmark = pytest.mark.django_db


def test_a_withheld_grant_is_left_out_with_the_officers_reason():
    shown, hidden = published_grant(), published_grant()
    grant_withhold(hidden, reason="A refuge: its address must stay private", actor=officer())
    run = open_data_publish(trigger=PublishingRun.Trigger.SCHEDULE)
    assert [g["id"] for g in read_json(run)["grants"]] == [grant_id(shown.reference)]
    assert run.left_out == [
        {
            "reference": hidden.reference,
            "title": hidden.title,
            "reason": "Withheld by an officer: A refuge: its address must stay private",
        }
    ]
    assert (run.grants_published, run.grants_left_out) == (1, 1)


def test_a_failed_run_keeps_the_files_already_published():
    published_grant()
    good = open_data_publish(trigger=PublishingRun.Trigger.SCHEDULE)
    with mock.patch.object(services, "flatten_package", side_effect=RuntimeError("disk full")):
        failed = open_data_publish(trigger=PublishingRun.Trigger.SCHEDULE)
    assert failed.status == PublishingRun.Status.FAILED
    assert failed.error == "RuntimeError: disk full" and failed.files == {}
    assert PublishingRun.objects.latest_published() == good
    assert default_storage.exists(good.files["json"])


def test_only_one_run_at_a_time():
    PublishingRun.objects.create(started_at=services.timezone.now(), trigger=PublishingRun.Trigger.SCHEDULE)
    assert open_data_publish(trigger=PublishingRun.Trigger.OFFICER) is None


def test_a_run_that_died_long_ago_does_not_block_the_next():
    stale = PublishingRun.objects.create(
        started_at=services.timezone.now() - services.STALE_AFTER * 2, trigger=PublishingRun.Trigger.SCHEDULE
    )
    assert open_data_publish(trigger=PublishingRun.Trigger.OFFICER).status == PublishingRun.Status.SUCCEEDED
    stale.refresh_from_db()
    assert stale.status == PublishingRun.Status.FAILED


def test_older_runs_files_are_deleted_but_the_last_two_kept():
    published_grant()
    first, second, third = (open_data_publish(trigger=PublishingRun.Trigger.SCHEDULE) for _ in range(3))
    first.refresh_from_db()
    assert first.files == {}
    assert all(default_storage.exists(name) for run in (second, third) for name in run.files.values())
    assert PublishingRun.objects.latest_published() == third


def test_beat_publishes_every_night():
    entry = celery_app.conf.beat_schedule["publish-open-data"]
    assert entry["task"] == "grants.open_data.tasks.publish_open_data"
    assert celery_app.tasks[entry["task"]]


def test_when_nothing_is_left_to_publish_no_earlier_file_stays_public(client):
    grant = published_grant()
    earlier = open_data_publish(trigger=PublishingRun.Trigger.SCHEDULE)
    grant_withhold(grant, reason="A refuge: its address must stay private", actor=officer())
    run = open_data_publish(trigger=PublishingRun.Trigger.OFFICER)
    assert (run.status, run.grants_published, run.files) == (PublishingRun.Status.SUCCEEDED, 0, {})
    assert not any(default_storage.exists(name) for name in earlier.files.values())
    assert PublishingRun.objects.latest_published() is None
    assert client.get("/open-data/360giving.json").status_code == 404


def test_flattentool_runs_apart_and_its_failure_is_reported(tmp_path):
    from grants.open_data.flat import flatten_package

    broken = tmp_path / "360giving.json"
    broken.write_text('{"grants": [{"id": ')
    with pytest.raises(RuntimeError, match="flattentool could not make the spreadsheets"):
        flatten_package(broken, tmp_path)
    # Its ZODB store was made in the run's folder (deleted with it), not left in the system's /tmp.
    assert list(tmp_path.glob("flattentool-*"))
