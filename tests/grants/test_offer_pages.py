"""The grant offer's pages: the group's offer page, accepting, declining and changing bank details;
the organisation's signatories; the officers' offer page. Someone else's offer answers 404; bad input
is a clear error on the page, never a 500; the pages make a fixed number of queries."""

import datetime as dt
import time

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from grants.models import BankDetails, Membership, Offer, Status
from grants.services.offer_rules import DECLARATIONS
from kbt.audit.models import AuditEntry
from tests.factories import application_at, member_of, officer

pytestmark = pytest.mark.django_db


def url(name, application):
    return reverse(f"grants:{name}", args=[application.pk])


def accept_data(application, **changes):
    data = {
        "full_name": "Sam Signer",
        "position": "Chair",
        "declarations": [key for key, _ in DECLARATIONS],
        "account_name": application.organisation.name,
        "sort_code": "30-94-30",
        "account_number": "12345678",
        "roll_number": "",
        "name_mismatch_reason": "",
    }
    return {**data, **changes}


@pytest.mark.parametrize("name", ["offer", "offer_pdf", "offer_accept", "offer_decline", "bank_details_change"])
def test_anyone_outside_the_group_gets_404(client, name):
    application = application_at(Status.OFFER_ISSUED)
    for person in (application.cast.stranger, application.cast.officer, application.cast.councillor):
        client.force_login(person)
        assert client.get(url(name, application)).status_code == 404


def test_no_offer_page_before_the_offer_is_issued(client):
    application = application_at(Status.APPROVED)
    client.force_login(application.applicant)
    assert client.get(url("offer", application)).status_code == 404


def test_the_offer_page_shows_the_award_terms_schedules_and_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    application = application_at(Status.OFFER_ISSUED, amount="4500.00")
    Offer.objects.filter(application=application).update(special_conditions="Send us photos")
    client.force_login(application.applicant)
    with django_assert_max_num_queries(14):
        body = client.get(url("offer", application)).content.decode()
    offer = Offer.objects.get(application=application)
    assert "£4,500" in body and application.title in body
    assert f"accept it by <strong>{offer.expires_on:%-d %B %Y}</strong>" in body
    assert "Send us photos" in body and "Using the grant" in body
    assert "When the money is paid" in body and "When reports are due" in body
    assert "Accept the grant offer" in body and "govuk-!-display-none-print" in body


def test_the_dashboard_says_when_to_accept_by(client):
    application = application_at(Status.OFFER_ISSUED)
    offer = Offer.objects.get(application=application)
    client.force_login(application.applicant)
    body = client.get(reverse("grants:dashboard")).content.decode()
    assert f"Your grant offer is ready: accept it by {offer.expires_on:%-d %B %Y}" in body


def test_the_offer_letter_downloads_as_a_pdf(client):
    application = application_at(Status.OFFER_ISSUED)
    client.force_login(application.applicant)
    response = client.get(url("offer_pdf", application))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_a_signatory_accepts_through_the_form_and_the_signed_pdf_is_downloadable(client):
    application = application_at(Status.OFFER_ISSUED)
    client.force_login(application.applicant)
    response = client.post(url("offer_accept", application), accept_data(application))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.GRANT_ACTIVE
    body = client.get(url("offer", application)).content.decode()
    assert "Sam Signer (Chair) accepted this offer" in body
    assert "****5678" in body and "12345678" not in body
    pdf = client.get(url("offer_pdf", application))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "signed" in pdf["Content-Disposition"]


