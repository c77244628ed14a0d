"""Issue 19 on a phone: a group shares its draft with its ward councillors; a councillor comments on it
and supports it; the group answers, sends the bid and sees the support on its dashboard. The councillor's
home, "Working with groups", ideas and the other new pages are checked with axe-core too."""

import pytest
from playwright.sync_api import expect

from grants.models import CouncillorIdea, CouncillorSupport, DraftComment, Status
from tests.e2e.conftest import assert_accessible
from tests.grants.partnership_factories import SharedDraft

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_group_and_its_councillor_shape_a_bid_together_before_it_is_sent(page, sign_in, browser, live_server):
    shared = SharedDraft(share=False)
    application, group_member, cllr = shared.application, shared.member, shared.councillors[0]

    # The group shares its draft from the task list.
    sign_in(page, group_member)
    page.goto(f"/applications/{application.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Ask your ward councillors for their views").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask your ward councillors for their views")
    assert_accessible(page)
    page.get_by_role("button", name="Share your draft with your ward councillors").click()
    expect(page.get_by_test_id("share-status")).to_contain_text("Shared with your Longview councillors")
    assert_accessible(page)

    # The councillor, on their own phone, finds it from their home.
    councillor_context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 812})
    cpage = councillor_context.new_page()
    cpage.set_default_timeout(15_000)
    sign_in(cpage, cllr)
    cpage.goto("/councillors/home/")
    expect(cpage.get_by_role("heading", level=1)).to_have_text("Your home")
    expect(cpage.get_by_test_id("home-pot-paid")).to_have_text("£0")
    assert_accessible(cpage)
    cpage.goto("/councillors/drafts/")
    expect(cpage.get_by_role("heading", level=1)).to_have_text("Working with groups")
    assert_accessible(cpage)
    cpage.get_by_role("link", name=application.title).click()
    expect(cpage.get_by_role("heading", level=1)).to_have_text(application.title)
    assert_accessible(cpage)

    # An empty comment is explained; then a real one.
    cpage.get_by_role("button", name="Add your comment").click()
    expect(cpage.get_by_role("alert")).to_contain_text("Enter your comment")
    assert cpage.title().startswith("Error: ")
    assert_accessible(cpage)
    cpage.get_by_label("Your comment").fill("Could you add bulbs for the spring?")
    cpage.get_by_role("button", name="Add your comment").click()
    expect(cpage.get_by_test_id("comment")).to_contain_text("Could you add bulbs for the spring?")
    assert_accessible(cpage)

    # The interest page is there for a councillor who needs it (this one does not).
    cpage.get_by_role("link", name="declare an interest").click()
    expect(cpage.get_by_role("heading", level=1)).to_have_text("Declare an interest")
    assert_accessible(cpage)
    cpage.go_back()

    cpage.get_by_role("button", name="Support this bid").click()
    expect(cpage.get_by_role("heading", level=1)).to_have_text("Support this bid")
    assert_accessible(cpage)
    cpage.get_by_label("A short note for the group (optional)").fill("Much needed on Longview Drive.")
    cpage.get_by_role("button", name="Support this bid").click()
    expect(cpage.get_by_test_id("support")).to_contain_text(f"Cllr {cllr.get_full_name()} supports this bid")
    assert_accessible(cpage)

    # Ideas: the list, an idea posted after an error.
    cpage.goto("/councillors/ideas/")
    assert_accessible(cpage)
    cpage.get_by_role("button", name="Post an idea").click()
    cpage.get_by_role("button", name="Post this idea").click()
    expect(cpage.get_by_role("alert")).to_contain_text("Enter a title")
    assert_accessible(cpage)
    cpage.get_by_label("Title").fill("Plant the verges on Longview Drive")
    cpage.get_by_label("Describe the idea").fill("Bare mud every winter.")
    cpage.get_by_label("Where").fill("Longview Drive")
    cpage.get_by_role("button", name="Post this idea").click()
    expect(cpage.get_by_test_id("idea")).to_contain_text("Plant the verges on Longview Drive")
    assert_accessible(cpage)
    assert CouncillorIdea.objects.get().councillor.user == cllr

    # The group sees the comment and the support, answers, and sends the bid.
    page.reload()
    expect(page.get_by_test_id("support")).to_contain_text(f"Cllr {cllr.get_full_name()} supports this bid")
    expect(page.get_by_test_id("comment")).to_contain_text("Could you add bulbs for the spring?")
    assert_accessible(page)
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your answer")
    assert_accessible(page)
    page.get_by_label("Your answer").fill("Yes: 500 daffodils are now in the budget.")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_test_id("reply")).to_contain_text("500 daffodils")
    assert DraftComment.objects.filter(reply_to__isnull=False).count() == 1

    page.goto(f"/applications/{application.pk}/check/")
    page.get_by_label("I confirm that the information in this application is true").check()
    page.get_by_role("button", name="Send your application").click()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    page.goto("/applications/")
    expect(page.get_by_test_id("dashboard-support")).to_contain_text(f"Cllr {cllr.get_full_name()} supports this bid")
    expect(page.get_by_test_id("ideas")).to_contain_text("Plant the verges on Longview Drive")
    assert_accessible(page)
    assert CouncillorSupport.objects.get().note == "Much needed on Longview Drive."

    # The strand's page shows the idea to every group.
    page.goto(f"/funding/{shared.strand.slug}/")
    expect(page.get_by_test_id("ideas")).to_contain_text("Plant the verges on Longview Drive")
    assert_accessible(page)
    councillor_context.close()
