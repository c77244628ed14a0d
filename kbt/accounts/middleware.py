"""Sign-in rules that apply on every request: staff and councillors' session limits, and the
second-factor gate in front of the officers' site and the councillors' pages."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

from .two_factor import has_second_factor, second_factor_required

SESSION_STARTED_KEY = "kbt_session_started"
SESSION_SEEN_KEY = "kbt_session_seen"
# Pages a person who still owes a code may reach: the two-factor pages themselves and signing out.
OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/sign-out/", "/accounts/signed-out/", "/static/", "/health/")
SEEN_WRITE_EVERY_SECONDS = 60
GATED_PREFIXES = ("/admin/", "/councillors/")
ADMIN_OPEN = ("/admin/login/", "/admin/logout/")


class StaffSessionLimitsMiddleware:
    """Staff and councillors are signed out after STAFF_SESSION_IDLE_SECONDS without a request and
    STAFF_SESSION_MAX_SECONDS after signing in, whatever they do. Applicants keep Django's length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and second_factor_required(user):
            now = time.time()
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                started = request.session[SESSION_STARTED_KEY] = now
            seen = request.session.get(SESSION_SEEN_KEY, now)
            idle = now - seen > settings.STAFF_SESSION_IDLE_SECONDS
            if idle or now - started > settings.STAFF_SESSION_MAX_SECONDS:
                logout(request)
                messages.info(request, "You have been signed out to protect your account. Sign in again.")
                return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': request.get_full_path()}, safe='/')}")
            # Written at most once a minute, so most requests do not write the session at all.
            if SESSION_SEEN_KEY not in request.session or now - seen >= SEEN_WRITE_EVERY_SECONDS:
                request.session[SESSION_SEEN_KEY] = now
                # The browser forgets the cookie too, once idle.
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)


class SecondFactorMiddleware:
    """No staff or councillor page with a password alone.

    Staff and councillors without an authenticator app are sent to set one up before the officers'
    site or the councillors' pages; anyone who has one (including applicants who turned it on) must
    give a code after their password before any page but signing out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        path = request.path
        if not user.is_authenticated or user.is_verified() or path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        if path.startswith(ADMIN_OPEN):
            return self.get_response(request)
        query = urlencode({"next": request.get_full_path()}, safe="/")
        if has_second_factor(user):
            return redirect(f"{reverse('accounts:two_factor_verify')}?{query}")
        if second_factor_required(user) and path.startswith(GATED_PREFIXES):
            return redirect(f"{reverse('accounts:two_factor_setup')}?{query}")
        return self.get_response(request)


@receiver(user_logged_in)
def _session_clock_start(sender, request, user, **kwargs):
    """Both clocks start at sign-in (on the page that signs in, not on the next one)."""
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_SEEN_KEY] = now
    if second_factor_required(user):
        request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
