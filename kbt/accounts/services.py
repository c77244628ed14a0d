"""Everything that writes accounts: sign up, confirm an address, change it. None of them tells a
stranger whether an address has an account: the page says the same thing either way, and the email
goes to the address's owner."""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from kbt.outbox.services import email_queue

from .tokens import email_verification_token, make_email_change_token, read_email_change_token

User = get_user_model()


def _send(*, to: str, subject: str, template: str, context: dict, about=None) -> None:
    """Write the email to the outbox in the caller's transaction; it is delivered once that commits.
    Each call is its own event (every sign-up attempt gets its answer), so its key is new each time."""
    email_queue(
        to=to,
        kind=template,
        subject=subject,
        template=f"accounts/emails/{template}",
        context=context,
        key=f"{template}:{uuid.uuid4().hex}",
        about=about,
    )


def verification_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_verification_token.make_token(user)
    return settings.SITE_URL + reverse("accounts:verify", args=[uid, token])


def user_send_password_reset(*, user, to: str, subject: str, template: str, context: dict) -> None:
    """Write a password reset email (Django's PasswordResetForm builds the link) to the outbox.
    `template` is the text template's name, with or without ".txt"."""
    email_queue(
        to=to,
        kind="password_reset",
        subject=subject,
        template=template.removesuffix(".txt"),
        context=context,
        key=f"password_reset:{user.pk}:{uuid.uuid4().hex}",
        about=user,
    )


def user_send_verification(*, user) -> None:
    """Email `user` a link that confirms their address. The link works once and expires."""
    _send(
        to=user.email,
        subject="Confirm your email address for Knowsley Better Together",
        template="verify_email",
        context={"user": user, "link": verification_link(user)},
        about=user,
    )


@transaction.atomic
def user_sign_up(*, email: str, full_name: str, password: str):
    """Create an account that must confirm its address before it can sign in, and email the link.

    If the address already has an account nothing is created: its owner gets an email saying so
    instead, so the page cannot be used to find out who has an account. Returns the new user or None.
    Both ways hash the password (by far the slowest step), so the time taken does not tell either.
    """
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        make_password(password)  # the work create_user would have done; the result is not kept
        _send(
            to=email,
            subject="You already have a Knowsley Better Together account",
            template="already_registered",
            context={
                "sign_in": settings.SITE_URL + reverse("accounts:sign_in"),
                "reset": settings.SITE_URL + reverse("accounts:password_reset"),
            },
        )
        return None
    user = User.objects.create_user(email, password, full_name=full_name.strip(), email_verified=False)
    user_send_verification(user=user)
    return user


def user_verify_email(*, uidb64: str, token: str):
    """Mark the address confirmed if the link is good; return the user, or None for a bad or spent link."""
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        return None
    if user.email_verified:
        return user
    if not email_verification_token.check_token(user, token):
        return None
    user.email_verified = True
    user.save(update_fields=["email_verified"])
    return user


def user_request_email_change(*, user, new_email: str) -> None:
    """Email a confirmation link to the new address; nothing changes until it is followed. If the new
    address already has an account, its owner is told instead (and the page says the same thing)."""
    new_email = User.objects.normalize_email(new_email).strip().lower()
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        _send(
            to=new_email,
            subject="Someone tried to use your email address on Knowsley Better Together",
            template="email_in_use",
            context={},
        )
        return
    link = settings.SITE_URL + reverse("accounts:change_email_confirm", args=[make_email_change_token(user, new_email)])
    _send(
        to=new_email,
        subject="Confirm your new email address for Knowsley Better Together",
        template="confirm_new_email",
        context={"user": user, "link": link},
        about=user,
    )


@transaction.atomic
def user_confirm_email_change(*, user, token: str) -> bool:
    """Change `user`'s address to the one the link was sent to. Refuses a link for someone else, an old
    or spent link, or an address that has been taken since. The old address is told of the change."""
    data = read_email_change_token(token)
    if not data or data["u"] != user.pk or data["old"] != user.email:
        return False
    if User.objects.filter(email__iexact=data["new"]).exclude(pk=user.pk).exists():
        return False
    old = user.email
    user.email, user.email_verified = data["new"], True
    user.save(update_fields=["email", "email_verified"])
    _send(
        to=old,
        subject="Your Knowsley Better Together email address has changed",
        template="email_changed",
        context={"new": user.email},
        about=user,
    )
    return True
