"""Nothing private leaves the database: no field in any published file (the 360Giving JSON, its CSV and
XLSX, the Transparency Code CSV) holds an email address, a contact's name, a bank detail or a withheld
postcode."""

import re

import pytest

from grants.models import Application, BankDetails
from grants.open_data.models import PublishingRun
from grants.open_data.services import open_data_publish
from grants.services.publication import grant_withhold, postcode_withhold
from tests.factories import OrganisationFactory, member_of, officer
from tests.open_data.support import coded_ward, every_text, published_grant, read_json

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
SORT_CODE = re.compile(r"\b\d{2}-\d{2}-\d{2}\b")


def _write_summary(grant, text):
    """Straight to the database, as data from before the summary's own check would be."""
    Application.objects.filter(pk=grant.pk).update(public_summary=text)


def test_no_file_holds_an_email_a_contact_name_a_bank_detail_or_a_withheld_postcode():
    refuge = OrganisationFactory(name="Safe Haven Refuge", postcode="L34 0AB", ward=coded_ward())
    contact = member_of(refuge, full_name="Bernadette Quigley", email="bernadette.quigley@example.org")
    grant = published_grant(organisation=refuge)
    postcode_withhold(refuge, reason="A refuge: its address must stay private", actor=officer())
    # A second group, whose summary (written before summaries refused them) names its contact by email:
    # the grant is left out, with the reason.
    chatty = OrganisationFactory(name="Stockbridge Allotments", ward=coded_ward())
    leaky = published_grant(organisation=chatty)
    _write_summary(leaky, "Allotment beds. Ask jo.bloggs@example.com to join.")

    run = open_data_publish(trigger=PublishingRun.Trigger.OFFICER)
    text = every_text(run)

    assert grant.reference in text  # the files are really there and hold the refuge's grant
    assert EMAIL.findall(text) == []
    assert contact.full_name not in text and contact.email not in text
    assert "L34 0AB" not in text and "L340AB" not in text
    assert SORT_CODE.findall(text) == []
    assert leaky.reference not in text
    assert run.left_out == [
        {
            "reference": leaky.reference,
            "title": leaky.title,
            "reason": "Its title, public summary or group name holds an email address: edit it to publish the grant.",
        }
    ]


def test_a_phone_number_in_a_summary_keeps_the_grant_out_until_it_is_edited():
    grant = published_grant()
    _write_summary(grant, "Ring 0151 443 3000 to book a place at the lunch club")
    run = open_data_publish(trigger=PublishingRun.Trigger.OFFICER)
    assert (run.grants_published, run.files) == (0, {})
    assert "phone number" in run.left_out[0]["reason"]
    _write_summary(grant, "Book a place at the lunch club")
    assert [
        g["description"] for g in read_json(open_data_publish(trigger=PublishingRun.Trigger.OFFICER))["grants"]
    ] == ["Book a place at the lunch club"]


def test_no_file_holds_the_groups_bank_details():
    grant = published_grant()  # accepted with bank details; these replace them
    BankDetails.objects.filter(application=grant, is_current=True).update(is_current=False)
    BankDetails.objects.create(
        application=grant,
        account_name="Halewood Allotments Trust",
        sort_code="40-47-84",
        account_number="70872490",
        given_by=grant.applicant,
    )
    text = every_text(open_data_publish(trigger=PublishingRun.Trigger.OFFICER))
    assert grant.reference in text
    assert "70872490" not in text and "40-47-84" not in text and "404784" not in text
    assert "Halewood Allotments Trust" not in text


def test_withholding_a_postcode_or_a_grant_remakes_the_files_at_once(django_capture_on_commit_callbacks):
    """The files are made again as soon as an officer keeps something back, not at the nightly run."""
    refuge = OrganisationFactory(name="Haven House", postcode="L34 0AB", ward=coded_ward())
    grant = published_grant(organisation=refuge)
    other = published_grant()  # so that the files still have a grant once the refuge's is withheld
    first = open_data_publish(trigger=PublishingRun.Trigger.OFFICER)
    assert "L34 0AB" in every_text(first)

    checker = officer()
    with django_capture_on_commit_callbacks(execute=True):
        postcode_withhold(refuge, reason="A refuge: its address must stay private", actor=checker)
    latest = PublishingRun.objects.latest_published()
    assert latest.pk != first.pk and latest.requested_by == checker
    assert "L34 0AB" not in every_text(latest) and grant.reference in every_text(latest)

    with django_capture_on_commit_callbacks(execute=True):
        grant_withhold(Application.objects.get(pk=grant.pk), reason="The group asked", actor=checker)
    text = every_text(PublishingRun.objects.latest_published())
    assert grant.reference not in text and other.reference in text
