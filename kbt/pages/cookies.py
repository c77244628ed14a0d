"""Every cookie the portal sets. The cookies page lists these, and a test fails if any page sets a cookie
that is not here, so the page cannot fall behind the code."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lifetime: str


def _weeks(seconds: int) -> str:
    weeks = seconds // (7 * 24 * 3600)
    if weeks >= 52:
        years = weeks // 52
        return f"{years} year" + ("s" if years > 1 else "")
    return f"{weeks} week" + ("s" if weeks != 1 else "")


def essential_cookies() -> list[Cookie]:
    """All essential: the portal sets no analytics or marketing cookies, so it shows no cookie banner."""
    return [
        Cookie(
            name=settings.SESSION_COOKIE_NAME,
            purpose="Keeps you signed in as you move from page to page, and remembers answers you have not saved yet.",
            lifetime=f"{_weeks(settings.SESSION_COOKIE_AGE)}, or until you sign out",
        ),
        Cookie(
            name=settings.CSRF_COOKIE_NAME,
            purpose="Stops other websites sending forms to this service in your name.",
            lifetime=_weeks(settings.CSRF_COOKIE_AGE),
        ),
        Cookie(
            name=CookieStorage.cookie_name,
            purpose="Shows you a message once, such as \u201cYour application has been saved\u201d.",
            lifetime="Until you close your browser, or until the message is shown",
        ),
    ]


def cookie_names() -> set[str]:
    return {cookie.name for cookie in essential_cookies()}
