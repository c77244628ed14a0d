"""The Reminder timings admin, an editable list: axe finds every input and select named (issue 20: `label`
and `select-name`). The admin-wide colour and target-size rules are the admin stylesheet's, checked there."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import AXE
from tests.factories import officer
from tests.reminders.support import ensure_default_timings

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_input_and_select_of_the_reminder_timings_list_has_a_name(page, sign_in):
    ensure_default_timings()
    sign_in(page, officer())
    page.goto("/admin/grants/reminderrule/")
    expect(page.get_by_label("Days: Applicants: an information request not answered: 7 days")).to_have_value("7")
    page.evaluate(AXE.read_text() + "\n;0")
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['label', 'select-name']}})")
    assert result["violations"] == []
    assert {rule["id"] for rule in result["passes"]} == {"label", "select-name"}
