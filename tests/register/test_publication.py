"""What is published (issue 15): the publication fields, the service that changes them, the selector."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from grants.models import Application, Status, Ward
from grants.selectors.published import paid_total, published_grants, with_paid
from grants.services import errors
from grants.services.publication import (
    grant_unwithhold,
    grant_withhold,
    postcode_unwithhold,
    postcode_withhold,
    public_summary_edit,
)
from grants.wards import ward_codes
from kbt.audit.models import AuditEntry
from tests.factories import UserFactory, application_at, officer

pytestmark = pytest.mark.django_db


def test_published_means_accepted_or_completed_and_not_withheld():
    active = application_at(Status.GRANT_ACTIVE)
    approved = application_at(Status.APPROVED)
    withheld = application_at(Status.GRANT_ACTIVE)
    grant_withhold(withheld, reason="A refuge: its address must stay private", actor=officer())
    assert list(published_grants()) == [active]
    assert approved not in published_grants()


def test_withholding_needs_a_reason_and_an_officer_and_is_audited():
    grant = application_at(Status.GRANT_ACTIVE)
    staff = officer()
    with pytest.raises(errors.MissingInput):
        grant_withhold(grant, reason="  ", actor=staff)
    with pytest.raises(errors.ActionForbidden):
        grant_withhold(grant, reason="Because", actor=UserFactory())
    grant_withhold(grant, reason="Refuge", actor=staff)
    grant.refresh_from_db()
    assert grant.withheld and grant.withheld_reason == "Refuge"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PUBLICATION, target_id=str(grant.pk))
    assert entry.actor == staff and "Refuge" in entry.detail
    grant_unwithhold(grant, actor=staff)
    grant.refresh_from_db()
    assert not grant.withheld and grant.withheld_reason == ""
    assert grant in published_grants()


def test_the_database_refuses_withholding_without_a_reason():
    grant = application_at(Status.GRANT_ACTIVE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=grant.pk).update(withheld=True, withheld_reason="")


def test_postcode_withholding_is_recorded_with_its_reason():
    grant = application_at(Status.GRANT_ACTIVE)
    staff = officer()
    postcode_withhold(grant.organisation, reason="Women's refuge", actor=staff)
    grant.organisation.refresh_from_db()
    assert grant.organisation.postcode_withheld and grant.organisation.postcode_withheld_reason == "Women's refuge"
    assert AuditEntry.objects.filter(target_type="grants.Organisation", detail__contains="Women's refuge").exists()
    postcode_unwithhold(grant.organisation, actor=staff)
    grant.organisation.refresh_from_db()
    assert not grant.organisation.postcode_withheld


def test_an_officer_edits_the_public_summary():
    grant = application_at(Status.APPROVED, public_summary="We plant trees with Mrs Smith")
    public_summary_edit(grant, text="We plant trees.", actor=officer())
    grant.refresh_from_db()
    assert grant.public_summary == "We plant trees."
    with pytest.raises(errors.MissingInput):
        public_summary_edit(grant, text="x" * 1001, actor=officer())


def test_paid_is_the_sum_of_paid_ledger_entries_and_zero_before_any():
    grant = application_at(Status.GRANT_ACTIVE)
    assert with_paid(published_grants()).get(pk=grant.pk).paid == Decimal("0.00")
    assert paid_total(published_grants()) == Decimal("0.00")


def test_the_fund_wards_have_their_official_codes():
    codes = ward_codes()
    assert len(codes) == 21
    assert codes["Cherryfield"] == "E05000865" and codes["Whitefield"] == "E05000885"
    ward = Ward.objects.create(name="Longview", slug="longview", code=codes["Longview"])
    assert ward.code == "E05000870"
    with pytest.raises(IntegrityError), transaction.atomic():
        Ward.objects.create(name="Another", slug="another", code="E05000870")
