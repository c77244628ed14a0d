"""`make run` prints the sign-ins once the web server answers and the worker is ready (issue 20)."""

import http.server
import os
import threading

import pytest

from kbt.demo import sign_ins


class Unavailable(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.send_response(503)  # /health/ while the worker is still starting: the server is up all the same
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    server = http.server.HTTPServer(("127.0.0.1", 0), Unavailable)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/health/"
    server.shutdown()


@pytest.fixture
def ready_file(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    return tmp_path / "worker.ready"


def test_it_waits_for_the_worker_as_well_as_the_web_server(web, ready_file):
    assert not sign_ins.wait_until_up(health_url=web, timeout=0.3, poll=0.05)
    ready_file.write_text(str(os.getpid()))
    assert sign_ins.wait_until_up(health_url=web, timeout=2, poll=0.05)


def test_a_ready_file_left_by_a_killed_worker_does_not_count(ready_file):
    ready_file.write_text("999999999")
    assert not sign_ins.worker_is_ready()
    ready_file.write_text("not a number")
    assert not sign_ins.worker_is_ready()


def test_nothing_answering_is_not_up(ready_file):
    ready_file.write_text(str(os.getpid()))
    assert not sign_ins.wait_until_up(health_url="http://127.0.0.1:9/health/", timeout=0.3, poll=0.05)
