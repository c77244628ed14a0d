"""The deals list's fund-wide figures (businesses in deals, targets rolled up), kept in the cache.

Working them out reads every published deal's parties, commitments and targets: too much for every
view of the public list. They are kept under a version that any write to a deal's data (any model of
this app, its tags included) replaces once the write commits, so the next view works them out again.
With a shared cache (CACHE_URL, e.g. Redis) every web worker sees the new version at once; with the
default per-process cache, another worker sees it within FIGURES_SECONDS."""

import uuid

from django.core.cache import cache
from django.db import transaction

from .selectors import BusinessCount, business_count, target_rollups

VERSION_KEY = "deals:list-figures-version"
FIGURES_SECONDS = 300


def list_figures() -> tuple[BusinessCount, list]:
    """(business_count(), target_rollups()), from the cache while no deal has changed."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    key = f"deals:list-figures:{version}"
    figures = cache.get(key)
    if figures is None:
        figures = (business_count(), target_rollups())
        cache.set(key, figures, FIGURES_SECONDS)
    return figures


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def figures_changed(**kwargs) -> None:
    """A signal receiver: a deal's data changed, so the figures are worked out again. A new version now,
    and another once the write commits (figures worked out in between, from before the commit, are
    then left behind)."""
    _new_version()
    transaction.on_commit(_new_version)


def connect() -> None:
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in apps.get_app_config("deals").get_models():
        post_save.connect(figures_changed, sender=model, dispatch_uid=f"deals-figures-save-{model.__name__}")
        post_delete.connect(figures_changed, sender=model, dispatch_uid=f"deals-figures-delete-{model.__name__}")
        for field in model._meta.many_to_many:
            uid = f"deals-figures-m2m-{model.__name__}-{field.name}"
            m2m_changed.connect(figures_changed, sender=field.remote_field.through, dispatch_uid=uid)
