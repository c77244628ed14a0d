"""Two-factor sign-in with django-otp: an authenticator app (TOTP) and one-time backup codes.

Who must have it is decided here once (`second_factor_required`); the middleware, the pages and the
tests all ask this module."""

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from .services import _send

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def is_councillor(user) -> bool:
    if not user.is_authenticated or not user.pk:
        return False
    cache = user.__dict__.get("_is_councillor")
    if cache is None:
        from grants.models import Councillor

        cache = Councillor.objects.filter(user_id=user.pk).exists()
        user.__dict__["_is_councillor"] = cache
    return cache


def second_factor_required(user) -> bool:
    """Everyone who can commit money or read other people's records: staff and councillors."""
    return bool(user.is_authenticated and user.is_active and (user.is_staff or is_councillor(user)))


def has_second_factor(user) -> bool:
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_administrator(user) -> bool:
    """One rule for who is an administrator: the user model's (the Administrators group, or a superuser)."""
    return bool(user.is_authenticated and user.is_administrator)


@transaction.atomic
def totp_device_start(*, user) -> TOTPDevice:
    """An unconfirmed authenticator-app device for `user`: the one being set up, reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the app once it gives a correct code; any older app device goes. Returns a fresh set of
    backup codes, or None if the code was wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return backup_codes_generate(user=user)


@transaction.atomic
def backup_codes_generate(*, user) -> list[str]:
    """Replace `user`'s backup codes with new ones. Each works once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def second_factor_turn_off(*, user) -> None:
    """Only for people for whom it is optional (applicants)."""
    if second_factor_required(user):
        raise PermissionError("Staff and councillors must keep two-factor sign-in on")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()


@transaction.atomic
def second_factor_reset(*, actor, user) -> None:
    """An administrator removes `user`'s authenticator app and backup codes (a lost phone). The reset
    is in the audit log with who and when, `user`'s sessions end, and `user` is emailed; staff and
    councillors must enrol again at their next sign-in."""
    from kbt.audit.models import AuditEntry
    from kbt.audit.services import audit_record

    if not is_administrator(actor):
        raise PermissionError("Only an administrator can reset someone's second factor")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.SECURITY,
        target=user,
        detail="Second factor reset: authenticator app, backup codes and passkeys removed",
        subject_user=user,
    )
    user_sessions_end(user=user)
    _send(
        to=user.email,
        subject="Your Knowsley Better Together two-factor sign-in was reset",
        template="second_factor_reset",
        context={"user": user, "actor": actor},
    )


def user_sessions_end(*, user, keep_session_key: str | None = None) -> int:
    """Delete every stored session of `user` except `keep_session_key`. Returns how many ended."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, an SVG data URI for an <img> (no inline style for the CSP)."""
    import segno

    return segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=4)


def totp_key_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app that cannot scan."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
