"""How django-axes counts failed sign-ins (configured in settings: AXES_*).

Two limits, each over the cool-off period:
- an account locks after AXES_FAILURE_LIMIT failures, from whatever addresses they come;
- an IP address locks after AXES_IP_FAILURE_LIMIT failures, across all accounts, so one address
  cannot try a common password against many accounts. It is higher than the account's limit
  because many people share one address (the council's offices, a library).
The email address is normalised (trimmed, lower case) first, so "Jo@Example.org " counts as jo@example.org.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def normalise_email(value) -> str:
    return (value or "").strip().lower()


def sign_in_username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the address as the sign-in form will look it up."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalise_email(credentials.get(field))
    data = getattr(request, "data", request.POST)
    return normalise_email(data.get(field))


class SignInThrottle(AxesDatabaseHandler):
    """The database handler, with a separate, higher limit for an IP address, and a successful sign-in
    clearing only its own account's failures (not those of the address, or signing in to one's own
    account between tries would reset the per-address count)."""

    def get_failures(self, request, credentials=None) -> int:
        # AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]: the querysets come in that order.
        by_account, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        account_limit, address_limit = settings.AXES_FAILURE_LIMIT, settings.AXES_IP_FAILURE_LIMIT
        # axes compares one number with AXES_FAILURE_LIMIT: express the address's count on that scale.
        address_on_account_scale = (
            account_limit if by_address >= address_limit else by_address * account_limit // address_limit
        )
        return max(by_account, address_on_account_scale)

    def reset_user_attempts(self, request, credentials=None) -> int:
        account, _address = self.filter_user_attempts(request, credentials)
        count, _ = account.delete()
        return count
