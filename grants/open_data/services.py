"""Publishing the open data files: one run reads every published grant once, writes the 360Giving JSON
and the Transparency Code CSV side by side, flattens the JSON into 360Giving's CSV and XLSX layout, and
keeps all four in document storage under open-data/<run>/. The public addresses serve the latest run
that succeeded, so a run that fails half-way changes nothing anyone can download."""

import datetime as dt
import logging
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models.applications import EMAIL_IN_TEXT, PHONE_IN_TEXT
from .flat import flatten_package
from .models import PublishingRun
from .rows import published_rows, withheld_grants, withheld_postcode_count
from .threesixty import grant_record, package_metadata
from .validation import grant_problems
from .writers import PackageWriter, TransparencyWriter

log = logging.getLogger(__name__)

# The public names of the files, and the names they are kept under in each run's folder.
FILES = {
    "json": "360giving.json",
    "csv": "360giving.csv",
    "xlsx": "360giving.xlsx",
    "transparency": "transparency-code-grants.csv",
}
KEEP_RUNS = 2  # the latest run's files and the one before, for a download that started a moment ago
STALE_AFTER = dt.timedelta(hours=2)  # a run still "running" after this died (a worker was killed)


def private_data_problem(grant: dict) -> str | None:
    """Why a grant's words must not be published as they are: an email address or a phone number in
    the title, the summary or the group's name. The public summary refuses them when it is written (the
    same patterns); this catches the other words, and anything written before that rule."""
    texts = [grant["title"], grant["description"], grant["recipientOrganization"][0]["name"]]
    if any(EMAIL_IN_TEXT.search(text) for text in texts):
        return "Its title, public summary or group name holds an email address: edit it to publish the grant."
    if any(PHONE_IN_TEXT.search(text) for text in texts):
        return "Its title, public summary or group name holds a phone number: edit it to publish the grant."
    return None


def check_grant(grant: dict) -> str | None:
    """The reason to leave this grant out of the files, or None to publish it."""
    if problem := private_data_problem(grant):
        return problem
    if problems := grant_problems(grant):
        return "It does not meet the 360Giving schema: " + "; ".join(problems[:3])
    return None


def _start(*, trigger: str, requested_by) -> PublishingRun | None:
    now = timezone.now()
    PublishingRun.objects.filter(status=PublishingRun.Status.RUNNING, started_at__lt=now - STALE_AFTER).update(
        status=PublishingRun.Status.FAILED, finished_at=now, error="The run stopped before it finished."
    )
    try:
        with transaction.atomic():
            return PublishingRun.objects.create(started_at=now, trigger=trigger, requested_by=requested_by)
    except IntegrityError:
        return None  # another run is under way: it will publish the same grants


def _write_files(run: PublishingRun, folder: Path) -> None:
    json_path, code_path = folder / FILES["json"], folder / FILES["transparency"]
    with open(json_path, "wb") as json_file, open(code_path, "wb") as code_file:
        package, code = PackageWriter(json_file, package_metadata(now=run.started_at)), TransparencyWriter(code_file)
        for row in published_rows():
            grant = grant_record(row)
            if reason := check_grant(grant):
                run.left_out.append({"reference": row["reference"], "title": row["title"], "reason": reason})
                continue
            package.add(grant)
            code.add(row, grant)
        package.close()
    run.grants_published = package.count
    if not package.count:
        return  # nothing to publish (a 360Giving package needs one grant at least): no files
    flat = flatten_package(json_path, folder)
    paths = {"json": json_path, "transparency": code_path, "csv": flat["csv"], "xlsx": flat["xlsx"]}
    for key, path in paths.items():
        with open(path, "rb") as handle:
            run.files[key] = default_storage.save(f"open-data/{run.pk}/{FILES[key]}", File(handle))
        run.sizes[key] = path.stat().st_size


def _forget_old_runs(*, keep: int) -> None:
    for old in PublishingRun.objects.succeeded().exclude(files={}).order_by("-started_at", "-id")[keep:]:
        for name in old.files.values():
            default_storage.delete(name)
        PublishingRun.objects.filter(pk=old.pk).update(files={})


def open_data_publish(*, trigger: str, requested_by=None) -> PublishingRun | None:
    """Make every open data file afresh and record the run. Returns the run, or None when another run
    is under way (at most one runs at a time).

    Guarantees: only `published_grants()` are read; a grant whose words hold an email address or phone
    number, or that breaks the 360Giving schema, is left out and listed with the reason, as are grants an
    officer withheld; the public files change only when every file was written."""
    run = _start(trigger=trigger, requested_by=requested_by)
    if run is None:
        return None
    run.left_out = [
        {"reference": g["reference"], "title": g["title"], "reason": f"Withheld by an officer: {g['withheld_reason']}"}
        for g in withheld_grants()
    ]
    try:
        with tempfile.TemporaryDirectory(prefix="kbt-open-data-") as folder:
            _write_files(run, Path(folder))
    except Exception as error:  # recorded for officers, and logged with its traceback
        log.exception("Publishing the open data files failed")
        run.status, run.error = PublishingRun.Status.FAILED, f"{type(error).__name__}: {error}"
        for name in run.files.values():
            default_storage.delete(name)
        run.files = {}
    else:
        run.status = PublishingRun.Status.SUCCEEDED
    run.grants_left_out = len(run.left_out)
    run.postcodes_withheld = withheld_postcode_count()
    run.finished_at = timezone.now()
    run.save()
    if run.status == PublishingRun.Status.SUCCEEDED:
        # With no grants left to publish (all withheld, say), no earlier file stays public either.
        _forget_old_runs(keep=KEEP_RUNS if run.files else 0)
    return run
