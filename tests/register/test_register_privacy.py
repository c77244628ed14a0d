"""No personal data on any public page of the register (issue 15): no contact names, no emails, no
withheld postcode, nothing of a withheld grant."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from grants.models.applications import validate_no_contact_details
from grants.services import errors
from grants.services.publication import grant_withhold, postcode_withhold, public_summary_edit
from tests.factories import OrganisationFactory, WardFactory, member_of, officer

from .factories import published_grant

pytestmark = pytest.mark.django_db


def public_pages(grants, ward):
    return [
        reverse("grants:register"),
        reverse("grants:register") + f"?ward={ward.slug}",
        reverse("grants:ward", args=[ward.slug]),
        reverse("grants:ward_map"),
        reverse("grants:charts"),
        *(reverse("grants:grant", args=[grant.reference]) for grant in grants),
    ]


def test_no_contact_names_emails_or_withheld_postcode_on_any_page(client):
    ward = WardFactory(name="Roby", code="E05000876")
    refuge = OrganisationFactory(name="Safe Place", postcode="L34 1ZZ", ward=ward, charity_number="1187654")
    lead = member_of(refuge, full_name="Zelda Quigglesworth", email="zelda.q@example.org")
    grant = published_grant(organisation=refuge, applicant=lead, ward=ward, title="Counselling")
    hidden = published_grant(organisation=refuge, applicant=lead, ward=ward, title="Secret house project")
    staff = officer(full_name="Olive Officerton")
    postcode_withhold(refuge, reason="Quokka house is private", actor=staff)
    grant_withhold(hidden, reason="Shows where the refuge is", actor=staff)
    pages = public_pages([grant], ward)
    for address in pages:
        html = client.get(address).content.decode()
        for private in (
            "zelda",
            "Quigglesworth",
            "@",
            "L34 1ZZ",
            "L341ZZ",
            "Olive",
            "Secret house project",
            "Shows where the refuge is",
            "Quokka house is private",
        ):
            assert private.lower() not in html.lower(), (address, private)
    # What is public is there: the group, its charity number, the grant.
    html = client.get(reverse("grants:grant", args=[grant.reference])).content.decode()
    assert "Safe Place" in html and "1187654" in html and "Counselling" in html
    assert client.get(reverse("grants:grant", args=[hidden.reference])).status_code == 404


@pytest.mark.parametrize(
    "text",
    ["Write to jo.bloggs@example.org", "Ring 0151 443 4031", "Text 07700 900123", "Call +44 7700 900123"],
)
def test_a_public_summary_cannot_hold_contact_details(text):
    with pytest.raises(ValidationError):
        validate_no_contact_details(text)
    grant = published_grant()
    with pytest.raises(errors.MissingInput):
        public_summary_edit(grant, text=text, actor=officer())


def test_a_summary_with_numbers_that_are_not_phones_is_fine():
    validate_no_contact_details("We help 200 people in 2027 with £2,500 over 12 months near L36 9YU.")
