"""Run the reminder sweep now, as beat does every 15 minutes: `python manage.py sweep_reminders`."""

from django.core.management.base import BaseCommand

from kbt.reminders.services import reminders_sweep


class Command(BaseCommand):
    help = "Find due reminders, claim each once, and queue sends, in batches, for every reminder waiting."

    def handle(self, *args, **options):
        result = reminders_sweep()
        self.stdout.write(
            f"{result.due} reminders due, {result.queued} queued to send"
            + (" (the broker is down: the next sweep will queue the rest)" if result.broker_down else "")
        )
