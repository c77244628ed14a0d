"""The public deal pages' cache: the deals list's fund-wide figures (businesses in deals, targets rolled
up), and the rendered content of the deals list and of each deal's page.

Working them out reads every published deal's parties, commitments and targets: too much for every
view of a public page. They are kept under versions that writes replace once they commit, so the next
view works them out again:

- the deals version: any write to a deal's data (any model of this app, its tags included) and to the
  wards and council priorities the pages name;
- the grants version (a deal's page only): any write to what a deal's page shows of its grants: a
  grant's status, withholding, title or organisation, its targets, and its reports (accepted ones show).

The keys also name the database's snapshot (kbt/snapshot_cache.py), which any commit anywhere replaces:
so no web worker, whatever its cache, serves a page from before a commit. Where there is no snapshot
to name (SQLite; a transaction that has itself written, as in most tests) the versions alone decide.

Only the pages' content is kept, never base.html's (CSRF token, CSP nonce, messages, the user)."""

import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction

from kbt.snapshot_cache import snapshot_name

from .selectors import BusinessCount, business_count, target_rollups

VERSION_KEY = "deals:list-figures-version"
GRANTS_VERSION_KEY = "deals:grants-version"
FIGURES_SECONDS = 300


def current_version(key: str = VERSION_KEY) -> str:
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(key, version, None)
        version = cache.get(key, version)
    return version


def list_figures() -> tuple[BusinessCount, list]:
    """(business_count(), target_rollups()), from the cache while no deal has changed."""
    key = f"deals:list-figures:{current_version()}:{snapshot_name()}"
    figures = cache.get(key)
    if figures is None:
        figures = (business_count(), target_rollups())
        cache.set(key, figures, FIGURES_SECONDS)
    return figures


def cached_page(name: str, parts, build, *, grants: bool = False) -> dict:
    """What `build()` returns (a dict of rendered strings), from the cache while the deals version (and,
    with grants=True, the grants version) is unchanged. `parts` are what else the page depends on (the
    day, the address's query, the host)."""
    versions = [current_version(), snapshot_name()] + ([current_version(GRANTS_VERSION_KEY)] if grants else [])
    digest = hashlib.sha256(repr((versions, parts)).encode()).hexdigest()
    key = f"deals:page:{name}:{digest}"
    page = cache.get(key)
    if page is None:
        page = build()
        cache.set(key, page, FIGURES_SECONDS)
    return page


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _new_grants_version() -> None:
    cache.set(GRANTS_VERSION_KEY, uuid.uuid4().hex, None)


def figures_changed(**kwargs) -> None:
    """A signal receiver: a deal's data changed, so the figures and pages are worked out again. A new
    version now, and another once the write commits (pages worked out in between, from before the
    commit, are then left behind)."""
    _new_version()
    transaction.on_commit(_new_version)


def grants_changed(sender=None, instance=None, **kwargs) -> None:
    """A signal receiver: something a deal's page shows of its grants changed. Drafts never show."""
    from grants.models import Application, Status

    if isinstance(instance, Application) and instance.status == Status.DRAFT:
        return
    _new_grants_version()
    transaction.on_commit(_new_grants_version)


def connect() -> None:
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from grants.models import (
        Application,
        Organisation,
        OutcomeMeasure,
        OutcomeTarget,
        Priority,
        Report,
        ReportMeasure,
        Strand,
        Ward,
    )

    deals_models = list(apps.get_app_config("deals").get_models())
    for model in [*deals_models, Ward, Priority]:
        post_save.connect(figures_changed, sender=model, dispatch_uid=f"deals-figures-save-{model.__name__}")
        post_delete.connect(figures_changed, sender=model, dispatch_uid=f"deals-figures-delete-{model.__name__}")
    for model in deals_models:
        for field in model._meta.many_to_many:
            uid = f"deals-figures-m2m-{model.__name__}-{field.name}"
            m2m_changed.connect(figures_changed, sender=field.remote_field.through, dispatch_uid=uid)
    for model in (Application, Organisation, OutcomeTarget, OutcomeMeasure, Report, ReportMeasure, Strand, Ward):
        post_save.connect(grants_changed, sender=model, dispatch_uid=f"deals-grants-save-{model.__name__}")
        post_delete.connect(grants_changed, sender=model, dispatch_uid=f"deals-grants-delete-{model.__name__}")