def test_bad_bank_details_are_errors_on_the_page_and_nothing_is_lost(client):
    application = application_at(Status.OFFER_ISSUED)
    client.force_login(application.applicant)
    response = client.post(
        url("offer_accept", application),
        accept_data(application, sort_code="12", account_name="Someone else", declarations=[DECLARATIONS[0][0]]),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "Enter a valid sort code like 309430" in body
    assert "Tick each declaration to accept the offer" in body
    assert 'value="Sam Signer"' in body
    application.refresh_from_db()
    assert application.status == Status.OFFER_ISSUED and not BankDetails.objects.exists()


def test_a_name_mismatch_asks_why_on_the_page(client):
    application = application_at(Status.OFFER_ISSUED)
    client.force_login(application.applicant)
    response = client.post(url("offer_accept", application), accept_data(application, account_name="J Smith"))
    assert response.status_code == 200
    assert "say why" in response.content.decode()


def test_a_member_who_cannot_sign_is_told_who_can(client):
    application = application_at(Status.OFFER_ISSUED)
    member = member_of(application.organisation, can_sign=False)
    client.force_login(member)
    body = client.get(url("offer", application)).content.decode()
    assert "Only someone your organisation has marked as able to sign" in body
    response = client.post(url("offer_accept", application), accept_data(application))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.OFFER_ISSUED


def test_declining_through_the_page(client):
    application = application_at(Status.OFFER_ISSUED)
    client.force_login(application.applicant)
    assert "Enter why you are declining" in client.post(url("offer_decline", application), {}).content.decode()
    assert client.post(url("offer_decline", application), {"reason": "Project cancelled"}).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.OFFER_DECLINED


def test_changing_bank_details_through_the_page(client):
    application = application_at(Status.GRANT_ACTIVE)
    client.force_login(application.applicant)
    data = {"account_name": application.organisation.name, "sort_code": "404784", "account_number": "87654321"}
    assert client.post(url("bank_details_change", application), data).status_code == 302
    assert BankDetails.objects.get(application=application, is_current=True).needs_confirmation
    body = client.get(url("offer", application)).content.decode()
    assert "An officer will phone your organisation" in body


def test_members_choose_signatories_and_always_keep_one(client):
    application = application_at(Status.OFFER_ISSUED)
    organisation = application.organisation
    lead = Membership.objects.get(organisation=organisation, user=application.applicant)
    other = member_of(organisation, can_sign=False)
    page = reverse("grants:organisation_detail", args=[organisation.pk])
    signatory = reverse("grants:membership_signatory", args=[organisation.pk, lead.pk])
    client.force_login(other)
    client.post(signatory, {"can_sign": "no"})
    assert Membership.objects.get(pk=lead.pk).can_sign  # the only signatory stays
    assert "must always have someone who can sign" in client.get(page).content.decode()
    other_membership = Membership.objects.get(user=other)
    other_signatory = reverse("grants:membership_signatory", args=[organisation.pk, other_membership.pk])
    client.post(other_signatory, {"can_sign": "yes"})
    client.post(signatory, {"can_sign": "no"})
    assert list(Membership.objects.filter(organisation=organisation, can_sign=True)) == [other_membership]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ROLE_CHANGED, subject_user=other).exists()
    client.force_login(application.cast.stranger)
    assert client.post(signatory, {"can_sign": "yes"}).status_code == 404


# The officers' offer page


def admin_offer(application):
    return reverse("admin:grants_application_offer", args=[application.pk])


def test_an_officer_reviews_and_issues_the_offer_in_admin(client):
    application = application_at(Status.APPROVED)
    client.force_login(application.cast.officer)
    body = client.get(admin_offer(application)).content.decode()
    assert "Review the offer before you issue it" in body
    date = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    client.post(
        admin_offer(application),
        {"step": "save", "special_conditions": "Photos", "payment_summary": "One payment", "reporting_summary": "One",
         "expires_on": date},
    )  # fmt: skip
    client.post(admin_offer(application), {"step": "issue"})
    application.refresh_from_db()
    offer = Offer.objects.get(application=application)
    assert application.status == Status.OFFER_ISSUED
    assert (offer.special_conditions, offer.expires_on.isoformat()) == ("Photos", date)


def test_the_issue_button_on_the_application_page_leads_to_the_offer_page(client):
    application = application_at(Status.APPROVED)
    client.force_login(application.cast.officer)
    response = client.get(reverse("admin:grants_application_act", args=[application.pk, "issue_offer"]))
    assert response.status_code == 302 and response["Location"] == admin_offer(application)


