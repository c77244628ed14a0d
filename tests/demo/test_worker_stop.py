"""The demo's worker stops well inside honcho's 5 s after Ctrl-C (issue 20). Before kbt/celery_demo.py it
took 4.5 to 5.7 s here: up to 2 s waiting for its next look at the embedded broker, then Python's teardown."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROCFILE_WORKER = (
    "celery -A kbt worker --loglevel INFO --pool solo --without-heartbeat --without-gossip --without-mingle"
)


def demo_worker(log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL"}}
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    (ROOT / "var" / "broker" / "processed").mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(  # noqa: S603 (our own worker command)
        PROCFILE_WORKER.split(), cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_the_procfile_runs_the_worker_this_way():
    assert f"worker: {PROCFILE_WORKER}" in (ROOT / "Procfile.dev").read_text()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_an_idle_demo_worker_stops_within_a_second_and_cleanly(tmp_path, stop):
    log = tmp_path / "worker.log"
    worker = demo_worker(log)
    try:
        assert wait_for(lambda: "ready." in log.read_text(), 90), log.read_text()
        time.sleep(1.2)  # into its polling, as after a minute of the demo
        started = time.monotonic()
        worker.send_signal(stop)
        worker.wait(timeout=10)
        took = time.monotonic() - started
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0
    assert "Warm shutdown" in log.read_text()
    assert took < 1.0, f"stopped in {took:.2f} s"


def test_the_demo_beat_stops_within_a_second_having_saved_its_schedule(tmp_path):
    log = tmp_path / "beat.log"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL"}}
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    (ROOT / "var" / "broker" / "processed").mkdir(parents=True, exist_ok=True)
    beat = subprocess.Popen(  # noqa: S603 (the Procfile's beat command)
        "celery -A kbt beat --loglevel INFO".split(), cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    try:
        # Its banner; "beat: Starting..." is an INFO line the demo keeps off the console.
        assert wait_for(lambda: "maxinterval ->" in log.read_text(), 90), log.read_text()
        time.sleep(2)
        started = time.monotonic()
        beat.send_signal(signal.SIGTERM)
        beat.wait(timeout=10)
        took = time.monotonic() - started
    finally:
        if beat.poll() is None:
            beat.kill()
    assert beat.returncode == 0
    schedules = list((ROOT / "var").glob("celerybeat-schedule*"))
    assert schedules and max(path.stat().st_mtime for path in schedules) >= time.time() - took - 5
    assert took < 1.0, f"stopped in {took:.2f} s"
