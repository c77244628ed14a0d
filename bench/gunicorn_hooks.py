"""gunicorn settings for bench/pages.py: each request's CPU time in its worker, next to the wall time.

Wall time on a shared machine stretches with everyone else's load; the worker's CPU time (Python,
templates, the database driver: not PostgreSQL's own processes) does not. Written one line a request
to $BENCH_CPU_LOG: the X-Bench tag, CPU ms, wall ms."""

import os
import time

_log = open(os.environ["BENCH_CPU_LOG"], "a", buffering=1)  # noqa: SIM115 (open for the worker's life)


def pre_request(worker, req):
    req.bench_started = (time.process_time(), time.perf_counter())


def post_request(worker, req, environ, resp):
    cpu, wall = req.bench_started
    tag = environ.get("HTTP_X_BENCH", "-")
    _log.write(f"{tag} {(time.process_time() - cpu) * 1000:.2f} {(time.perf_counter() - wall) * 1000:.2f}\n")
