"""For the demo only: the code a demo account's authenticator app would show now.

Staff and councillors sign in with a password and a code. On the demo, nobody has the demo accounts on
their phone, so `python manage.py demo_code officer@knowsley.example` prints the current code of that
account's authenticator app (set up on first sign-in, or by seed_demo). It refuses any account outside
the demo's made-up domains, so it can never read a real person's second factor."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_DOMAINS = (".example", ".example.org", ".example.com")


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (addresses ending in .example only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        email = email.strip().lower()
        if not email.endswith(DEMO_DOMAINS):
            raise CommandError("Only demo accounts (addresses ending in .example) have codes printed.")
        device = TOTPDevice.objects.filter(user__email__iexact=email).order_by("-confirmed", "-id").first()
        if device is None:
            raise CommandError(f"{email} has no authenticator app yet: sign in once and the portal sets one up.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
