"""Check every committed counter against the ledger now, as beat does every hour: `python manage.py check_budgets`."""

from django.core.management.base import BaseCommand, CommandError

from grants.money import pounds
from grants.services.budgets import budgets_reconcile


class Command(BaseCommand):
    help = "Compare every strand's and ward pot's committed figure with the sum of its ledger entries."

    def handle(self, *args, **options):
        check = budgets_reconcile()
        checked = f"{check.strands_checked} strands and {check.pots_checked} ward pots checked"
        if check.ok:
            self.stdout.write(f"{checked}: every committed figure equals its ledger.")
            return
        for mismatch in check.mismatches:
            self.stderr.write(
                f"{mismatch['name']}: the figure shows {pounds(mismatch['counter'])}, "
                f"the ledger {pounds(mismatch['ledger'])}"
            )
        raise CommandError(f"{checked}: {len(check.mismatches)} differ from the ledger.")
