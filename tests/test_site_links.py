"""Where the parts of the portal meet: the menu, the officer's score on councillors' pages, and the
councillors' records in the officers' site."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants import services
from grants.models import Status
from tests.factories import UserFactory, application_at, officer
from tests.grants.admin_factories import assessed

pytestmark = pytest.mark.django_db


def test_everyone_sees_deals_in_the_menu_and_only_councillors_see_their_home(client):
    application = application_at(Status.SUBMITTED)
    menu_link = f'href="{reverse("grants:councillor_home")}"'
    page = client.get("/").content.decode()
    assert f'href="{reverse("deals:list")}"' in page and menu_link not in page

    client.force_login(UserFactory())
    assert menu_link not in client.get("/").content.decode()

    client.force_login(application.cast.councillor)
    assert menu_link in client.get("/").content.decode()


def test_councillors_see_the_officers_weighted_score_on_their_list_and_the_bid(client):
    application = application_at(Status.IN_ASSESSMENT)
    assessment = assessed(application, application.cast.officer, score=4)
    services.application_transition(
        application=application, action="recommend", actor=application.cast.officer, amount=Decimal("4000.00")
    )
    shown = f"Score {assessment.total_score:.0f}%"
    assert assessment.total_score == Decimal("80.00")  # 4 out of 5 on every criterion

    client.force_login(application.cast.councillor)
    assert shown in client.get(reverse("grants:councillor_bids")).content.decode()
    bid_page = client.get(reverse("grants:councillor_bid", args=[application.pk])).content.decode()
    assert "Officer's score" in bid_page and "80%" in bid_page


@pytest.mark.parametrize("model", ["interestdeclaration", "councillorvote"])
def test_officers_can_read_councillors_interests_and_votes_but_not_change_them(client, model):
    client.force_login(officer())
    assert client.get(reverse(f"admin:grants_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:grants_{model}_add")).status_code == 403


def test_an_officer_reaches_the_record_a_councillors_decision_page_from_the_bid_in_admin(client):
    application = application_at(Status.AWAITING_DECISION)
    client.force_login(application.cast.officer)
    page = client.get(reverse("admin:grants_application_change", args=[application.pk])).content.decode()
    assert reverse("grants:councillor_record_decision", args=[application.pk]) in page
    client.force_login(officer())
    decided = application_at(Status.APPROVED)
    page = client.get(reverse("admin:grants_application_change", args=[decided.pk])).content.decode()
    assert reverse("grants:councillor_record_decision", args=[decided.pk]) not in page
