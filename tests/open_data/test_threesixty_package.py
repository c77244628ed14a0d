"""The 360Giving JSON package: valid against the 1.4.3 package schema (resolved locally), with the fields
360Giving's Data Quality Tool looks for."""

import pytest

from grants.open_data.models import PublishingRun
from grants.open_data.services import open_data_publish
from grants.open_data.validation import package_validator
from grants.services.publication import postcode_withhold
from tests.factories import officer
from tests.open_data.support import a_group_of_each_kind, published_grant, read_json

pytestmark = pytest.mark.django_db


def test_the_package_has_no_schema_errors(settings):
    settings.SITE_URL = "https://grants.knowsley.gov.uk"
    a_group_of_each_kind()
    run = open_data_publish(trigger=PublishingRun.Trigger.OFFICER)
    assert run.status == PublishingRun.Status.SUCCEEDED, run.error
    package = read_json(run)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in package_validator().iter_errors(package)]
    assert errors == []
    assert len(package["grants"]) == 5
    assert run.grants_published == 5 and run.left_out == []


def test_a_grant_carries_the_fields_the_quality_tool_looks_for(settings):
    settings.SITE_URL = "https://grants.knowsley.gov.uk"
    settings.OPEN_DATA_360G_PREFIX = "360G-knowsley"
    grant = published_grant(priorities=True, public_summary="Lunch clubs for older people in Huyton")
    package = read_json(open_data_publish(trigger=PublishingRun.Trigger.OFFICER))
    (record,) = package["grants"]
    assert record["id"] == f"360G-knowsley-{grant.reference}"
    assert record["description"] == "Lunch clubs for older people in Huyton"
    assert record["description"] != record["title"]
    assert record["fundingOrganization"] == [{"id": "GB-LAE-KWL", "name": "Knowsley Metropolitan Borough Council"}]
    assert record["dataSource"] == f"https://grants.knowsley.gov.uk/grants/{grant.reference}/"
    assert record["amountAwarded"] == 5000
    assert "amountDisbursed" not in record  # nothing paid yet
    assert record["plannedDates"] == [
        {"startDate": "2027-01-01T00:00:00+00:00", "endDate": "2027-06-30T00:00:00+00:00", "duration": 6}
    ]
    assert record["grantProgramme"][0]["title"].startswith("Council priorities: ")
    assert {"vocabulary": "Knowsley Council priorities", "code": "P4", "title": "Creating a sustainable borough"} in (
        record["classifications"]
    )
    assert record["dateModified"] and record["awardDate"]
    assert package["license"] == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    assert package["publisher"]["identifier"] == "GB-LAE-KWL"
    assert package["downloadURL"] == "https://grants.knowsley.gov.uk/open-data/360giving.json"


def test_the_ward_is_named_by_its_official_code_for_beneficiaries_and_recipient():
    grant = published_grant()
    (record,) = read_json(open_data_publish(trigger=PublishingRun.Trigger.OFFICER))["grants"]
    where = {"name": "Halewood North", "geoCode": "E05000866", "geoCodeType": "WD", "countryCode": "GB"}
    assert record["beneficiaryLocation"] == [where]
    assert record["recipientOrganization"][0]["location"] == [where]
    assert record["recipientOrganization"][0]["postalCode"] == grant.organisation.postcode


def test_registered_numbers_become_org_ids_and_their_own_fields(settings):
    settings.OPEN_DATA_360G_PREFIX = "360G-knowsley"
    grants = a_group_of_each_kind()
    records = {
        r["recipientOrganization"][0]["name"]: r["recipientOrganization"][0]
        for r in read_json(open_data_publish(trigger=PublishingRun.Trigger.OFFICER))["grants"]
    }
    charity, company, society, linked, unregistered = (records[g.organisation.name] for g in grants)
    assert (charity["id"], charity["charityNumber"]) == ("GB-CHC-1123456", "1123456")
    assert (company["id"], company["companyNumber"]) == ("GB-COH-09876543", "09876543")
    assert society["id"] == "GB-MPR-31245R"
    assert (linked["id"], linked["charityNumber"]) == ("GB-CHC-1098765", "1098765")
    assert unregistered["id"] == f"360G-knowsley-org-{grants[4].organisation.pk}"
    assert "charityNumber" not in unregistered and "companyNumber" not in unregistered


def test_a_withheld_postcode_is_left_out_but_the_ward_stays():
    grant = published_grant()
    postcode_withhold(grant.organisation, reason="A refuge: its address must stay private", actor=officer())
    run = open_data_publish(trigger=PublishingRun.Trigger.OFFICER)
    (record,) = read_json(run)["grants"]
    assert "postalCode" not in record["recipientOrganization"][0]
    assert record["recipientOrganization"][0]["location"][0]["geoCode"] == "E05000866"
    assert run.postcodes_withheld == 1
