"""The pages of issue 19: the councillor's home and menu, "Working with groups", a shared draft, support,
interest and ideas; the group's "Ask your ward councillors" page. Every new page answers 404 to every
other role, and the home and "Working with groups" run a fixed number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants import services
from grants.models import CouncillorSupport, DraftComment, LedgerEntry, Membership, Status
from tests.factories import OrganisationFactory, UserFactory, draft, member_of, officer, panel_member
from tests.grants.partnership_factories import SharedDraft

pytestmark = pytest.mark.django_db

DRAFT_PAGES = ["councillor_draft", "councillor_draft_support", "councillor_draft_interest"]
COUNCILLOR_PAGES = ["councillor_home", "councillor_drafts", "councillor_ideas", "councillor_idea_new"]
GROUP_PAGES = ["draft_councillors"]


def people(shared: SharedDraft) -> dict:
    other = SharedDraft(name="Roby")
    return {
        "the group": shared.member,
        "another group": other.member,
        "another ward's councillor": other.councillors[0],
        "an officer": officer(),
        "the panel": panel_member(),
        "a stranger": UserFactory(),
    }


def test_every_new_councillor_page_answers_404_to_everyone_who_is_not_a_councillor(client):
    shared = SharedDraft()
    idea = services.idea_post(
        councillor=shared.councillors[0], ward=shared.ward.ward, title="Verges", description="Plant", place="Here"
    )
    for who, user in people(shared).items():
        if "councillor" in who:
            continue
        client.force_login(user)
        for name in COUNCILLOR_PAGES:
            assert client.get(reverse(f"grants:{name}")).status_code == 404, (who, name)
        assert client.post(reverse("grants:councillor_idea_close", args=[idea.pk])).status_code == 404, who


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_shared_drafts_pages_answer_404_to_everyone_but_the_wards_councillors(client, method):
    shared = SharedDraft()
    for who, user in people(shared).items():
        client.force_login(user)
        for name in DRAFT_PAGES:
            response = getattr(client, method)(reverse(f"grants:{name}", args=[shared.application.pk]), {"text": "x"})
            assert response.status_code == 404, (who, name)
    assert not DraftComment.objects.exists() and not CouncillorSupport.objects.exists()


def test_a_draft_not_shared_or_no_longer_shared_answers_404_to_its_councillors(client):
    shared = SharedDraft(share=False)
    client.force_login(shared.councillors[0])
    url = reverse("grants:councillor_draft", args=[shared.application.pk])
    assert client.get(url).status_code == 404
    services.draft_share(application=shared.application, actor=shared.member)
    assert client.get(url).status_code == 200
    services.draft_share_stop(application=shared.application, actor=shared.member)
    assert client.get(url).status_code == 404


def test_the_groups_page_answers_404_to_everyone_but_the_group(client):
    shared = SharedDraft()
    comment = services.draft_comment_add(application=shared.application, councillor=shared.councillors[0], text="Q")
    others = {**people(shared), "the ward's councillor": shared.councillors[0]}
    others.pop("the group")
    for who, user in others.items():
        client.force_login(user)
        assert client.get(reverse("grants:draft_councillors", args=[shared.application.pk])).status_code == 404, who
        assert client.post(reverse("grants:draft_councillors", args=[shared.application.pk])).status_code == 404
        reply = reverse("grants:draft_comment_reply", args=[shared.application.pk, comment.pk])
        assert client.post(reply, {f"c{comment.pk}-text": "x"}).status_code == 404, who
    assert DraftComment.objects.count() == 1


def test_the_home_shows_waiting_bids_shared_drafts_ideas_the_pot_with_paid_and_a_place_for_reports(client):
    shared = SharedDraft()
    cllr = shared.councillors[0]
    waiting = shared.ward.bid(amount="1500.00", title="Sawpit Park clean-up")
    approved = shared.ward.bid(Status.APPROVED, amount="1000.00")
    services.idea_post(councillor=cllr, ward=shared.ward.ward, title="Plant verges", description="D", place="Here")
    # The payments work writes "paid" entries; until it lands, a row like it is what the home adds up.
    LedgerEntry.objects.bulk_create([])  # (no paid entries yet: paid is £0)
    client.force_login(cllr)
    page = client.get(reverse("grants:councillor_home")).content.decode()
    assert "Sawpit Park clean-up" in page and reverse("grants:councillor_bid", args=[waiting.pk]) in page
    assert approved.title not in page.split("Drafts shared with you")[0].split("Bids waiting")[1]
    assert shared.application.title in page
    assert "Plant verges" in page
    assert 'data-testid="home-pot-committed">£1,000<' in page
    assert 'data-testid="home-pot-paid">£0<' in page
    assert 'data-testid="home-pot-remaining">£13,000<' in page
    assert 'id="ward-reports"' in page


def test_the_councillor_menu_has_home_bids_groups_ideas_account_and_a_sign_out_form(client):
    shared = SharedDraft()
    client.force_login(shared.councillors[0])
    page = client.get(reverse("grants:councillor_home")).content.decode()
    nav = page.split('aria-label="Menu"')[1].split("</nav>")[0]
    for label, name in [
        ("Home", "grants:councillor_home"),
        ("Bids in your ward", "grants:councillor_bids"),
        ("Working with groups", "grants:councillor_drafts"),
        ("Your ideas", "grants:councillor_ideas"),
        ("Your account", "accounts:account"),
    ]:
        assert f'href="{reverse(name)}"' in nav and label in nav
    assert f'<form method="post" action="{reverse("accounts:sign_out")}"' in nav and ">Sign out</button>" in nav
    client.post(reverse("accounts:sign_out"))
    assert client.get(reverse("grants:councillor_home")).status_code == 302


def test_working_with_groups_lists_the_draft_with_its_group_and_when_it_was_shared(client):
    shared = SharedDraft()
    client.force_login(shared.councillors[0])
    page = client.get(reverse("grants:councillor_drafts")).content.decode()
    assert shared.application.title in page and shared.organisation.name in page
    assert shared.application.share.shared_at.strftime("%-d %B %Y") in page


def test_a_councillor_comments_through_the_page_and_an_empty_comment_is_explained(client):
    shared = SharedDraft()
    client.force_login(shared.councillors[0])
    url = reverse("grants:councillor_draft", args=[shared.application.pk])
    response = client.post(url, {"text": "   "})
    assert response.status_code == 200 and "Enter your comment" in response.content.decode()
    assert response.content.decode().count("Error:") >= 1
    response = client.post(url, {"text": "Could you add bulbs?"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Could you add bulbs?" in page and str(shared.councillors[0].councillor) in page


def test_the_group_answers_on_its_page_and_sees_the_support(client):
    shared = SharedDraft()
    cllr = shared.councillors[0]
    comment = services.draft_comment_add(application=shared.application, councillor=cllr, text="Bulbs?")
    services.draft_support(application=shared.application, councillor=cllr, note="Great idea")
    client.force_login(shared.member)
    url = reverse("grants:draft_councillors", args=[shared.application.pk])
    page = client.get(url).content.decode()
    assert f"Cllr {cllr.get_full_name()} supports this bid" in page and "Great idea" in page
    reply = reverse("grants:draft_comment_reply", args=[shared.application.pk, comment.pk])
    response = client.post(reply, {f"c{comment.pk}-text": ""})
    assert response.status_code == 200 and "Enter your answer" in response.content.decode()
    assert client.post(reply, {f"c{comment.pk}-text": "Yes, daffodils"}).status_code == 302
    assert "Yes, daffodils" in client.get(url).content.decode()


def test_the_task_list_offers_to_ask_the_councillors_and_says_when_it_is_shared(client):
    shared = SharedDraft(share=False)
    client.force_login(shared.member)
    task_list = reverse("grants:application", args=[shared.application.pk])
    page = client.get(task_list).content.decode()
    assert "Ask your ward councillors for their views" in page and "Not shared" in page
    client.post(reverse("grants:draft_councillors", args=[shared.application.pk]), {"action": "share"})
    assert ">Shared<" in client.get(task_list).content.decode()
    client.post(reverse("grants:draft_councillors", args=[shared.application.pk]), {"action": "stop"})
    assert "Not shared" in client.get(task_list).content.decode()


def test_support_shows_on_the_dashboard_the_councillors_bid_page_and_in_admin(client):
    shared = SharedDraft()
    cllr = shared.councillors[0]
    services.draft_support(application=shared.application, councillor=cllr, note="Much needed")
    services.application_submit(application=shared.application, actor=shared.member)
    client.force_login(shared.member)
    assert "supports this bid" in client.get(reverse("grants:dashboard")).content.decode()
    from tests.factories import application_at  # noqa: F401  (walk the sent bid to a councillor decision)

    cast = shared.ward.cast
    from tests.grants.admin_factories import assessed

    services.application_transition(application=shared.application, action="start_assessment", actor=cast.officer)
    assessed(shared.application, cast.officer)
    services.application_transition(
        application=shared.application, action="recommend", actor=cast.officer, amount=Decimal("2000.00")
    )
    client.force_login(shared.councillors[1])
    page = client.get(reverse("grants:councillor_bid", args=[shared.application.pk])).content.decode()
    assert f"Cllr {cllr.get_full_name()} supports this bid" in page
    client.force_login(cast.officer)
    admin_page = client.get(reverse("admin:grants_application_change", args=[shared.application.pk]))
    assert f"Cllr {cllr.get_full_name()} supports this bid" in admin_page.content.decode()


# A fixed number of queries


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _more_of_everything(shared: SharedDraft, cllr):
    for n in range(3):
        organisation = OrganisationFactory(ward=shared.ward.ward)
        application = draft(strand=shared.strand, organisation=organisation, title=f"Draft {n}")
        services.draft_share(application=application, actor=application.applicant)
        comment = services.draft_comment_add(application=application, councillor=cllr, text="Hello")
        services.draft_comment_reply(comment=comment, actor=application.applicant, text="Hi")
        services.draft_support(application=application, councillor=shared.councillors[1])
        services.idea_post(councillor=cllr, ward=shared.ward.ward, title=f"Idea {n}", description="D", place="P")
        shared.ward.bid(amount="600.00")


@pytest.mark.parametrize("name", ["councillor_home", "councillor_drafts"])
def test_the_home_and_working_with_groups_run_the_same_queries_for_one_draft_as_for_many(client, name):
    shared = SharedDraft()
    cllr = shared.councillors[0]
    shared.ward.bid(amount="600.00")
    client.force_login(cllr)
    few = _queries(client, reverse(f"grants:{name}"))
    _more_of_everything(shared, cllr)
    assert _queries(client, reverse(f"grants:{name}")) == few


def test_a_shared_drafts_page_runs_the_same_queries_whatever_its_comments(client):
    shared = SharedDraft()
    cllr = shared.councillors[0]
    client.force_login(cllr)
    url = reverse("grants:councillor_draft", args=[shared.application.pk])
    comment = services.draft_comment_add(application=shared.application, councillor=cllr, text="First")
    services.draft_comment_reply(comment=comment, actor=shared.member, text="A")
    few = _queries(client, url)
    for n in range(3):
        comment = services.draft_comment_add(application=shared.application, councillor=cllr, text=f"Q{n}")
        services.draft_comment_reply(comment=comment, actor=shared.member, text="A")
        services.draft_support(application=shared.application, councillor=shared.councillors[n])
    assert _queries(client, url) == few


def test_the_groups_page_runs_the_same_queries_whatever_its_comments(client):
    shared = SharedDraft()
    comment = services.draft_comment_add(application=shared.application, councillor=shared.councillors[0], text="Q")
    services.draft_comment_reply(comment=comment, actor=shared.member, text="A")
    client.force_login(shared.member)
    url = reverse("grants:draft_councillors", args=[shared.application.pk])
    few = _queries(client, url)
    for n in range(3):
        comment = services.draft_comment_add(application=shared.application, councillor=shared.councillors[n], text="Q")
        services.draft_comment_reply(comment=comment, actor=shared.member, text="A")
        services.draft_support(application=shared.application, councillor=shared.councillors[n])
    assert _queries(client, url) == few


def test_membership_of_the_group_hides_the_comment_form(client):
    shared = SharedDraft()
    cllr = shared.councillors[0]
    Membership.objects.create(organisation=shared.organisation, user=cllr)
    client.force_login(cllr)
    page = client.get(reverse("grants:councillor_draft", args=[shared.application.pk])).content.decode()
    assert "You have an interest in this bid" in page and "Add your comment" not in page
    assert member_of  # the factory the other tests use for members
