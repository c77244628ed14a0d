"""The officers' site: Django's admin site, with its list of sections worked out once per set of rights.

Every admin page asks `get_app_list` for the sections and models the person may see: about 60 models,
each with its permission checks and three reversed addresses, on every page (issue 18). What it returns
depends only on who is asking as far as their rights go (active, staff, superuser, permissions), the
language and the address prefix, so it is kept per process under exactly those: a change to someone's
groups or permissions gives a new key on their next request, and the registry never changes after start.

The side bar that repeated that list on every page is off: the index lists every section, and each
page's breadcrumbs lead back to it.
"""

from collections import OrderedDict
from threading import Lock

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import get_script_prefix
from django.utils.translation import get_language

KEEP = 256  # different sets of rights kept at once, per process


class KbtAdminSite(admin.AdminSite):
    enable_nav_sidebar = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._app_lists: OrderedDict = OrderedDict()
        self._app_lists_lock = Lock()

    @staticmethod
    def _rights(request, app_label) -> tuple:
        user = request.user
        return (
            user.pk,
            user.is_active,
            user.is_staff,
            user.is_superuser,
            frozenset(user.get_all_permissions()) if user.is_active else frozenset(),
            app_label,
            get_language(),
            get_script_prefix(),
        )

    def get_app_list(self, request, app_label=None):
        key = self._rights(request, app_label)
        with self._app_lists_lock:
            found = self._app_lists.get(key)
            if found is not None:
                self._app_lists.move_to_end(key)
        if found is None:
            found = super().get_app_list(request, app_label)
            with self._app_lists_lock:
                self._app_lists[key] = found
                while len(self._app_lists) > KEEP:
                    self._app_lists.popitem(last=False)
        # Copies, so a page that changes its list changes nobody else's.
        return [{**app, "models": [dict(model) for model in app["models"]]} for app in found]


class KbtAdminConfig(AdminConfig):
    default_site = "kbt.admin_site.KbtAdminSite"
