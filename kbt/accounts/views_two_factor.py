"""Two-factor sign-in pages: set up an authenticator app, give a code after the password, backup
codes, confirming before a sensitive action, and an administrator's reset."""

import django_otp
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import passkeys, two_factor
from .forms import CodeForm, ConfirmIdentityForm, SetUpAppForm
from .landing import landing_url
from .reauth import recent_auth_mark, require_recent_auth


def _next(request, default="/"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    user = request.user
    if two_factor.has_second_factor(user) and not user.is_verified():
        return redirect(f"/accounts/two-factor/verify/?next={_next(request, landing_url(user))}")
    device = two_factor.totp_device_start(user=user)
    form = SetUpAppForm(request.POST if request.method == "POST" else None, device=device, user=user)
    if request.method == "POST" and form.is_valid():
        device.refresh_from_db()
        django_otp.login(request, device)
        recent_auth_mark(request)
        return render(
            request,
            "accounts/two_factor/backup_codes.html",
            {"codes": form.backup_codes, "next": _next(request, landing_url(user)), "first_time": True},
        )
    return render(
        request,
        "accounts/two_factor/setup.html",
        {
            "form": form,
            "qr": two_factor.totp_qr_svg(device),
            "key": two_factor.totp_key_text(device),
            "next": _next(request, ""),
            "replacing": two_factor.has_second_factor(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    if not two_factor.has_second_factor(user):
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, form.device)
        recent_auth_mark(request)
        if form.device.__class__.__name__ == "StaticDevice":
            left = two_factor.backup_codes_left(user)
            messages.warning(request, f"You used a backup code. You have {left} left.")
        return redirect(_next(request, landing_url(user)))
    return render(
        request,
        "accounts/two_factor/verify.html",
        {"form": form, "next": _next(request, ""), "has_passkey": passkeys.passkeys_of(user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def confirm_identity(request):
    form = ConfirmIdentityForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if "code" in form.fields:
            django_otp.login(request, form.device)
        recent_auth_mark(request)
        return redirect(_next(request, landing_url(request.user)))
    return render(request, "accounts/two_factor/confirm.html", {"form": form, "next": _next(request, "")})


@login_required
def manage(request):
    user = request.user
    return render(
        request,
        "accounts/two_factor/manage.html",
        {
            "enrolled": two_factor.has_second_factor(user),
            "required": two_factor.second_factor_required(user),
            "codes_left": two_factor.backup_codes_left(user),
            "passkeys": list(passkeys.passkeys_of(user)),
        },
    )


@login_required
@require_POST
@require_recent_auth
def passkey_remove(request, passkey_id: int):
    if not passkeys.passkey_remove(user=request.user, passkey_id=passkey_id):
        raise Http404("No such passkey")
    messages.success(request, "The passkey has been removed. Remove it from your device too.")
    return redirect("accounts:two_factor_manage")


@login_required
@require_POST
@require_recent_auth
def new_backup_codes(request):
    if not two_factor.has_second_factor(request.user):
        return redirect("accounts:two_factor_setup")
    codes = two_factor.backup_codes_generate(user=request.user)
    return render(request, "accounts/two_factor/backup_codes.html", {"codes": codes, "next": "/accounts/two-factor/"})


@login_required
@require_POST
@require_recent_auth
def turn_off(request):
    if two_factor.second_factor_required(request.user):
        raise Http404
    two_factor.second_factor_turn_off(user=request.user)
    messages.success(request, "Two-factor sign-in is off.")
    return redirect("accounts:two_factor_manage")


@login_required
@require_http_methods(["GET", "POST"])
@require_recent_auth
def admin_reset(request, user_pk: int):
    """An administrator resets someone's second factor (from the user's page in the officers' site)."""
    if not two_factor.is_administrator(request.user) or not request.user.is_verified():
        raise Http404
    person = get_object_or_404(get_user_model(), pk=user_pk)
    if request.method == "POST":
        two_factor.second_factor_reset(actor=request.user, user=person)
        messages.success(request, f"Two-factor sign-in for {person.email} was reset. They have been emailed.")
        return redirect("admin:accounts_user_change", person.pk)
    return render(request, "accounts/two_factor/admin_reset.html", {"person": person})
