"""Benchmark: every officers', councillors', applicants' and public page against a one-query floor.

Needs the data of bench/generate.py in the database named by DATABASE_URL. Starts gunicorn (2 sync
workers, persistent database connections, BENCH_FLOOR on), signs in the benchmark's officer, councillor
and applicant (sessions made directly, second factor given), then for each page sends `--requests`
requests of the page interleaved with as many of the floor (/bench/floor/: the base template and one
trivial query) from `--concurrency` clients at once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kbt_perf .venv/bin/python bench/pages.py \
        [--requests 30] [--concurrency 20] [--only changelist] [--markdown]

For each page it prints the client's times (median, 95th percentile, maximum: queueing for one of the
two workers included, as a user sees them) and the server's time (gunicorn's own, from the request
reaching a worker to the response leaving it), each as a ratio to the floor's in the same run. The
floor is asked for anonymously and, for signed-in pages, also with the page's own session (so loading
the session, the user and their second factor counts in both).
"""

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbt.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.urls import reverse  # noqa: E402

FLOOR = "/bench/floor/"
PORT = int(os.environ.get("BENCH_PORT", "8771"))  # another port for a second run beside this one


def session_for(email: str) -> str:
    """A signed-in session for this benchmark user, second factor given a moment ago: its key."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kbt.accounts.models import User
    from kbt.accounts.reauth import REAUTH_SESSION_KEY

    user = User.objects.get(email=email)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=True
    )
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b)
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store[REAUTH_SESSION_KEY] = time.time() + 86400  # no re-confirmation during the run
    store.create()
    return store.session_key


def pages() -> list[tuple[str, str, str | None]]:
    """(name, address, who) for every page measured; who is None (public), officer, councillor or applicant."""
    from deals.models import Deal
    from grants.models import Application, Organisation, Priority, Round, Status, Strand, Ward
    from grants.selectors.published import published_grants

    strand = Strand.objects.get(slug="bench-env")
    ward = Ward.objects.get(slug="bench-ward-03")
    round_ = Round.objects.filter(strand=strand).order_by("pk").first()
    lead_org = Organisation.objects.filter(memberships__user__email="bench-applicant@bench.example").get()
    draft = Application.objects.filter(organisation=lead_org, status=Status.DRAFT).order_by("pk").first()
    decided = Application.objects.filter(strand=strand, status=Status.COMPLETED).order_by("pk").first()
    deal = Deal.objects.filter(published=True).order_by("title").first()
    published = published_grants().order_by("pk").first()
    cl = reverse("admin:grants_application_changelist")
    pages = [
        ("public: home", reverse("grants:home"), None),
        ("public: strand page", reverse("grants:strand", args=[strand.slug]), None),
        ("public: deals list", reverse("deals:list"), None),
        ("public: deals list, page 20", reverse("deals:list") + "?page=20", None),
        ("public: a deal", reverse("deals:detail", args=[deal.slug]), None),
        ("public: register", reverse("grants:register"), None),
        ("public: register, searched", reverse("grants:register") + "?q=garden", None),
        ("public: register, page 50", reverse("grants:register") + "?page=50", None),
        ("public: a grant", reverse("grants:grant", args=[published.reference]) if published else None, None),
        ("public: a ward", reverse("grants:ward", args=[ward.slug]), None),
        ("public: ward map", reverse("grants:ward_map"), None),
        ("public: charts", reverse("grants:charts"), None),
        ("applicant: dashboard", reverse("grants:dashboard"), "applicant"),
        ("applicant: task list", reverse("grants:application", args=[draft.pk]) if draft else None, "applicant"),
        ("councillor: bids", reverse("grants:councillor_bids"), "councillor"),
        ("admin: index", reverse("admin:index"), "officer"),
        ("admin: changelist", cl, "officer"),
        ("admin: filter status", cl + "?status__exact=in_assessment", "officer"),
        ("admin: filter strand + ward", cl + f"?strand__id__exact={strand.pk}&ward__id__exact={ward.pk}", "officer"),
        ("admin: filter round", cl + f"?round__id__exact={round_.pk}", "officer"),
        ("admin: filter priority", cl + f"?priorities__id__exact={Priority.objects.get(number=2).pk}", "officer"),
        ("admin: filter assigned to me", cl + "?officer=me", "officer"),
        ("admin: filter past 7 days", cl + "?submitted_at__gte=" + _days_ago(7), "officer"),
        ("admin: search reference", cl + "?q=KBT-BEN-01235", "officer"),
        ("admin: search part reference", cl + "?q=BEN-0123", "officer"),
        ("admin: search title", cl + "?q=brook", "officer"),
        ("admin: search organisation", cl + "?q=Bench+group+777", "officer"),
        ("admin: search postcode", cl + "?q=L37+3F", "officer"),
        ("admin: sort by score", cl + "?o=7", "officer"),
        ("admin: sort by amount", cl + "?o=-6", "officer"),
        ("admin: sort by organisation", cl + "?o=3", "officer"),
        ("admin: page 500", cl + "?p=500", "officer"),
        ("admin: last page", cl + "?p=1700", "officer"),
        ("admin: change page", reverse("admin:grants_application_change", args=[decided.pk]), "officer"),
    ]
    return [p for p in pages if p[1]]


def _days_ago(days: int) -> str:
    import datetime as dt

    from django.utils import timezone

    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


def start_server(log_path: str) -> subprocess.Popen:
    env = {**os.environ, "BENCH_FLOOR": "true", "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"), "DEBUG": "false"}
    env["BENCH_CPU_LOG"] = log_path + ".cpu"
    env.setdefault("LOG_LEVEL", "WARNING")
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [str(ROOT / ".venv/bin/gunicorn"), "kbt.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{PORT}",
         "--timeout", "120", "--access-logfile", log_path, "--config", str(ROOT / "bench/gunicorn_hooks.py"),
         "--access-logformat", "%({x-bench}i)s %(D)s %(s)s"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{FLOOR}", timeout=60).read()  # noqa: S310
            return server
        except OSError:  # not listening yet, or a worker still starting on a busy machine
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not start (is BENCH_FLOOR read? is the port free?)")


def fetch(url: str, cookie: str | None, tag: str) -> tuple[float, int, int]:
    headers = {"X-Bench": tag}
    if cookie:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookie}"
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{url}", headers=headers)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (http://127.0.0.1 only)
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return (time.perf_counter() - started) * 1000, status, len(body)


def run_page(url, cookie, name, requests, concurrency, results):
    """`requests` of the page and as many of the floor, interleaved, from `concurrency` clients."""
    jobs = queue.Queue()
    for i in range(requests):
        jobs.put(("page", url, cookie, f"{name}|page|{i}"))
        jobs.put(("floor", FLOOR, None, f"{name}|floor|{i}"))
        if cookie:  # the floor again, signed in as the page's user: the session and user cost the same
            jobs.put(("floor_user", FLOOR, cookie, f"{name}|floor_user|{i}"))
    times = {"page": [], "floor": [], "floor_user": []}
    problems = []

    def client():
        while True:
            try:
                kind, address, who, tag = jobs.get_nowait()
            except queue.Empty:
                return
            ms, status, size = fetch(address, who, tag)
            times[kind].append(ms)
            if status != 200:
                problems.append(f"{status} for {address}")
            if kind == "page":
                results.setdefault(name, {})["bytes"] = size

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.setdefault(name, {}).update(client=times, problems=problems)


def cpu_times(log_path: str) -> dict[str, dict[str, list[float]]]:
    found: dict[str, dict[str, list[float]]] = {}
    for line in Path(log_path + ".cpu").read_text().splitlines():
        tag, cpu, _wall = line.rsplit(" ", 2)
        if tag.count("|") == 2:
            name, kind, _ = tag.split("|")
            found.setdefault(name, {}).setdefault(kind, []).append(float(cpu))
    return found


def server_times(log_path: str) -> dict[str, dict[str, list[float]]]:
    found: dict[str, dict[str, list[float]]] = {}
    for line in Path(log_path).read_text().splitlines():
        tag, micros, _status = line.rsplit(" ", 2)
        if tag.count("|") != 2:
            continue
        name, kind, _ = tag.split("|")
        found.setdefault(name, {}).setdefault(kind, []).append(int(micros) / 1000)
    return found


def p95(values):
    return sorted(values)[max(0, int(len(values) * 0.95 + 0.5) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--only", help="only pages whose name contains this")
    args = parser.parse_args()
    cookies = {
        "officer": session_for("bench-officer@bench.example"),
        "councillor": session_for("bench-councillor@bench.example"),
        "applicant": session_for("bench-applicant@bench.example"),
        None: None,
    }
    chosen = [p for p in pages() if not args.only or args.only in p[0]]
    log = tempfile.NamedTemporaryFile(prefix="kbt-bench-", suffix=".log", delete=False).name
    results: dict = {}
    server = start_server(log)
    try:
        for name, url, who in chosen:
            for _ in range(2):  # warm both workers
                fetch(url, cookies[who], "warm")
            run_page(url, cookies[who], name, args.requests, args.concurrency, results)
            print(f"  {name}: done", file=sys.stderr, flush=True)
    finally:
        server.terminate()
        server.wait()
    report(chosen, results, server_times(log), cpu_times(log), args)


def _median(values, default=0.0):
    return statistics.median(values) if values else default


def report(chosen, results, served, cpu, args):
    """One row a page: the client's times (as a user sees them, queueing included), the worker's wall
    time and its CPU time, each against the floor's in the same run (anonymous, and signed in as the
    page's user: the ratio uses the signed-in floor for signed-in pages)."""
    heading = (
        "| page | median ms | p95 ms | max ms | × floor | server ms | server floor ms | server × floor "
        "| CPU ms | CPU floor ms | CPU × floor | KB |"
    )
    print(heading)
    print("| --- |" + " ---: |" * 11)
    for name, _url, who in chosen:
        client, wall, spent = results[name]["client"], served.get(name, {}), cpu.get(name, {})
        floor_kind = "floor_user" if who else "floor"
        page_ms, floor_ms = _median(client["page"]), _median(client[floor_kind] or client["floor"], 1)
        s_page, s_floor = _median(wall.get("page", [])), _median(wall.get(floor_kind, []), 1)
        c_page, c_floor = _median(spent.get("page", [])), _median(spent.get(floor_kind, []), 1)
        problems = "; ".join(sorted(set(results[name]["problems"])))[:80]
        print(
            f"| {name} | {page_ms:.0f} | {p95(client['page']):.0f} | {max(client['page']):.0f} "
            f"| {page_ms / floor_ms:.1f} | {s_page:.1f} | {s_floor:.1f} | {s_page / s_floor:.1f} "
            f"| {c_page:.1f} | {c_floor:.1f} | {c_page / c_floor:.1f} | {results[name]['bytes'] / 1024:.0f} |"
            + (f" {problems}" if problems else "")
        )
    print(
        f"\n{args.requests} requests of each page and {args.requests} of the floor (and as many of the floor "
        f"signed in), interleaved, {args.concurrency} at once; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores."
    )


if __name__ == "__main__":
    main()
