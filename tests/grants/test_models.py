from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from grants.models import Organisation
from tests.factories import OrganisationFactory, WardPotFactory, priorities_strand

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"org_type": Organisation.Type.REGISTERED_CHARITY, "charity_number": ""}, "charity_number"),
        ({"org_type": Organisation.Type.REGISTERED_CHARITY, "charity_number": "12AB"}, "charity_number"),
        ({"org_type": Organisation.Type.CIC, "company_number": ""}, "company_number"),
        ({"org_type": Organisation.Type.CLG, "company_number": "1234"}, "company_number"),
        ({"postcode": "NOT A POSTCODE"}, "postcode"),
    ],
)
def test_organisation_numbers_and_postcode_are_checked_for_format(fields, error_field):
    organisation = OrganisationFactory.build(ward=None, **fields)
    with pytest.raises(ValidationError) as caught:
        organisation.full_clean()
    assert error_field in caught.value.message_dict


def test_good_numbers_and_a_loosely_typed_postcode_are_accepted():
    organisation = OrganisationFactory.build(
        ward=None, org_type=Organisation.Type.CIC, company_number="sc123456", postcode="l369yu"
    )
    organisation.full_clean()
    assert (organisation.company_number, organisation.postcode) == ("SC123456", "L36 9YU")


def test_ward_pots_cannot_add_up_to_more_than_their_strand():
    strand = priorities_strand(budget=Decimal("10000.00"))
    WardPotFactory(strand=strand, budget=Decimal("6000.00"))
    second = WardPotFactory.build(
        strand=strand, ward=WardPotFactory(strand=strand, budget=0).ward, budget=Decimal("4000.01")
    )
    with pytest.raises(ValidationError, match="add up to"):
        second.clean()


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("14500"), "£14,500"), (Decimal("0.5"), "£0.50"), ("1234567.891", "£1,234,567.89"), (None, "")],
)
def test_amounts_show_in_pounds_with_commas_and_pence(value, shown):
    from grants.templatetags.money import pounds

    assert pounds(value) == shown
