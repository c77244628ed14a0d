"""Councillors' ideas for their wards (issue 19): posting and closing; groups see open ideas on the
environmental strand's page and, in that ward, on their dashboard; a bid started from an idea links to
it and the councillor is emailed."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from grants import services
from grants.models import Application, CouncillorIdea
from tests.factories import OrganisationFactory, RoundFactory, UserFactory, WardFactory, councillor, member_of
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db


def idea_in(ward: Ward, **fields) -> CouncillorIdea:
    values = dict(
        title="Plant the verges on Longview Drive",
        description="The verges are bare mud every winter.",
        place="Longview Drive",
        **fields,
    )
    return services.idea_post(councillor=ward.councillors[0], ward=ward.ward, **values)


def test_a_councillor_posts_an_idea_for_their_own_ward_only():
    ward = Ward()
    idea = idea_in(ward)
    assert (idea.ward, idea.councillor.user, idea.status) == (ward.ward, ward.councillors[0], "open")
    with pytest.raises(services.ActionForbidden):
        services.idea_post(councillor=ward.councillors[0], ward=WardFactory(), title="T", description="D", place="P")
    with pytest.raises(services.ActionForbidden):
        services.idea_post(councillor=UserFactory(), ward=ward.ward, title="T", description="D", place="P")
    with pytest.raises(services.MissingInput, match="Enter a place"):
        services.idea_post(councillor=ward.councillors[0], ward=ward.ward, title="T", description="D", place=" ")


def test_only_its_councillor_closes_an_idea_and_then_groups_no_longer_see_it(client):
    ward = Ward()
    idea = idea_in(ward)
    with pytest.raises(services.ActionForbidden):
        services.idea_close(idea=idea, councillor=ward.councillors[1])
    client.force_login(ward.councillors[1])
    assert client.post(reverse("grants:councillor_idea_close", args=[idea.pk])).status_code == 404
    client.force_login(ward.councillors[0])
    assert client.post(reverse("grants:councillor_idea_close", args=[idea.pk])).status_code == 302
    idea.refresh_from_db()
    assert idea.status == "closed"
    assert idea.title not in Client().get(reverse("grants:strand", args=[ward.strand.slug])).content.decode()


def test_the_idea_form_explains_what_is_missing_and_posts(client):
    ward = Ward()
    client.force_login(ward.councillors[0])
    url = reverse("grants:councillor_idea_new")
    response = client.post(url, {"ward": ward.ward.pk, "title": "", "description": "", "place": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "Enter a title" in page and "Describe the idea" in page
    response = client.post(
        url, {"ward": ward.ward.pk, "title": "Bulbs", "description": "Daffodils by the school", "place": "Park Lane"}
    )
    assert response.status_code == 302
    assert "Bulbs" in client.get(reverse("grants:councillor_ideas")).content.decode()


def test_groups_see_open_ideas_on_the_strand_page_and_their_wards_on_their_dashboard(client):
    ward, other = Ward(), Ward(name="Roby")
    idea = idea_in(ward)
    elsewhere = services.idea_post(
        councillor=other.councillors[0], ward=other.ward, title="Roby pond", description="D", place="Pond"
    )
    page = client.get(reverse("grants:strand", args=[ward.strand.slug])).content.decode()
    assert idea.title in page and elsewhere.title in page
    group = OrganisationFactory(ward=ward.ward)
    client.force_login(member_of(group))
    dashboard = client.get(reverse("grants:dashboard")).content.decode()
    assert idea.title in dashboard and elsewhere.title not in dashboard
    assert f"?idea={idea.pk}" in dashboard


def test_a_bid_started_from_an_idea_links_to_it_and_the_councillor_is_told(client, django_capture_on_commit_callbacks):
    ward = Ward()
    RoundFactory(strand=ward.strand)
    idea = idea_in(ward)
    group = OrganisationFactory(ward=ward.ward)
    client.force_login(member_of(group))
    eligibility = reverse("grants:eligibility", args=[ward.strand.slug])
    response = client.get(eligibility + f"?idea={idea.pk}")
    assert response.status_code == 200
    session = client.session
    session[f"eligible_{ward.strand.pk}"] = {"organisation": group.pk, "ward": ward.ward.pk, "priorities": []}
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grants:start", args=[ward.strand.slug]), {"title": "Longview verges"})
    application = Application.objects.get(title="Longview verges")
    assert response.status_code == 302 and application.idea == idea
    told = [m for m in mail.outbox if ward.councillors[0].email in m.to]
    assert len(told) == 1 and group.name in told[0].subject
    client.force_login(ward.councillors[0])
    assert "1 bid started from it" in client.get(reverse("grants:councillor_home")).content.decode()


def test_an_idea_for_another_ward_is_not_linked(client):
    ward = Ward()
    idea = idea_in(ward)
    other_ward = WardFactory(name="Elsewhere")
    group = OrganisationFactory(ward=other_ward)
    lead = member_of(group)
    application = services.application_start(
        organisation=group, round=RoundFactory(strand=ward.strand), title="T", actor=lead, ward_id=other_ward.pk
    )
    with pytest.raises(services.TransitionNotAllowed):
        services.application_link_idea(application=application, idea=idea, actor=lead)
    assert Application.objects.get(pk=application.pk).idea is None
    assert councillor  # (factories used across these tests)


@pytest.mark.parametrize("nonsense", ["abc", "²", "99999999999999999999", "-1", ""])
def test_a_nonsense_idea_in_the_link_is_ignored_not_an_error(client, nonsense):
    ward = Ward()
    RoundFactory(strand=ward.strand)
    client.force_login(member_of(OrganisationFactory(ward=ward.ward)))
    response = client.get(reverse("grants:eligibility", args=[ward.strand.slug]) + f"?idea={nonsense}")
    assert response.status_code == 200
    assert client.session[f"idea_{ward.strand.pk}"] is None
