"""Signing up, in and out, and looking after an account. Every page says the same thing whether or
not an address has an account."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from . import services
from .forms import ChangeEmailForm, ChangePasswordForm, NewPasswordForm, ResetRequestForm, SignInForm, SignUpForm
from .landing import landing_url

# Where someone was going when they had to create an account first (an invitation to join a group): kept
# in the session through signing up and confirming the address, and followed at their first sign-in.
AFTER_SIGN_UP = "after_sign_up_next"


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("grants:dashboard")
    if next_url := _safe_next(request):
        request.session[AFTER_SIGN_UP] = next_url
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.user_sign_up(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password"],
        )
        request.session["sign_up_email"] = form.cleaned_data["email"]
        return redirect("accounts:check_email")
    return render(request, "accounts/sign_up.html", {"form": form})


def check_email(request):
    return render(request, "accounts/check_email.html", {"email": request.session.get("sign_up_email", "")})


def verify(request, uidb64, token):
    user = services.user_verify_email(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "accounts/link_expired.html", status=400)
    messages.success(request, "Your email address is confirmed. You can now sign in.")
    if next_url := request.session.get(AFTER_SIGN_UP):
        return redirect(f"{reverse('accounts:sign_in')}?{urlencode({'next': next_url}, safe='/')}")
    return redirect("accounts:sign_in")


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # A safe `next` still wins (LoginView checks it first); then where they were going before they
        # signed up; then each person's own home.
        return self.request.session.pop(AFTER_SIGN_UP, None) or landing_url(self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.pop(AFTER_SIGN_UP, None)  # followed, by `next` or above: not again
        return response


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("accounts:signed_out")


def signed_out(request):
    return render(request, "accounts/signed_out.html")


class ResetView(auth_views.PasswordResetView):
    # Django's view says the same thing whether or not the address has an account.
    template_name = "accounts/password_reset.html"
    form_class = ResetRequestForm
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # Following the reset link proves the address, too.
        form.user.email_verified = True
        return super().form_valid(form)


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def account(request):
    from .two_factor import has_second_factor

    return render(request, "accounts/account.html", {"has_second_factor": has_second_factor(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def change_password(request):
    form = ChangePasswordForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, "Your password has been changed.")
        return redirect("accounts:account")
    return render(request, "accounts/change_password.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def change_email(request):
    form = ChangeEmailForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_request_email_change(user=request.user, new_email=form.cleaned_data["email"])
        messages.success(
            request,
            f"We have sent a link to {form.cleaned_data['email']}. Follow it to finish changing your email address.",
        )
        return redirect("accounts:account")
    return render(request, "accounts/change_email.html", {"form": form})


@login_required
def change_email_confirm(request, token):
    if not services.user_confirm_email_change(user=request.user, token=token):
        return render(request, "accounts/link_expired.html", status=400)
    messages.success(request, f"Your email address is now {request.user.email}.")
    return redirect("accounts:account")
