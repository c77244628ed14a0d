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


# The pages officers work in, beyond the lists (the text areas with their limits included).


@pytest.fixture
def deal_with_a_target():
    from tests.deals.factories import TargetFactory, full_deal

    deal = full_deal(title="Employability Skills Project")
    TargetFactory(commitment=deal.commitments.first(), target_number=300, achieved=212)
    return deal


def test_the_deals_pages_officers_work_in_have_no_accessibility_problems(page, sign_in, deal_with_a_target):
    user = administrator()
    user.groups.add(Group.objects.get(name=OFFICER_GROUP))
    sign_in(page, user)
    page.goto(reverse("admin:deals_deal_change", args=[deal_with_a_target.pk]))
    # Its rows' text areas keep the browser's maxlength in admin; the limit is said on saving too.
    assert page.locator("textarea[maxlength='2000']").count() >= 3
    assert_accessible(page)
    for path in (
        reverse("admin:deals_deal_rollups"),
        reverse("admin:deals_commitment_changelist") + "?overdue=yes",
        reverse("admin:deals_commitment_change", args=[deal_with_a_target.commitments.first().pk]),
        reverse("admin:deals_targetupdate_changelist"),
        reverse("admin:grants_strand_change", args=[application_at(Status.IN_ASSESSMENT).strand.pk]),
    ):
        page.goto(path)
        assert page.locator("#content").count() == 1, path
        assert_accessible(page)


def test_assessing_and_deciding_pages_have_no_accessibility_problems(page, sign_in):
    from grants import services

    bid = application_at(Status.IN_ASSESSMENT)
    sign_in(page, bid.cast.officer)
    page.goto(reverse("admin:grants_application_assess", args=[bid.pk]))  # first, the interest question
    assert_accessible(page)
    services.conflict_declare(application=bid, officer=bid.cast.officer, has_conflict=False)
    page.goto(reverse("admin:grants_application_assess", args=[bid.pk]))
    assert page.locator("textarea").count() >= 2  # notes and comments, with their limits
    assert_accessible(page)
    page.goto(reverse("admin:grants_application_act", args=[bid.pk, "request_info"]))
    assert page.locator("textarea[maxlength='5000']").count() == 1
    assert_accessible(page)
