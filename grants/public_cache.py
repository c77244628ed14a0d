"""The public fund pages' content (the home page and each strand's page), kept in the cache.

They show the fund, its strands and rounds, and councillors' open ideas: data that changes rarely. The
rendered content (never base.html's: CSRF token, CSP nonce, messages, the user) is kept under a version
that any write to those models replaces, and again once the write commits; and only until the next
time a round opens or closes, when the pages change by themselves. The key also names the database's
snapshot (kbt/snapshot_cache.py), which any commit replaces, so no worker, whatever its cache, serves a
page from before a commit; where there is none to name (SQLite; a transaction that has written) the
version alone decides."""

import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from kbt.snapshot_cache import snapshot_name

VERSION_KEY = "grants:fund-pages-version"
PAGE_SECONDS = 300


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def _next_change(now):
    """When a round next opens or closes (None if none ever will)."""
    from .models import Round

    times = Round.objects.filter(Q(opens_at__gt=now) | Q(closes_at__gt=now)).aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)), closes=Min("closes_at", filter=Q(closes_at__gt=now))
    )
    return min((t for t in times.values() if t is not None), default=None)


def fund_page(name: str, parts, build) -> dict:
    """What `build()` returns (rendered strings), from the cache while no fund data has changed and no
    round has opened or closed since."""
    digest = hashlib.sha256(repr((_version(), snapshot_name(), parts)).encode()).hexdigest()
    key = f"grants:fund-page:{name}:{digest}"
    now = timezone.now()
    kept = cache.get(key)
    if kept is not None and (kept["until"] is None or now < kept["until"]):
        return kept["page"]
    page = build()
    cache.set(key, {"page": page, "until": _next_change(now)}, PAGE_SECONDS)
    return page


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def fund_changed(sender=None, update_fields=None, **kwargs) -> None:
    """A signal receiver: something the fund pages show changed (a sign-in's last_login is not that)."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    _new_version()
    transaction.on_commit(_new_version)


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from .models import Councillor, CouncillorIdea, Fund, Round, Strand, Ward

    for model in (Fund, Strand, Round, CouncillorIdea, Ward, Councillor, get_user_model()):
        post_save.connect(fund_changed, sender=model, dispatch_uid=f"fund-pages-save-{model.__name__}")
        post_delete.connect(fund_changed, sender=model, dispatch_uid=f"fund-pages-delete-{model.__name__}")
    m2m_changed.connect(fund_changed, sender=Councillor.wards.through, dispatch_uid="fund-pages-m2m-councillor-wards")
