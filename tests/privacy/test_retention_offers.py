"""Retention clears a finished grant's bank details (every version) and its signed offer letter."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from freezegun import freeze_time

from grants.models import BankDetails, Offer, Status
from tests.factories import application_at
from tests.privacy.test_retention import START, _run

pytestmark = pytest.mark.django_db


def test_a_cleared_grant_loses_its_bank_details_and_signed_letter(django_capture_on_commit_callbacks):
    with freeze_time(START):
        application = application_at(Status.COMPLETED)
    offer = Offer.objects.get(application=application)
    letter = Path(default_storage.path(offer.signed_pdf.name))
    assert letter.exists() and BankDetails.objects.filter(application=application).exists()
    ends = application.end_date
    run = _run(dt.datetime(ends.year + 6, 7, 1, tzinfo=dt.UTC), django_capture_on_commit_callbacks)
    assert run.grants_cleared == 1
    assert not BankDetails.objects.filter(application=application).exists()
    assert not letter.exists()
    offer.refresh_from_db()
    assert (offer.signed_pdf.name, offer.signed_position) == ("", "")
    assert offer.amount and offer.accepted_at  # the figures and dates stay