def test_a_bad_variation_is_an_error_on_the_page(client):
    application = application_at(Status.OFFER_ISSUED)
    client.force_login(application.cast.officer)
    response = client.post(
        admin_offer(application),
        {"step": "vary", "reason": "", "payment_summary": "x", "reporting_summary": "y", "expires_on": "2001-01-01"},
    )
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert Offer.objects.filter(application=application).count() == 1


def test_the_officers_page_shows_bank_details_masked_and_audits_the_look(client, django_assert_max_num_queries):
    application = application_at(Status.GRANT_ACTIVE)
    client.force_login(application.cast.officer)
    with django_assert_max_num_queries(40):
        body = client.get(admin_offer(application)).content.decode()
    assert "****5678" in body and "12345678" not in body
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEWED, actor=application.cast.officer).count() == 1


def test_an_officer_without_the_permission_sees_no_bank_details_and_nothing_is_audited(client):
    application = application_at(Status.GRANT_ACTIVE)
    other = officer()
    other.groups.first().permissions.remove(Permission.objects.get(codename="see_bank_details"))
    client.force_login(other)
    body = client.get(admin_offer(application)).content.decode()
    assert "****5678" not in body and "You do not have permission to see bank details" in body
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEWED).exists()


def test_an_officer_records_the_phone_check_in_admin(client):
    application = application_at(Status.GRANT_ACTIVE)
    client.force_login(application.applicant)
    data = {"account_name": application.organisation.name, "sort_code": "404784", "account_number": "87654321"}
    client.post(url("bank_details_change", application), data)
    client.force_login(application.cast.officer)
    response = client.post(admin_offer(application), {"step": "confirm", "confirmed_with": "", "confirmed_phone": ""})
    assert response.status_code == 200
    confirm = {"step": "confirm", "confirmed_with": "Pat", "confirmed_phone": "0151 489 6000"}
    client.post(admin_offer(application), confirm)
    details = BankDetails.objects.get(application=application, is_current=True)
    assert not details.needs_confirmation and details.confirmed_by == application.cast.officer


def test_officers_find_grants_waiting_for_a_phone_check(client):
    waiting = application_at(Status.GRANT_ACTIVE, title="Waiting for a check")
    application_at(Status.GRANT_ACTIVE, title="Nothing to check")
    client.force_login(waiting.applicant)
    data = {"account_name": waiting.organisation.name, "sort_code": "404784", "account_number": "87654321"}
    client.post(url("bank_details_change", waiting), data)
    client.force_login(waiting.cast.officer)
    body = client.get(reverse("admin:grants_application_changelist") + "?bank=check").content.decode()
    assert "Waiting for a check" in body and "Nothing to check" not in body


def test_an_administrator_cannot_remove_the_last_signatory_in_admin(client):
    from tests.factories import administrator

    application = application_at(Status.SUBMITTED)
    organisation = application.organisation
    lead = Membership.objects.get(organisation=organisation)
    admin_user = administrator()
    client.force_login(admin_user)
    session = client.session
    session["kbt_reauth_at"] = time.time()  # a recent sign-in, as the role pages ask
    session.save()
    data = {
        "name": organisation.name, "org_type": organisation.org_type, "address_line_1": organisation.address_line_1,
        "town": organisation.town, "postcode": organisation.postcode, "annual_income": organisation.annual_income,
        "date_established": organisation.date_established.isoformat(),
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": lead.pk, "memberships-0-organisation": organisation.pk,
        "memberships-0-user": lead.user_id, "memberships-0-role": lead.role,  # can_sign unticked
    }  # fmt: skip
    response = client.post(reverse("admin:grants_organisation_change", args=[organisation.pk]), data)
    assert "Keep at least one member who can sign for the organisation." in response.content.decode()
    assert Membership.objects.get(pk=lead.pk).can_sign
    data["memberships-0-can_sign"] = "on"
    response = client.post(reverse("admin:grants_organisation_change", args=[organisation.pk]), data)
    assert response.status_code == 302
