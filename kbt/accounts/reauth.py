"""Confirm before sensitive actions: the person gives their password and code again, at most once every
REAUTH_MAX_AGE_SECONDS (15 minutes).

Use `@require_recent_auth` on a view, or `RecentAuthAdminMixin` on a ModelAdmin, for approving money,
payment runs, bank details, roles and exports of personal data."""

import functools
import time
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

REAUTH_SESSION_KEY = "kbt_reauth_at"


def recent_auth_mark(request) -> None:
    """The person has just given their password (and code): sensitive actions are open for a while."""
    request.session[REAUTH_SESSION_KEY] = time.time()


def has_recent_auth(request) -> bool:
    confirmed_at = request.session.get(REAUTH_SESSION_KEY)
    return confirmed_at is not None and time.time() - confirmed_at <= settings.REAUTH_MAX_AGE_SECONDS


def reauth_redirect(request):
    """To the confirm page, coming back to this page. A POST is not replayed: the person sends the form
    again, now confirmed."""
    back = request.get_full_path() if request.method == "GET" else request.path
    query = urlencode({"next": back}, safe="/")
    return redirect(f"{reverse('accounts:confirm_identity')}?{query}")


def require_recent_auth(view):
    """Decorator for a view behind a sensitive action. Put it under @login_required."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not has_recent_auth(request):
            return reauth_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


class RecentAuthAdminMixin:
    """For a ModelAdmin whose add, change and delete pages are sensitive (people's roles)."""

    def changeform_view(self, request, *args, **kwargs):
        if not has_recent_auth(request):
            return reauth_redirect(request)
        return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        if not has_recent_auth(request):
            return reauth_redirect(request)
        return super().delete_view(request, *args, **kwargs)


class RecentAuthForInlinesMixin:
    """For a ModelAdmin whose page is not sensitive in itself but holds inlines that are (an
    organisation's memberships): asks to confirm, before its change, add and delete pages, only people
    who may add, change or delete through one of those inlines (`reauth_inlines`, default all of them).
    Those who see the inlines read-only are not asked."""

    reauth_inlines = None

    def _edits_sensitive_inline(self, request) -> bool:
        wanted = self.reauth_inlines if self.reauth_inlines is not None else self.inlines
        for inline_class in wanted:
            inline = inline_class(self.model, self.admin_site)
            if (
                inline.has_add_permission(request, None)
                or inline.has_change_permission(request)
                or inline.has_delete_permission(request)
            ):
                return True
        return False

    def changeform_view(self, request, *args, **kwargs):
        if self._edits_sensitive_inline(request) and not has_recent_auth(request):
            return reauth_redirect(request)
        return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        if self._edits_sensitive_inline(request) and not has_recent_auth(request):
            return reauth_redirect(request)
        return super().delete_view(request, *args, **kwargs)
