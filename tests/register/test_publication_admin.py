"""The officers' Publication page of an application (issue 15): the public summary and keeping a grant or
a group's postcode off the register, each with a reason and audited."""

import pytest
from django.urls import reverse

from grants.models import Application
from kbt.audit.models import AuditEntry
from tests.factories import panel_member

from .factories import published_grant

pytestmark = pytest.mark.django_db


def url(grant):
    return reverse("admin:grants_application_publication", args=[grant.pk])


def test_an_officer_withholds_a_grant_and_its_groups_postcode_with_reasons(client):
    grant = published_grant(public_summary="We help Mrs Jones.")
    client.force_login(grant.cast.officer)
    assert "Publication" in client.get(reverse("admin:grants_application_change", args=[grant.pk])).content.decode()
    response = client.post(
        url(grant),
        {
            "public_summary": "We help people in the village.",
            "withheld": "on",
            "withheld_reason": "A refuge",
            "postcode_withheld": "on",
            "postcode_withheld_reason": "A refuge's address",
        },
    )
    assert response.status_code == 302
    grant = Application.objects.select_related("organisation").get(pk=grant.pk)
    assert grant.public_summary == "We help people in the village."
    assert grant.withheld and grant.withheld_reason == "A refuge"
    assert grant.organisation.postcode_withheld and grant.organisation.postcode_withheld_reason == "A refuge's address"
    details = set(AuditEntry.objects.filter(action=AuditEntry.Action.PUBLICATION).values_list("detail", flat=True))
    assert details == {"Public summary edited", "Withheld: A refuge", "Postcode withheld: A refuge's address"}
    assert client.get(reverse("grants:grant", args=[grant.reference])).status_code == 404


def test_withholding_without_a_reason_is_an_error_on_the_page_and_changes_nothing(client):
    grant = published_grant(public_summary="Before")
    client.force_login(grant.cast.officer)
    response = client.post(url(grant), {"public_summary": "After", "withheld": "on", "withheld_reason": " "})
    assert response.status_code == 200
    assert "Enter why the grant is kept off the register" in response.content.decode()
    grant.refresh_from_db()
    assert grant.public_summary == "Before" and not grant.withheld
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PUBLICATION).exists()


def test_publishing_again_puts_the_grant_back(client):
    grant = published_grant()
    client.force_login(grant.cast.officer)
    client.post(url(grant), {"withheld": "on", "withheld_reason": "For now"})
    client.post(url(grant), {"withheld_reason": ""})
    grant.refresh_from_db()
    assert not grant.withheld
    assert client.get(reverse("grants:grant", args=[grant.reference])).status_code == 200


def test_only_officers_and_administrators_change_publication(client):
    grant = published_grant()
    client.force_login(panel_member())
    assert client.post(url(grant), {"withheld": "on", "withheld_reason": "No"}).status_code == 403
    grant.refresh_from_db()
    assert not grant.withheld
