"""The home page and each strand's page come from the cache until something they show changes: a write
to a strand, a round, an idea, a ward or a councillor shows on the very next view, and a round opening or
closing shows as soon as it happens."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from grants import services
from tests.factories import OrganisationFactory, RoundFactory, member_of
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db
HOME = reverse("grants:home")


def view(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def cached(client, url) -> str:
    first, first_queries = view(client, url)
    again, again_queries = view(client, url)
    assert again == first and again_queries < first_queries and again_queries <= 1
    return again


def test_a_strand_changed_in_the_officers_site_or_a_service_shows_at_once(client):
    round_ = RoundFactory(name="Spring round")
    strand = round_.strand
    url = reverse("grants:strand", args=[strand.slug])
    assert strand.name in cached(client, HOME) and "Spring round" in cached(client, url)
    strand.name = "Greener Knowsley"
    strand.save()
    assert "Greener Knowsley" in view(client, HOME)[0]
    assert "Greener Knowsley" in view(client, url)[0]
    round_.name = "Summer round"
    round_.save()
    assert "Summer round" in view(client, HOME)[0] and "Summer round" in view(client, url)[0]


def test_a_round_opening_and_closing_shows_when_it_happens(client):
    now = timezone.now()
    round_ = RoundFactory(
        name="Autumn round", opens_at=now + dt.timedelta(hours=1), closes_at=now + dt.timedelta(hours=2)
    )
    url = reverse("grants:strand", args=[round_.strand.slug])
    assert "Autumn round is open" not in cached(client, HOME)
    assert "Autumn round opens on" in cached(client, url)
    with freeze_time(now + dt.timedelta(hours=1, minutes=1)):
        assert "Autumn round is open" in view(client, HOME)[0]
        assert "Autumn round is open" in view(client, url)[0]
    with freeze_time(now + dt.timedelta(hours=2, minutes=1)):
        assert "Autumn round is open" not in view(client, HOME)[0]
        assert "This strand is closed for applications now." in view(client, url)[0]


def test_an_idea_posted_and_closed_and_a_councillor_renamed_show_on_the_strand_page(client):
    ward = Ward()
    url = reverse("grants:strand", args=[ward.strand.slug])
    assert "Plant the verges" not in cached(client, url)
    idea = services.idea_post(
        councillor=ward.councillors[0], ward=ward.ward, title="Plant the verges", description="Mud.", place="Longview"
    )
    assert "Plant the verges" in cached(client, url)
    user = ward.councillors[0]
    user.full_name = "Pat Renamed"
    user.save()
    assert "Cllr Pat Renamed" in cached(client, url)
    ward.ward.name = "Longview and Page Moss"
    ward.ward.save()
    assert "Longview and Page Moss" in cached(client, url)
    services.idea_close(idea=idea, councillor=ward.councillors[0])
    assert "Plant the verges" not in view(client, url)[0]


def test_a_sign_in_does_not_throw_the_pages_away(client):
    ward = Ward()
    url = reverse("grants:strand", args=[ward.strand.slug])
    cached(client, url)
    user = ward.councillors[0]
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert view(client, url)[1] <= 1


def test_a_groups_dashboard_shows_an_idea_posted_or_closed_and_a_strand_renamed_at_once(client):
    ward = Ward()
    client.force_login(member_of(OrganisationFactory(ward=ward.ward)))
    dashboard = reverse("grants:dashboard")
    assert "Plant the verges" not in client.get(dashboard).content.decode()
    assert "Plant the verges" not in client.get(dashboard).content.decode()  # from the cache now
    idea = services.idea_post(
        councillor=ward.councillors[0], ward=ward.ward, title="Plant the verges", description="Mud.", place="Longview"
    )
    assert "Plant the verges" in client.get(dashboard).content.decode()
    ward.strand.name = "Greener Knowsley"
    ward.strand.save()
    assert "Greener Knowsley" in client.get(dashboard).content.decode()
    services.idea_close(idea=idea, councillor=ward.councillors[0])
    assert "Plant the verges" not in client.get(dashboard).content.decode()
