"""axe-core on the admin pages officers use (issue 20): 0 WCAG 2.2 A and AA violations on each."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from grants.models import Status
from kbt.accounts.models import OFFICER_GROUP
from tests.e2e.conftest import assert_accessible
from tests.factories import administrator, application_at, officer
from tests.reminders.support import ensure_default_timings

pytestmark = pytest.mark.django_db(transaction=True)

OFFICER_PAGES = [
    "/admin/",
    "/admin/grants/application/?status__exact=awaiting_decision",
    "/admin/grants/strand/",
    "/admin/grants/wardpot/",
    "/admin/grants/round/",
    "/admin/deals/deal/",
    "/admin/outbox/outboxemail/",
    "/admin/audit/auditentry/",
]


@pytest.mark.parametrize("path", OFFICER_PAGES)
def test_officers_admin_lists_have_no_accessibility_problems(page, sign_in, path):
    bid = application_at(Status.AWAITING_DECISION)
    # An officer who is also an administrator sees every page on the list (the audit log is theirs alone).
    user = administrator()
    user.groups.add(Group.objects.get(name=OFFICER_GROUP))
    sign_in(page, user)
    page.goto(path)
    assert page.locator("#content").count() == 1, page.url
    assert_accessible(page)
    assert bid.pk


@pytest.mark.parametrize("view", ["change", "history"])
def test_an_applications_pages_have_no_accessibility_problems(page, sign_in, view):
    bid = application_at(Status.AWAITING_DECISION)
    sign_in(page, bid.cast.officer)
    page.goto(reverse(f"admin:grants_application_{view}", args=[bid.pk]))
    assert_accessible(page)


def test_reminder_timings_have_no_accessibility_problems(page, sign_in):
    ensure_default_timings()
    sign_in(page, officer())
    page.goto("/admin/grants/reminderrule/")
    assert_accessible(page)
