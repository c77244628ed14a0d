"""The demo's sign-ins, in a box: printed by `manage.py demo_sign_ins` once the portal is up, last of all
the lines `make run` starts with (issue 20), and by `seed_demo` when it is run on its own."""

import os
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

from deals.demo.data import PARTNER_EMAIL
from grants.models import Councillor, Ward
from kbt.accounts.models import User

from . import DEMO_PASSWORD

# The staff group the payments work adds; its sign-in is shown once a member exists.
FINANCE_GROUP = "Finance"


def sign_ins() -> list[tuple[str, str, str]]:
    """(who, email, where) for each demo sign-in: staff, Finance if there is a Finance member, one
    councillor per ward with the ward, an applicant and a deal partner. Three queries."""
    site_url = settings.SITE_URL.rstrip("/") + "/"
    admin_url = site_url + "admin/"
    rows = [
        ("Officer", "officer@knowsley.example", admin_url),
        ("Decision panel", "panel@knowsley.example", admin_url),
        ("Administrator", "admin@knowsley.example", admin_url + " (roles, audit log)"),
    ]
    # Payment runs need two people from Finance: one builds a run, another approves it.
    finance = User.objects.filter(groups__name=FINANCE_GROUP, is_active=True).order_by("pk")[:2]
    for person, role in zip(finance, ("Finance (builds runs)", "Finance (approves runs)"), strict=False):
        rows.append((role, person.email, admin_url + "grants/paymentrun/"))
    first_by_ward = {}
    councillors = Councillor.objects.select_related("user").prefetch_related("wards").order_by("user__email")
    for councillor in councillors:
        for ward in councillor.wards.all():
            first_by_ward.setdefault(ward.pk, (ward.name, councillor.user.email))
    for name, email in sorted(first_by_ward.values()):
        bids = " (bids to decide)" if name == "Longview" else ""
        rows.append(("Councillor", email, f"{name} ward{bids}"))
    rows.append(("Applicant", "applicant@example.org", "Friends of Stadt Moers Park, " + site_url))
    rows.append(("Deal partner", PARTNER_EMAIL, site_url + "deals/partner/"))
    return rows


def box(title: list[str], rows: list[tuple[str, str, str]]) -> str:
    """The title lines, then the rows in aligned columns, inside a plain-text box that stands out at the end."""
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [*title, ""] + ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    inner = max(len(line) for line in lines)
    edge = "+" + "-" * (inner + 2) + "+"
    return "\n".join(["", edge, *(f"| {line.ljust(inner)} |" for line in lines), edge, ""])


def sign_ins_box() -> str:
    site_url = settings.SITE_URL.rstrip("/") + "/"
    title = [
        f"Demo sign-ins (password for all: {DEMO_PASSWORD})",
        f"Councillors land on their home at {site_url}councillors/home/ (one councillor for each of "
        f"{Ward.objects.count()} wards)",
        "Demo emails are logged as one line each; read them in the officers' site under Emails.",
    ]
    return box(title, sign_ins())


# Waiting for the portal: the web server answers and the worker said it is ready (kbt/celery_demo.py).


def worker_ready_file() -> Path:
    return Path(settings.VAR_DIR) / "worker.ready"


def worker_is_ready() -> bool:
    """The demo worker wrote its process id when ready and removes the file when it stops; a file left
    by a worker that was killed names a process that is gone."""
    try:
        pid = int(worker_ready_file().read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True


def web_is_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own demo address)
            return True
    except urllib.error.HTTPError:
        return True  # it answered: /health/ says 503 while, say, the worker is still starting
    except (OSError, ValueError):
        return False


def wait_until_up(*, health_url: str, timeout: float, poll: float = 0.5) -> bool:
    """Whether the web server and the worker were both up within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if web_is_up(health_url) and worker_is_ready():
            return True
        time.sleep(poll)
    return False
