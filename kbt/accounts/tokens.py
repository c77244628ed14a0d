"""Links sent by email: confirm an address, confirm a change of address. Both expire and both stop
working once used, because what they sign changes when they are used."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing

EMAIL_CHANGE_SALT = "kbt.accounts.email-change"
EMAIL_CHANGE_MAX_AGE = 60 * 60 * 24 * 3  # three days


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Like Django's password reset token, but spent once the address is confirmed."""

    key_salt = "kbt.accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.email_verified}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()


def make_email_change_token(user, new_email: str) -> str:
    # The current address is signed too, so the link dies once the address has changed.
    return signing.dumps({"u": user.pk, "old": user.email, "new": new_email}, salt=EMAIL_CHANGE_SALT)


def read_email_change_token(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature:
        return None
