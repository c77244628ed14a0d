"""Demo data for `make run`: grants' (grants/demo.py), then deals' (deals/demo/), then the sign-ins, last,
in a box (`make run` leaves them out here and prints them once the portal is up: `demo_sign_ins`).
Running it again changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from deals.demo import seed_deals
from grants.demo import seed_grants
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
            deals = seed_deals()
            held = emails_hold(email_ids=emails)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready ({created} new applications, {deals} new deals).")
            + f"\n{held} emails of the demo's made-up history are held in the outbox (admin: Emails), not sent."
        )
        if not no_sign_ins:
            self.stdout.write(sign_ins_box())
