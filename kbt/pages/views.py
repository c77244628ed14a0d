"""The footer's pages: plain templates filled from settings, so they say what the portal really does."""

from django.conf import settings
from django.shortcuts import render

from .cookies import essential_cookies


def _contact() -> dict:
    return {
        "fund_email": settings.FUND_TEAM_EMAIL,
        "fund_phone": settings.FUND_TEAM_PHONE,
        "fund_address": settings.FUND_TEAM_ADDRESS,
        "dpo_email": settings.DATA_PROTECTION_OFFICER_EMAIL,
    }


def retention_periods() -> dict:
    return {
        "draft_months": settings.RETENTION_DRAFT_MONTHS,
        "warning_days": settings.RETENTION_WARNING_DAYS,
        "closed_years": settings.RETENTION_CLOSED_APPLICATION_YEARS,
        "grant_years": settings.RETENTION_GRANT_YEARS,
        "account_years": settings.RETENTION_ACCOUNT_YEARS,
    }


def accessibility(request):
    return render(request, "pages/accessibility.html", _contact())


def privacy(request):
    return render(request, "pages/privacy.html", {**_contact(), **retention_periods()})


def cookies(request):
    return render(request, "pages/cookies.html", {"cookies": essential_cookies()})


def contact(request):
    return render(request, "pages/contact.html", _contact())
