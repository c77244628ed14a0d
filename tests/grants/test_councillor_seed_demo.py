"""The demo councillor has bids to decide after `seed_demo`."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from grants.models import Application, Status
from kbt.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_councillor_sees_at_least_two_longview_bids_awaiting_a_decision(client):
    call_command("seed_demo", stdout=StringIO())
    waiting = Application.objects.filter(ward__name="Longview", strand__code="ENV", status=Status.AWAITING_DECISION)
    assert waiting.count() >= 2

    client.force_login(User.objects.get(email="cllr.longview.1@knowsley.example"))
    page = client.get(reverse("grants:councillor_bids")).content.decode()
    for bid in waiting:
        assert reverse("grants:councillor_bid", args=[bid.pk]) in page
        assert client.get(reverse("grants:councillor_bid", args=[bid.pk])).status_code == 200
