"""Demo accounts: made once, with the demo password and their groups."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from kbt.accounts.models import User

from . import DEMO_PASSWORD

# The demo password's hash, by hasher: hashing ~80 passwords one by one takes half a minute.
_hashes: dict[str, str] = {}


def demo_user(email: str, full_name: str, *, groups=(), staff: bool = False) -> User:
    """The demo account for `email`, made with the demo password and `groups` if it does not exist yet."""
    user, made = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "is_staff": staff, "email_verified": True}
    )
    if made:
        hasher = settings.PASSWORD_HASHERS[0]
        if hasher not in _hashes:
            _hashes[hasher] = make_password(DEMO_PASSWORD)
        user.password = _hashes[hasher]
        user.save(update_fields=["password"])
        user.groups.add(*Group.objects.filter(name__in=groups))
    return user
