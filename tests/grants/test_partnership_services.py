"""Groups and their ward councillors on a draft (issue 19), through the services: sharing, comments and
answers, support, a declared interest, stopping; who may do each; the emails and the history."""

import pytest
from django.core import mail

from grants import services
from grants.models import CouncillorSupport, DraftComment, DraftShare, InterestDeclaration, Status
from tests.factories import UserFactory, application_at, councillor, member_of, officer, priorities_strand
from tests.grants.partnership_factories import SharedDraft

pytestmark = pytest.mark.django_db


def outbox_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_sharing_emails_each_ward_councillor_once(django_capture_on_commit_callbacks):
    shared = SharedDraft(share=False)
    with django_capture_on_commit_callbacks(execute=True):
        share = services.draft_share(application=shared.application, actor=shared.member)
        again = services.draft_share(application=shared.application, actor=shared.member)
    assert share.pk == again.pk and share.active
    for user in shared.councillors:
        sent = outbox_to(user.email)
        assert len(sent) == 1
        assert shared.organisation.name in sent[0].subject
        assert f"/councillors/drafts/{shared.application.pk}/" in sent[0].body
    assert shared.application.history.latest().history_change_reason == "Shared with the ward's councillors"


def test_only_a_member_shares_and_only_an_environmental_draft_with_its_ward():
    shared = SharedDraft(share=False)
    for stranger in (UserFactory(), officer(), shared.councillors[0]):
        with pytest.raises(services.ActionForbidden):
            services.draft_share(application=shared.application, actor=stranger)
    priorities = application_at(Status.DRAFT, strand=priorities_strand())
    with pytest.raises(services.TransitionNotAllowed):
        services.draft_share(application=priorities, actor=priorities.applicant)
    sent = application_at(Status.SUBMITTED)
    with pytest.raises(services.TransitionNotAllowed):
        services.draft_share(application=sent, actor=sent.applicant)
    assert not DraftShare.objects.exists()


def test_a_councillor_comments_and_the_group_answers(django_capture_on_commit_callbacks):
    shared = SharedDraft()
    cllr = shared.councillors[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.draft_comment_add(application=shared.application, councillor=cllr, text="  Add bulbs.  ")
    assert (comment.text, comment.author, comment.councillor.user) == ("Add bulbs.", cllr, cllr)
    assert [m.subject for m in outbox_to(shared.member.email)] == [
        f"Cllr {cllr.get_full_name()} has commented on your draft {shared.application.title}"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.draft_comment_reply(comment=comment, actor=shared.member, text="We will, thank you.")
    assert reply.reply_to == comment and reply.councillor is None
    assert "We will, thank you." in outbox_to(cllr.email)[0].body


def test_comments_need_text_and_a_councillor_of_the_ward_while_it_is_shared():
    shared = SharedDraft()
    with pytest.raises(services.MissingInput, match="Enter your comment"):
        services.draft_comment_add(application=shared.application, councillor=shared.councillors[0], text="  ")
    other_ward = councillor(SharedDraft(name="Roby").ward.ward).user
    for person in (other_ward, shared.member, officer(), UserFactory()):
        with pytest.raises(services.ActionForbidden):
            services.draft_comment_add(application=shared.application, councillor=person, text="Hello")
    stranger = UserFactory()
    comment = services.draft_comment_add(application=shared.application, councillor=shared.councillors[0], text="Hi")
    with pytest.raises(services.ActionForbidden):
        services.draft_comment_reply(comment=comment, actor=stranger, text="Not mine")
    services.draft_share_stop(application=shared.application, actor=shared.member)
    with pytest.raises(services.ActionForbidden):
        services.draft_comment_add(application=shared.application, councillor=shared.councillors[0], text="Hello")
    assert DraftComment.objects.count() == 1


def test_support_is_recorded_once_with_its_note_in_the_history_and_is_not_an_interest():
    shared = SharedDraft()
    cllr = shared.councillors[1]
    support = services.draft_support(application=shared.application, councillor=cllr, note="Much needed")
    assert str(support) == f"Cllr {cllr.get_full_name()} supports this bid"
    latest = shared.application.history.latest()
    assert latest.history_change_reason == f"Cllr {cllr.get_full_name()} supports this bid: Much needed"
    assert latest.history_user == cllr
    with pytest.raises(services.TransitionNotAllowed, match="already support"):
        services.draft_support(application=shared.application, councillor=cllr)
    assert not InterestDeclaration.objects.exists()
    # After sending, the supporter still decides it: support is not an interest.
    from grants.selectors.councillors import eligible_councillors

    assert eligible_councillors(shared.application).filter(user=cllr).exists()


def test_a_councillor_who_declares_an_interest_on_a_draft_can_neither_comment_nor_support():
    shared = SharedDraft()
    cllr = shared.councillors[2]
    services.draft_interest_declare(
        application=shared.application, councillor=cllr, kind="trustee_or_member", note="Treasurer"
    )
    with pytest.raises(services.ActionForbidden, match="interest"):
        services.draft_comment_add(application=shared.application, councillor=cllr, text="Hello")
    with pytest.raises(services.ActionForbidden, match="interest"):
        services.draft_support(application=shared.application, councillor=cllr)
    with pytest.raises(services.TransitionNotAllowed):
        services.draft_interest_declare(application=shared.application, councillor=cllr, kind="other", note="x")
    assert not CouncillorSupport.objects.exists()
    from grants.selectors.councillors import eligible_councillors

    assert not eligible_councillors(shared.application).filter(user=cllr).exists()


def test_a_councillor_who_is_a_member_of_the_group_has_an_interest_declared_or_not():
    shared = SharedDraft()
    cllr = shared.councillors[0]
    from grants.models import Membership

    Membership.objects.create(organisation=shared.organisation, user=cllr)
    with pytest.raises(services.ActionForbidden, match="interest"):
        services.draft_support(application=shared.application, councillor=cllr)


def test_the_group_can_stop_sharing_and_share_again():
    shared = SharedDraft()
    share = services.draft_share_stop(application=shared.application, actor=shared.member)
    assert not share.active
    with pytest.raises(services.TransitionNotAllowed):
        services.draft_share_stop(application=shared.application, actor=shared.member)
    another_member = member_of(shared.organisation)
    again = services.draft_share(application=shared.application, actor=another_member)
    assert again.active and again.pk == share.pk and again.shared_by == another_member


def test_sending_closes_the_comments_and_keeps_the_support():
    shared = SharedDraft()
    comment = services.draft_comment_add(application=shared.application, councillor=shared.councillors[0], text="Q?")
    services.draft_support(application=shared.application, councillor=shared.councillors[0])
    services.application_submit(application=shared.application, actor=shared.member)
    with pytest.raises(services.TransitionNotAllowed):
        services.draft_comment_reply(comment=comment, actor=shared.member, text="Too late")
    with pytest.raises(services.ActionForbidden):
        services.draft_comment_add(application=shared.application, councillor=shared.councillors[0], text="Hi")
    assert CouncillorSupport.objects.filter(application=shared.application).count() == 1


def test_a_long_support_note_is_kept_whole_and_the_history_line_is_cut_short():
    shared = SharedDraft()
    note = "This is needed. " * 30
    support = services.draft_support(application=shared.application, councillor=shared.councillors[0], note=note)
    assert support.note == note.strip()
    reason = shared.application.history.latest().history_change_reason
    assert len(reason) == 100 and reason.endswith("…")
