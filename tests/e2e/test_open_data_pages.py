"""axe-core on the open data pages: the public Open data page (before and after a run) and the officers'
Publishing page, with a grant left out and why."""

import pytest

from grants.open_data.models import PublishingRun
from grants.open_data.services import open_data_publish
from grants.services.publication import grant_withhold
from tests.e2e.conftest import assert_accessible
from tests.factories import officer
from tests.open_data.support import published_grant

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_open_data_page_has_no_accessibility_problems(page):
    page.goto("/open-data/")
    assert page.get_by_text("The files have not been published yet").is_visible()
    assert_accessible(page)
    published_grant()
    open_data_publish(trigger=PublishingRun.Trigger.SCHEDULE)
    page.goto("/open-data/")
    assert page.get_by_role("link", name="360Giving data (JSON)").is_visible()
    assert page.get_by_role("link", name="Open Government Licence v3.0").is_visible()
    assert_accessible(page)


def test_the_publishing_page_has_no_accessibility_problems_and_publishes(page, sign_in):
    published_grant()
    hidden = published_grant()
    user = officer()
    grant_withhold(hidden, reason="A refuge: its address must stay private", actor=user)
    open_data_publish(trigger=PublishingRun.Trigger.SCHEDULE)
    sign_in(page, user)
    page.goto("/admin/open_data/publishingrun/")
    assert page.get_by_role("heading", name="Grants left out, and why").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish the files now").click()
    assert page.get_by_text("Publishing has started").is_visible()
    assert PublishingRun.objects.filter(trigger="officer", requested_by=user).exists()
    assert_accessible(page)
