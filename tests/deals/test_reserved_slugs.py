"""A deal's public address must never be taken by another deals page: /deals/partner/ is the partners'
home, so a deal slugged "partner" would be hidden behind it (issue 21)."""

import pytest
from django.core.exceptions import ValidationError
from django.forms import modelform_factory

from deals import services
from deals.models import Deal
from tests.deals.factories import DealFactory

pytestmark = pytest.mark.django_db


def test_a_deal_cannot_be_given_the_partner_pages_address():
    with pytest.raises(ValidationError) as error:
        services.deal_create(title="Our partners", shared_goal="Work together", slug="partner")
    assert "slug" in error.value.message_dict
    assert "used by another page" in error.value.message_dict["slug"][0]
    assert not Deal.objects.exists()


def test_a_deal_titled_partner_gets_an_address_of_its_own_and_its_page_shows(client):
    deal = services.deal_create(title="Partner", shared_goal="Work together")
    assert deal.slug != "partner"
    services.deal_publish(deal=deal)
    response = client.get(deal.get_absolute_url())
    assert response.status_code == 200
    assert "Work together" in response.content.decode()


def test_the_officers_form_refuses_the_reserved_address():
    # The admin's deal form is a ModelForm, which runs the model field's validators.
    form = modelform_factory(Deal, fields=["title", "slug", "shared_goal", "status"])(
        {"title": "Partner", "slug": "partner", "shared_goal": "Work together", "status": "proposed"}
    )
    assert not form.is_valid()
    assert "used by another page" in form.errors["slug"][0]


def test_an_existing_deal_keeps_working():
    assert DealFactory(slug="partners-in-roby").full_clean() is None
