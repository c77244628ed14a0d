"""Passkeys (WebAuthn) as a second option for the second factor, with django-otp-webauthn: a passkey is
a django-otp device, so signing in with one marks the session verified exactly as a code does.

Only a person who has already set up an authenticator app, and signed in with it in this session, may
add a passkey: a stolen password alone can never enrol one. Passkeys never replace the password here
(OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is off)."""

from django.db import transaction
from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from .reauth import recent_auth_mark
from .two_factor import has_second_factor


def passkeys_of(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


@transaction.atomic
def passkey_remove(*, user, passkey_id: int) -> bool:
    """Remove one of `user`'s own passkeys. Returns False if it is not theirs (or gone)."""
    deleted, _ = WebAuthnCredential.objects.filter(user=user, pk=passkey_id).delete()
    return bool(deleted)


class _AddOnlyWithTheApp:
    def check_can_register(self):
        user = self.get_user()
        if not (has_second_factor(user) and user.is_verified()):
            raise exceptions.NotVerified(
                detail="Set up your authenticator app, and sign in with it, before you add a passkey."
            )


class BeginPasskeyRegistration(_AddOnlyWithTheApp, webauthn_views.BeginCredentialRegistrationView):
    pass


class CompletePasskeyRegistration(_AddOnlyWithTheApp, webauthn_views.CompleteCredentialRegistrationView):
    pass


class CompletePasskeySignIn(webauthn_views.CompleteCredentialAuthenticationView):
    """The code step, with a passkey: the same as a correct code (the session is verified and counts
    as just confirmed), then on to where the person was going."""

    def complete_auth(self, device):
        if not self.request.user.is_authenticated or device.user_id != self.request.user.pk:
            raise exceptions.CredentialNotFound()
        super().complete_auth(device)
        recent_auth_mark(self.request)

    def get_success_url(self):
        from .landing import landing_url

        return self.get_redirect_url() or landing_url(self.request.user)


# Under /accounts/two-factor/passkeys/, which a person who still owes a code may reach (the gate's
# OPEN_PREFIXES). The namespace is the library's, as its template tags expect.
app_name = "otp_webauthn"
urlpatterns = [
    path("registration/begin/", BeginPasskeyRegistration.as_view(), name="credential-registration-begin"),
    path("registration/complete/", CompletePasskeyRegistration.as_view(), name="credential-registration-complete"),
    path(
        "authentication/begin/",
        webauthn_views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path("authentication/complete/", CompletePasskeySignIn.as_view(), name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
