"""Demo data for `make run`: grants' (grants/demo.py), then deals' (deals/demo/), then the sign-ins, last,
in a box. Running it again changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from deals.demo import seed_deals
from deals.demo.data import PARTNER_EMAIL
from grants.demo import seed_grants
from grants.demo_register import seed_register
from grants.models import Councillor, Ward
from grants.open_data.models import PublishingRun
from grants.open_data.services import open_data_publish
from kbt.demo import DEMO_PASSWORD
from kbt.outbox.models import OutboxEmail
from kbt.outbox.services import deliveries_held

ADMIN_URL = "http://127.0.0.1:8000/admin/"
SITE_URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "Create the demo fund, people, applications and deals (safe to run again: it changes nothing)."

    def handle(self, *args, **options):
        with deliveries_held() as emails, transaction.atomic():
            created = seed_grants()
            created += seed_register()
            deals = seed_deals()
            recorded = _record_demo_emails(emails)
        published = _publish_open_data()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready ({created} new applications, {deals} new deals).")
            + f"\n{recorded} emails of the demo's made-up history are in the outbox (admin: Emails), not delivered."
            + f"\n{published}"
        )
        title = [
            f"Demo sign-ins (password for all: {DEMO_PASSWORD})",
            f"Councillors see their wards' bids at {SITE_URL}councillors/",
        ]
        self.stdout.write(box(title, sign_ins()))


def _publish_open_data() -> str:
    """The open data files, made once (the nightly job and officers' Publishing page make them again)."""
    run = PublishingRun.objects.succeeded().order_by("-started_at", "-id").first()
    if run is None:
        run = open_data_publish(trigger=PublishingRun.Trigger.DEMO)
        if run is None:
            return "Open data: a publishing run is already under way."
    return f"Open data: {run.grants_published} grants published at {SITE_URL}open-data/."


def _record_demo_emails(ids: list[int]) -> int:
    """The demo walks made-up applications through the workflow, which writes its emails as usual. They
    are kept as a record, marked sent, and never printed: the console would scroll with hundreds."""
    return OutboxEmail.objects.filter(pk__in=ids, status=OutboxEmail.Status.WAITING).update(
        status=OutboxEmail.Status.SENT, sent_at=timezone.now(), queued_at=None
    )


def sign_ins() -> list[tuple[str, str, str]]:
    """(who, email, where) for each demo sign-in: staff, one councillor per ward, an applicant, a partner."""
    rows = [
        ("Officer", "officer@knowsley.example", ADMIN_URL),
        ("Decision panel", "panel@knowsley.example", ADMIN_URL),
        ("Administrator", "admin@knowsley.example", ADMIN_URL + " (roles, audit log)"),
    ]
    for ward in Ward.objects.order_by("name"):
        councillor = Councillor.objects.filter(wards=ward).select_related("user").order_by("user__email").first()
        if councillor is not None:
            bids = " (bids to decide)" if ward.name == "Longview" else ""
            rows.append(("Councillor", councillor.user.email, f"{ward.name} ward{bids}"))
    rows.append(("Applicant", "applicant@example.org", "Friends of Stadt Moers Park, " + SITE_URL))
    rows.append(("Deal partner", PARTNER_EMAIL, SITE_URL + "deals/partner/"))
    return rows


def box(title: list[str], rows: list[tuple[str, str, str]]) -> str:
    """The title lines, then the rows in aligned columns, inside a plain-text box that stands out at the end."""
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [*title, ""] + ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    inner = max(len(line) for line in lines)
    edge = "+" + "-" * (inner + 2) + "+"
    return "\n".join(["", edge, *(f"| {line.ljust(inner)} |" for line in lines), edge, ""])
