"""/health/ for the load balancer: each part ok or fail, 200 when all are ok, else 503. It says nothing
else: no versions, hosts, counts or error text."""

import time
import uuid

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

# The oldest email still waiting in the outbox may be this old before the check fails.
OUTBOX_MAX_AGE_SECONDS = 15 * 60


def check_database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_broker() -> bool:
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return True  # the demo's embedded broker has no server to be down
    import redis

    return bool(redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping())


def check_storage() -> bool:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as handle:
            return handle.read() == b"ok"
    finally:
        default_storage.delete(name)


def check_outbox() -> bool | None:
    """None (skipped) until the outbox app is installed."""
    if not apps.is_installed("kbt.outbox"):
        return None
    from django.utils import timezone

    OutboxEmail = apps.get_model("outbox", "OutboxEmail")
    oldest = OutboxEmail.objects.filter(status="waiting").order_by("created_at").values_list("created_at", flat=True)
    first = oldest.first()
    return first is None or (timezone.now() - first).total_seconds() <= OUTBOX_MAX_AGE_SECONDS


# Checks whose failure leaves the machine able to serve pages.
DEGRADING = {"outbox"}
CHECKS = {"database": check_database, "redis": check_broker, "storage": check_storage, "outbox": check_outbox}


@never_cache
def health(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            outcome = check()
        except Exception:  # noqa: BLE001  (any failure is "fail"; the reason stays in the server's log)
            import logging

            logging.getLogger("kbt.health").exception("Health check %s failed", name)
            outcome = False
        if outcome is not None:
            results[name] = "ok" if outcome else "fail"
    # A late outbox means mail is not getting out (SMTP or the workers): monitoring must see it, but this
    # web machine still serves pages, so the load balancer keeps it (200, "degraded"). Anything else
    # failing means this machine cannot serve: 503.
    serving = all(value == "ok" for name, value in results.items() if name not in DEGRADING)
    healthy = serving and all(value == "ok" for value in results.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else ("degraded" if serving else "fail"),
            "checks": results,
            "time": int(time.time()),
        },
        status=200 if serving else 503,
    )
