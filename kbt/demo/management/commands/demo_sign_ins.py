"""Print the demo's sign-ins in a box. With --when-up (the Procfile's `signins` process, `make run`):
wait until the portal answers and the worker is ready, print them, then stay until Ctrl-C, because honcho
stops everything when one of its processes ends."""

import os
import signal
import sys
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from kbt.demo.sign_ins import sign_ins_box, wait_until_up


class Command(BaseCommand):
    help = "Print the demo sign-ins (with --when-up: once the portal and its worker are up, then wait)."

    def add_arguments(self, parser):
        parser.add_argument("--when-up", action="store_true", help="Wait for the portal, print, then stay.")
        parser.add_argument("--timeout", type=float, default=180, help="Seconds to wait for the portal.")

    def handle(self, *args, when_up=False, timeout=180, **options):
        if not when_up:
            self.stdout.write(sign_ins_box())
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        up = wait_until_up(health_url=settings.SITE_URL.rstrip("/") + "/health/", timeout=timeout)
        if stop.is_set():
            return
        self.stdout.write(sign_ins_box())
        if not up:
            self.stdout.write(f"(The portal had not answered after {timeout:.0f} s: it may still be starting.)")
        self.stdout.flush()
        sys.stdout.flush()
        stop.wait()
        # Nothing to tidy: leave at once rather than after Python's teardown (a second or two), so
        # honcho's 5 s after Ctrl-C is not spent here.
        os._exit(0)
