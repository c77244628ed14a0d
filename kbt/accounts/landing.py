"""Where someone lands after signing in: their own home, decided once for the sign-in page and the
two-factor step."""

from django.urls import reverse

from .two_factor import is_councillor


def landing_url(user) -> str:
    """Staff go to the officers' site, councillors to their home, everyone else (groups) to their
    applications."""
    if user.is_staff:
        return reverse("admin:index")
    if is_councillor(user):
        return reverse("grants:councillor_home")
    return reverse("grants:dashboard")
