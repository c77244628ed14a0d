"""The Reminder timings admin: an editable list whose inputs have no <label>, so each input and select is
named for screen readers by its row and its column (issue 20: axe found `label` and `select-name`)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from grants.models import ReminderRule
from tests.factories import officer

pytestmark = pytest.mark.django_db

EDITABLE = ("days", "send_from", "weekday", "enabled")


class RowControls(HTMLParser):
    """The editable list's inputs and selects: name -> aria-label (None when there is none)."""

    def __init__(self):
        super().__init__()
        self.controls: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if tag in ("input", "select") and name.startswith("form-") and name.split("-")[-1] in EDITABLE:
            self.controls[name] = attrs.get("aria-label")


def test_every_input_and_select_in_the_timings_list_names_its_row_and_column(client):
    client.force_login(officer())
    response = client.get(reverse("admin:grants_reminderrule_changelist"))
    assert response.status_code == 200
    parser = RowControls()
    parser.feed(response.content.decode())

    rules = list(ReminderRule.objects.all())
    assert len(parser.controls) == len(EDITABLE) * len(rules)
    rule = ReminderRule.objects.get(kind="information_unanswered", days=7)
    index = rules.index(rule)
    assert parser.controls[f"form-{index}-days"] == f"Days: {rule}"
    assert parser.controls[f"form-{index}-send_from"] == f"Send from: {rule}"
    assert parser.controls[f"form-{index}-weekday"] == f"Weekday: {rule}"
    assert parser.controls[f"form-{index}-enabled"] == f"Enabled: {rule}"
    labels = list(parser.controls.values())
    assert None not in labels and len(set(labels)) == len(labels)


def test_the_timings_list_still_saves_an_edited_row(client):
    client.force_login(officer())
    rules = list(ReminderRule.objects.all())
    data = {"form-TOTAL_FORMS": len(rules), "form-INITIAL_FORMS": len(rules), "_save": "Save"}
    for index, rule in enumerate(rules):
        data |= {
            f"form-{index}-id": rule.pk,
            f"form-{index}-days": rule.days + 1 if rule.kind == "information_unanswered" else rule.days,
            f"form-{index}-send_from": rule.send_from.strftime("%H:%M"),
            f"form-{index}-weekday": "" if rule.weekday is None else rule.weekday,
        } | ({f"form-{index}-enabled": "on"} if rule.enabled else {})
    response = client.post(reverse("admin:grants_reminderrule_changelist"), data)
    assert response.status_code == 302
    assert ReminderRule.objects.get(kind="information_unanswered").days == 8
