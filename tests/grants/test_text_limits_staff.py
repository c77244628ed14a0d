"""Long text on the councillors', officers' and partners' pages (issue 20): a limit said in plain English,
what was typed kept on the page, nothing saved; GOV.UK's character count on the councillors' and partners'
pages (no browser maxlength to cut a paste short), and maxlength plus the same words in the officers' site."""

import re

import pytest
from django.urls import reverse

from deals import services as deals_services
from deals.models import Party, TargetUpdate
from grants.forms.officers import ActionForm, AssessmentForm, ConflictForm
from grants.models import Application, InterestDeclaration, Status
from grants.workflow import TRANSITIONS
from tests.deals.factories import CommitmentFactory, DealFactory, PartyFactory, TargetFactory
from tests.factories import officer
from tests.grants.councillor_factories import Ward

pytestmark = pytest.mark.django_db


def url(name, bid):
    return reverse(f"grants:{name}", args=[bid.pk])


def count_for(page: str, limit: int) -> bool:
    return bool(re.search(rf'data-module="govuk-character-count"\s+data-maxlength="{limit}"', page))


def test_a_councillors_reason_too_long_is_refused_in_words_and_kept(client):
    ward = Ward()
    bid = ward.bid()
    client.force_login(ward.councillors[0])
    page = client.get(url("councillor_decline", bid)).content.decode()
    assert count_for(page, 5000) and not re.search(r"\smaxlength=", page)
    typed = "Funded last year. " * 300  # 5,400 characters
    page = client.post(url("councillor_decline", bid), {"reason": typed}).content.decode()
    assert "The reason for declining must be 5,000 characters or fewer" in page
    assert typed.strip() in page
    assert Application.objects.get(pk=bid.pk).status == Status.AWAITING_DECISION


def test_a_councillors_interest_note_has_a_count_and_a_limit(client):
    ward = Ward()
    bid = ward.bid()
    client.force_login(ward.councillors[0])
    assert count_for(client.get(url("councillor_declare_interest", bid)).content.decode(), 2000)
    page = client.post(url("councillor_declare_interest", bid), {"kind": "other", "note": "x" * 2001}).content.decode()
    assert "Describe your interest in 2,000 characters or fewer" in page
    assert not InterestDeclaration.objects.exists()


def test_an_officers_record_of_a_decision_has_counts_and_limits(client):
    ward = Ward()
    bid = ward.bid()
    client.force_login(officer())
    page = client.get(url("councillor_record_decision", bid)).content.decode()
    assert count_for(page, 5000) and count_for(page, 2000)
    page = client.post(
        url("councillor_record_decision", bid),
        {"councillor": ward.councillors[0].councillor.pk, "decision": "decline", "reason": "No", "note": "y" * 2001},
    ).content.decode()
    assert "How the councillor gave their decision must be 2,000 characters or fewer" in page
    assert Application.objects.get(pk=bid.pk).status == Status.AWAITING_DECISION


@pytest.mark.parametrize(
    ("make", "name", "limit", "message"),
    [
        (lambda: ConflictForm, "details", 2000, "Describe your interest in 2,000 characters or fewer"),
        (lambda: AssessmentForm, "comments", 5000, "Assessment comments must be 5,000 characters or fewer"),
        (lambda: AssessmentForm, "eligibility_notes", 5000, "Notes on eligibility must be 5,000 characters or fewer"),
    ],
)
def test_the_officers_forms_in_admin_keep_maxlength_and_say_the_limit(make, name, limit, message):
    form_class = make()
    kwargs = {"criteria": []} if form_class is AssessmentForm else {}
    form = form_class({"has_conflict": "yes", name: "z" * (limit + 1)}, **kwargs)
    assert f'maxlength="{limit}"' in str(form[name])
    assert not form.is_valid()
    assert form.errors[name] == [message]


def test_an_officers_reason_for_a_decision_is_limited_in_words():
    form = ActionForm({"reason": "r" * 5001}, transition=next(t for t in TRANSITIONS if t.action == "decline"))
    assert not form.is_valid()
    assert form.errors["reason"] == ["Reason for the decision must be 5,000 characters or fewer"]


def test_a_partners_note_has_a_count_and_a_limit_and_nothing_is_saved(client, django_user_model):
    contact = django_user_model.objects.create_user(email="erin@employers.example.org", password="x" * 12)
    party = PartyFactory(deal=DealFactory(), kind=Party.Kind.BUSINESS)
    target = TargetFactory(commitment=CommitmentFactory(deal=party.deal, party=party), target_number=15)
    invitation = deals_services.partner_invite(party=party, name="Erin", email=contact.email, actor=officer())
    deals_services.partner_invitation_accept(token=invitation.token, user=contact)
    client.force_login(contact)
    page_url = reverse("deals:partner_commitment", args=[target.commitment.pk])
    assert count_for(client.get(page_url).content.decode(), 2000)
    data = {"target": target.pk, "achieved": "3", "date_0": "1", "date_1": "11", "date_2": "2026", "note": "n" * 2001}
    page = client.post(page_url, data).content.decode()
    assert "Note must be 2,000 characters or fewer" in page
    assert not TargetUpdate.objects.exists()
