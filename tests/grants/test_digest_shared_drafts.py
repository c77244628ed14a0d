"""The councillors' weekly digest adds drafts shared with them that week and their comments still waiting
for the group's answer (issue 19), through the reminder registry: once a week, never twice."""

import pytest
from django.core import mail
from freezegun import freeze_time

from grants import services
from tests.grants.partnership_factories import SharedDraft
from tests.reminders.support import claims, sweep_at, uk

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared():
    with freeze_time(uk(2027, 3, 10, 12)):  # a Wednesday
        return SharedDraft()


def test_the_mondays_digest_lists_the_draft_shared_that_week_once(shared):
    mail.outbox.clear()
    sweep_at(uk(2027, 3, 15, 8))  # the Monday after
    to = sorted(address for message in mail.outbox for address in message.to)
    assert to == sorted(user.email for user in shared.councillors)
    message = mail.outbox[0]
    assert "drafts groups have shared" in message.subject
    assert shared.application.title in message.body and "/councillors/drafts/" in message.body
    sweep_at(uk(2027, 3, 16, 8))
    assert len(mail.outbox) == 3  # weekly, not daily
    assert claims("councillor_digest").count() == 3


def test_a_draft_shared_before_last_week_is_not_new_but_an_unanswered_comment_is(shared):
    with freeze_time(uk(2027, 3, 10, 13)):
        services.draft_comment_add(application=shared.application, councillor=shared.councillors[0], text="Bulbs?")
    mail.outbox.clear()
    sweep_at(uk(2027, 3, 22, 8))  # twelve days later: the draft is not new any more
    (message,) = mail.outbox
    assert message.to == [shared.councillors[0].email]
    assert "waiting for the group's answer" in message.body and shared.application.title in message.body


def test_an_answered_comment_and_a_stopped_share_are_left_out(shared):
    with freeze_time(uk(2027, 3, 10, 13)):
        comment = services.draft_comment_add(application=shared.application, councillor=shared.councillors[0], text="?")
        services.draft_comment_reply(comment=comment, actor=shared.member, text="!")
        services.draft_share_stop(application=shared.application, actor=shared.member)
    mail.outbox.clear()
    sweep_at(uk(2027, 3, 15, 8))
    assert mail.outbox == []


def test_a_councillor_with_an_interest_is_not_told_of_the_new_draft(shared):
    with freeze_time(uk(2027, 3, 10, 13)):
        services.draft_interest_declare(
            application=shared.application, councillor=shared.councillors[2], kind="family_or_friend"
        )
    mail.outbox.clear()
    sweep_at(uk(2027, 3, 15, 8))
    assert shared.councillors[2].email not in [a for m in mail.outbox for a in m.to]
