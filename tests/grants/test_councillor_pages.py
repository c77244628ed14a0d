"""The councillors' pages: who sees what (everyone else gets 404), deciding through the pages, plain
errors that keep what was typed, and a fixed number of queries whatever the data size."""

import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants import services
from grants.models import Application, BudgetLine, CouncillorVote, Document, InterestDeclaration, Status, Strand
from tests.factories import UserFactory, WardFactory, councillor, officer
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db

BID_PAGES = [
    "councillor_bid",
    "councillor_approve",
    "councillor_decline",
    "councillor_declare_interest",
]


def url(name, bid, *args):
    return reverse(f"grants:{name}", args=[bid.pk, *args])


def status_of(bid):
    return Application.objects.get(pk=bid.pk).status


# Who may see what


def test_the_list_shows_the_wards_bids_awaiting_first_then_decided_and_the_pot(client):
    ward = Ward(pot="14000.00")
    decided = ward.bid(Status.APPROVED, amount="1500.00", title="Community orchard")
    waiting = ward.bid(amount="2000.00", title="Wildflower verges")
    elsewhere = Ward(name="Halewood North").bid(title="Pond restoration")
    in_assessment = ward.bid(Status.IN_ASSESSMENT, title="Hedgerow planting")
    client.force_login(ward.councillors[0])

    page = client.get(reverse("grants:councillor_bids")).content.decode()

    assert page.index("Wildflower verges") < page.index("Community orchard")
    assert url("councillor_bid", waiting) in page and url("councillor_bid", decided) in page
    assert elsewhere.title not in page and in_assessment.title not in page
    assert "£12,500" in page  # remaining in the Longview pot after £1,500 committed
    assert "£1,500 committed of £300,000" in page


