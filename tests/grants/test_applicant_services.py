"""The applicant services on their own: what they refuse and what they guarantee."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from grants import services
from grants.models import BudgetLine, Membership, Status
from kbt.accounts import services as account_services
from tests.factories import (
    OrganisationFactory,
    RoundFactory,
    StrandFactory,
    UserFactory,
    application_at,
    draft,
    member_of,
)

pytestmark = pytest.mark.django_db


def test_eligibility_gives_every_reason_at_once():
    reasons = services.eligibility_reasons(
        strand=StrandFactory(), org_type="other", in_knowsley=False, bank_account=False, governing_document=True
    )
    assert len(reasons) == 3
    assert (
        services.eligibility_reasons(
            strand=StrandFactory(), org_type="cio", in_knowsley=True, bank_account=True, governing_document=True
        )
        == []
    )


def test_a_draft_cannot_start_in_a_closed_round():
    round_ = RoundFactory(
        closes_at=timezone.now() - dt.timedelta(seconds=1), opens_at=timezone.now() - dt.timedelta(days=9)
    )
    organisation = OrganisationFactory()
    with pytest.raises(services.ApplicationIncomplete, match="closed"):
        services.application_start(organisation=organisation, round=round_, title="Late", actor=member_of(organisation))


def test_a_sent_application_cannot_be_changed_by_the_applicant_services():
    application = application_at(Status.SUBMITTED)
    with pytest.raises(services.ApplicationIncomplete):
        services.application_update(application=application, actor=application.applicant, title="Changed")
    with pytest.raises(services.ApplicationIncomplete):
        services.budget_line_save(application=application, item="More", cost=Decimal("1"), financial_year=2027)
    with pytest.raises(services.ApplicationIncomplete):
        services.budget_line_remove(application=application, line=application.budget_lines.get())
    application.refresh_from_db()
    assert application.title == "Greening the park" and application.budget_lines.count() == 1


def test_a_budget_line_of_another_application_cannot_be_changed_through_this_one():
    mine, theirs = draft(), draft()
    line = theirs.budget_lines.get()
    with pytest.raises(ValueError):
        services.budget_line_save(application=mine, line=line, item="Hijack")
    assert BudgetLine.objects.get(pk=line.pk).item == "Plants and tools"


def test_application_update_refuses_dates_that_end_before_they_start():
    application = draft()
    with pytest.raises(ValidationError):
        services.application_update(
            application=application,
            actor=application.applicant,
            start_date=dt.date(2027, 5, 1),
            end_date=dt.date(2027, 4, 1),
        )


def test_joining_twice_changes_nothing(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    friend = UserFactory(email="friend@example.org")
    link = services.organisation_invite(organisation=organisation, email="Friend@example.org", invited_by=friend)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    services.organisation_join(token=token, user=friend)
    services.organisation_join(token=token, user=friend)
    assert Membership.objects.filter(organisation=organisation, user=friend).count() == 1


def test_signing_up_twice_with_one_address_makes_one_account():
    assert account_services.user_sign_up(email="x@example.org", full_name="X", password="long-password-9") is not None
    assert account_services.user_sign_up(email="X@Example.org", full_name="X", password="long-password-9") is None


def test_the_dashboard_says_a_closed_rounds_draft_cannot_be_sent(client):
    strand = StrandFactory()
    round_ = RoundFactory(strand=strand)
    application = draft(strand=strand)
    round_.closes_at = timezone.now() - dt.timedelta(minutes=1)
    round_.save()
    client.force_login(application.applicant)
    page = client.get("/applications/").content.decode()
    assert "this round has closed, so the draft cannot be sent" in page
