"""Demo data for `make run`: grants' (grants/demo.py, the register's published grants, payments and the
councillors' shared drafts and ideas), then deals' (deals/demo/), then the open data files, then the
sign-ins, last, in a box (`make run` leaves them out here and prints them once the portal is up:
`demo_sign_ins`). Running it again changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from deals.demo import seed_deals
from grants.demo import seed_grants
from grants.demo_partnership import seed_partnership
from grants.demo_register import seed_register
from grants.demo_reports import seed_reports
from grants.open_data.models import PublishingRun
from grants.open_data.services import open_data_publish
from grants.payment_demo import seed_payments
from kbt.accounts.models import User
from kbt.demo.sign_ins import sign_ins_box
from kbt.outbox.services import deliveries_held, emails_hold


class Command(BaseCommand):
    help = "Create the demo fund, people, applications and deals (safe to run again: it changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-sign-ins", action="store_true", help="Leave the sign-ins out (make run prints them when up)."
        )

    def handle(self, *args, no_sign_ins=False, **options):
        # The demo walks made-up applications through the workflow, which writes its emails as usual.
        # They are held: kept in the outbox to read, never sent, and never printed.
        with deliveries_held() as emails, transaction.atomic():
            created = seed_grants()
            created += seed_register()
            seed_payments()
            # Reports in each state, across the running grants the register published (issue 14).
            seed_reports(officer=demo_officer(), applicant_email="applicant@example.org")
            created += seed_partnership()  # issue 19: shared drafts, comments, support, ideas
            deals = seed_deals()
            held = emails_hold(email_ids=emails)
        published = _publish_open_data()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready ({created} new applications, {deals} new deals).")
            + f"\n{held} emails of the demo's made-up history are held in the outbox (admin: Emails), not sent."
            + f"\n{published}"
        )
        if not no_sign_ins:
            self.stdout.write(sign_ins_box())


def _publish_open_data() -> str:
    """The open data files, made once (the nightly job and officers' Publishing page make them again)."""
    run = PublishingRun.objects.succeeded().order_by("-started_at", "-id").first()
    if run is None:
        run = open_data_publish(trigger=PublishingRun.Trigger.DEMO)
        if run is None:
            return "Open data: a publishing run is already under way."
    site_url = settings.SITE_URL.rstrip("/") + "/"
    return f"Open data: {run.grants_published} grants published at {site_url}open-data/."


def demo_officer() -> User:
    return User.objects.get(email="officer@knowsley.example")  # made by grants.demo.seed_grants