def test_the_list_sends_an_anonymous_visitor_to_sign_in_and_answers_404_to_anyone_not_a_councillor(client):
    response = client.get(reverse("grants:councillor_bids"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
    for user in (UserFactory(), officer()):
        client.force_login(user)
        assert client.get(reverse("grants:councillor_bids")).status_code == 404


@pytest.mark.parametrize(
    "who", ["other_ward_councillor", "councillor_with_interest", "applicant", "officer", "stranger"]
)
def test_everyone_but_the_wards_councillors_gets_404_on_a_bids_pages_and_changes_nothing(client, who):
    ward = Ward()
    bid = ward.bid()
    if who == "councillor_with_interest":
        user = ward.councillors[0]
        services.interest_declare(application=bid, councillor=user, kind="family_or_friend")
    else:
        user = {
            "other_ward_councillor": lambda: councillor(WardFactory(name="Whiston North")).user,
            "applicant": lambda: bid.applicant,
            "officer": lambda: officer(),
            "stranger": lambda: UserFactory(),
        }[who]()
    client.force_login(user)
    for name in BID_PAGES:
        assert client.get(url(name, bid)).status_code == 404, name
    assert client.post(url("councillor_approve", bid), {"amount": "100"}).status_code == 404
    assert client.post(url("councillor_decline", bid), {"reason": "No"}).status_code == 404
    assert client.post(url("councillor_declare_interest", bid), {"kind": "other", "note": "x"}).status_code == 404
    assert status_of(bid) == Status.AWAITING_DECISION
    assert not CouncillorVote.objects.exists()
    assert InterestDeclaration.objects.count() == (1 if who == "councillor_with_interest" else 0)


def test_an_anonymous_visitor_learns_nothing_about_whether_a_bid_exists(client):
    bid = Ward().bid()
    for name in BID_PAGES:
        real, missing = client.get(url(name, bid)), client.get(reverse(f"grants:{name}", args=[999999]))
        assert real.status_code == missing.status_code == 302
        assert real["Location"].startswith("/accounts/sign-in/")
    assert client.post(url("councillor_approve", bid), {"amount": "100"}).status_code == 302
    assert status_of(bid) == Status.AWAITING_DECISION


def test_a_bid_still_in_assessment_is_not_shown_yet(client):
    ward = Ward()
    bid = ward.bid(Status.IN_ASSESSMENT)
    client.force_login(ward.councillors[0])
    assert client.get(url("councillor_bid", bid)).status_code == 404


def test_a_councillor_with_an_interest_sees_it_marked_in_the_list_without_a_link(client):
    ward = Ward()
    bid = ward.bid()
    services.interest_declare(application=bid, councillor=ward.councillors[0], kind="family_or_friend")
    client.force_login(ward.councillors[0])
    page = client.get(reverse("grants:councillor_bids")).content.decode()
    assert "You declared an interest" in page
    assert url("councillor_bid", bid) not in page


# The bid's page


def test_the_bids_page_shows_the_whole_bid_its_documents_and_the_decision_buttons(client):
    ward = Ward()
    bid = ward.bid(amount="2000.00", summary="Wildflowers along Longview Drive")
    doc = Document.objects.create(
        application=bid,
        kind=Document.Kind.ACCOUNTS,
        file=ContentFile(b"%PDF-1.4 accounts", name="accounts.pdf"),
        original_name="accounts-2025.pdf",
        content_type="application/pdf",
        size=17,
    )
    client.force_login(ward.councillors[0])
    page = client.get(url("councillor_bid", bid)).content.decode()
    for text in ("Wildflowers along Longview Drive", "£2,000", "Recommended", "accounts-2025.pdf",
                 "Approve this bid", "Decline this bid", "declare an interest", "Longview ward pot"):  # fmt: skip
        assert text in page, text

    download = client.get(url("councillor_document", bid, doc.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 accounts"
    assert 'filename="accounts-2025.pdf"' in download["Content-Disposition"]
    client.force_login(councillor(WardFactory(name="Roby")).user)
    assert client.get(url("councillor_document", bid, doc.pk)).status_code == 404


def test_a_decided_bid_shows_its_decision_and_no_buttons(client):
    ward = Ward()
    bid = ward.bid(Status.DECLINED)
    client.force_login(ward.councillors[1])
    page = client.get(url("councillor_bid", bid)).content.decode()
    assert "Declined" in page
    assert "Approve this bid" not in page and "declare an interest" not in page
    # The decision pages send them back to the bid.
    assert client.get(url("councillor_approve", bid))["Location"] == url("councillor_bid", bid)


# Deciding through the pages


def test_a_councillor_approves_for_less_typing_pounds_and_commas(client):
    ward = Ward()
    bid = ward.bid(amount="2000.00")
    client.force_login(ward.councillors[0])
    form = client.get(url("councillor_approve", bid)).content.decode()
    assert 'value="2000.00"' in form  # the officer's recommended amount, ready to change

    response = client.post(url("councillor_approve", bid), {"amount": "£1,750.50"}, follow=True)

    bid.refresh_from_db()
    assert (bid.status, bid.amount_awarded) == (Status.APPROVED, Decimal("1750.50"))
    assert "is approved for £1,750.50" in response.content.decode()
    ward.pot.refresh_from_db()
    assert ward.pot.committed == Decimal("1750.50")


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("2000.01", "The amount cannot be more than the £2,000 requested"),
        ("", "Enter the amount to award"),
        ("lots", "Enter the amount in pounds and pence"),
        ("0", "Enter an amount more than £0"),
    ],
)
def test_a_wrong_amount_is_explained_on_the_page_keeping_what_was_typed(client, typed, error):
    ward = Ward()
    bid = ward.bid(amount="2000.00")
    client.force_login(ward.councillors[0])
    response = client.post(url("councillor_approve", bid), {"amount": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Approve this bid" in page
    assert "There is a problem" in page and error in page
    assert f'value="{typed}"' in page or typed == ""
    assert status_of(bid) == Status.AWAITING_DECISION


def test_a_pot_running_out_is_explained_on_the_page_and_nothing_changes(client):
    ward = Ward(pot="2500.00")
    ward.bid(Status.APPROVED, amount="2000.00")
    bid = ward.bid(amount="2000.00")
    client.force_login(ward.councillors[1])
    page = client.post(url("councillor_approve", bid), {"amount": "2000"}).content.decode()
    assert "Approving £2,000 would exceed the Longview ward pot: only £500 remains." in page
    assert 'value="2000"' in page
    assert status_of(bid) == Status.AWAITING_DECISION
    assert not CouncillorVote.objects.filter(application=bid).exists()
    ward.pot.refresh_from_db()
    assert ward.pot.committed == Decimal("2000.00")


def test_a_councillor_declines_with_a_reason(client):
    ward = Ward()
    bid = ward.bid()
    client.force_login(ward.councillors[0])
    page = client.post(url("councillor_decline", bid), {"reason": "  "}).content.decode()
    assert "Enter the reason for declining the bid" in page
    assert status_of(bid) == Status.AWAITING_DECISION

    response = client.post(url("councillor_decline", bid), {"reason": "Funded last year."}, follow=True)
    assert status_of(bid) == Status.DECLINED
    assert "is declined" in response.content.decode()
    assert bid.status_changes.get(action="decline").reason == "Funded last year."


def test_a_councillor_declares_an_interest_and_can_no_longer_open_the_bid(client):
    ward = Ward()
    bid = ward.bid()
    client.force_login(ward.councillors[0])
    page = client.post(url("councillor_declare_interest", bid), {"kind": "other", "note": ""}).content.decode()
    assert "Describe your interest" in page
    assert re.search(r'value="other"\s+checked="checked"', page)  # the choice is kept
    assert not InterestDeclaration.objects.exists()

    response = client.post(url("councillor_declare_interest", bid), {"kind": "trustee_or_member", "note": "Treasurer"})
    assert response["Location"] == reverse("grants:councillor_bids")
    declaration = InterestDeclaration.objects.get()
    assert (declaration.councillor.user, declaration.kind, declaration.note) == (
        ward.councillors[0],
        "trustee_or_member",
        "Treasurer",
    )
    assert client.get(url("councillor_bid", bid)).status_code == 404


def test_under_the_majority_rule_a_vote_is_recorded_and_the_page_says_how_many_more_are_needed(client):
    ward = Ward(rule=Strand.DecisionRule.MAJORITY)
    bid = ward.bid()
    client.force_login(ward.councillors[0])
    response = client.post(url("councillor_decline", bid), {"reason": "Too costly"}, follow=True)
    page = response.content.decode()
    assert "Your decision to decline" in page and "1 of the 2 councillors needed" in page
    assert "Decline this bid</a>" not in page and "Approve this bid</a>" not in page
    assert status_of(bid) == Status.AWAITING_DECISION
    # Voting twice is not offered: the decision pages send them back to the bid.
    assert client.get(url("councillor_decline", bid))["Location"] == url("councillor_bid", bid)


# An officer records a decision on a councillor's behalf


def test_an_officer_records_a_councillors_decision_and_the_history_says_so(client):
    ward = Ward()
    bid = ward.bid(amount="2000.00")
    clerk = officer(full_name="Olivia Officer")
    cllr = ward.councillors[2]
    client.force_login(clerk)
    assert client.get(url("councillor_record_decision", bid)).status_code == 200
    response = client.post(
        url("councillor_record_decision", bid),
        {"councillor": cllr.councillor.pk, "decision": "approve", "amount": "1800", "note": "By phone on 3 March"},
    )
    assert response.status_code == 302
    bid.refresh_from_db()
    assert (bid.status, bid.amount_awarded) == (Status.APPROVED, Decimal("1800.00"))
    change = bid.status_changes.get(action="approve")
    assert (change.actor, change.recorded_by) == (cllr, clerk)

    client.force_login(ward.councillors[0])
    page = client.get(url("councillor_bid", bid)).content.decode()
    assert f"by {cllr.councillor} (recorded by an officer, Olivia Officer)" in page
    assert "Recorded by an officer, Olivia Officer: By phone on 3 March" in page


def test_only_officers_can_record_a_councillors_decision(client):
    ward = Ward()
    bid = ward.bid()
    for user in (ward.councillors[0], bid.applicant, UserFactory()):
        client.force_login(user)
        assert client.get(url("councillor_record_decision", bid)).status_code == 404
    client.force_login(officer())
    page = client.post(
        url("councillor_record_decision", bid), {"councillor": ward.councillors[0].councillor.pk, "decision": "decline"}
    ).content.decode()
    assert "Enter the reason for declining the bid" in page and "Enter how the councillor gave" in page
    assert status_of(bid) == Status.AWAITING_DECISION


# A fixed number of queries


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_for_one_bid_as_for_many(client):
    ward = Ward()
    ward.bid()
    client.force_login(ward.councillors[0])
    few = _queries(client, reverse("grants:councillor_bids"))
    for status in (Status.AWAITING_DECISION, Status.APPROVED, Status.DECLINED, Status.AWAITING_DECISION):
        ward.bid(status, amount="600.00")
    services.interest_declare(application=ward.bid(), councillor=ward.councillors[0], kind="family_or_friend")
    many = _queries(client, reverse("grants:councillor_bids"))
    assert few == many


def test_the_bids_page_runs_the_same_queries_whatever_its_size(client):
    ward = Ward(rule=Strand.DecisionRule.MAJORITY, councillors=5)
    small, large = ward.bid(), ward.bid()
    for n in range(6):
        BudgetLine.objects.create(application=large, item=f"Item {n}", cost=Decimal("10"), financial_year=2026)
        Document.objects.create(
            application=large, kind="other", file=ContentFile(b"x", name="x.pdf"), original_name=f"{n}.pdf",
            content_type="application/pdf", size=1,
        )  # fmt: skip
    services.councillor_decide(
        application=large, councillor=ward.councillors[1], decision="approve", amount=Decimal("500")
    )
    services.councillor_decide(
        application=large,
        councillor=ward.councillors[2],
        decision="decline",
        reason="No",
        recorded_by=officer(),
        note="Phone",
    )
    services.interest_declare(application=large, councillor=ward.councillors[3], kind="family_or_friend")
    client.force_login(ward.councillors[0])
    assert _queries(client, url("councillor_bid", small)) == _queries(client, url("councillor_bid", large))


def test_the_officers_record_page_runs_the_same_queries_for_few_councillors_as_for_many(client):
    few_ward, many_ward = Ward(councillors=1), Ward(name="Roby", councillors=6)
    few, many = few_ward.bid(), many_ward.bid()
    client.force_login(officer())
    assert _queries(client, url("councillor_record_decision", few)) == _queries(
        client, url("councillor_record_decision", many)
    )
