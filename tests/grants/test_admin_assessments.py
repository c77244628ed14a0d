"""Assessing a bid: declarations of interest, the eligibility gate, weighted scores, who may write."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants import services
from grants.models import Assessment, ConflictDeclaration, Status
from tests.factories import application_at, officer, panel_member
from tests.grants.admin_factories import assessed, criteria_for

pytestmark = pytest.mark.django_db


def assess_url(application):
    return reverse("admin:grants_application_assess", args=[application.pk])


def test_the_weighted_total_uses_the_strands_weights():
    application = application_at(Status.IN_ASSESSMENT)
    need, outcomes, deliverability, value = criteria_for(application.strand)
    who = application.cast.officer
    services.conflict_declare(application=application, officer=who, has_conflict=False)
    assessment = services.assessment_save(
        application=application,
        assessor=who,
        scores={need.pk: (5, ""), outcomes.pk: (2, ""), deliverability.pk: (3, ""), value.pk: (0, "")},
        recommendation="",
    )
    # (5*3 + 2*2 + 3*2 + 0*1) / (5 * 8) = 25/40
    assert assessment.total_score == Decimal("62.50")


def test_no_total_until_every_criterion_is_scored():
    application = application_at(Status.IN_ASSESSMENT)
    need = criteria_for(application.strand)[0]
    who = application.cast.officer
    services.conflict_declare(application=application, officer=who, has_conflict=False)
    assessment = services.assessment_save(application=application, assessor=who, scores={need.pk: (5, "")})
    assert assessment.total_score is None


def test_an_officer_must_say_whether_they_have_an_interest_before_assessing():
    application = application_at(Status.IN_ASSESSMENT)
    with pytest.raises(services.ConflictOfInterest):
        services.assessment_save(application=application, assessor=application.cast.officer, scores={})
    assert not Assessment.objects.exists()


def test_an_officer_with_an_interest_cannot_assess_and_comes_off_the_bid(client):
    application = application_at(Status.IN_ASSESSMENT)
    who = application.cast.officer
    services.application_assign(application=application, officer=who, actor=who)
    client.force_login(who)
    page = client.post(
        assess_url(application), {"step": "conflict", "has_conflict": "yes", "details": "I am a trustee"}
    )
    assert page.status_code == 302
    declaration = ConflictDeclaration.objects.get(application=application, officer=who)
    assert declaration.has_conflict and declaration.details == "I am a trustee"
    application.refresh_from_db()
    assert application.assigned_officer is None
    assert "another officer must assess it" in client.get(assess_url(application)).content.decode()
    with pytest.raises(services.ConflictOfInterest):
        assessed(application, who)


def test_declaring_an_interest_needs_details(client):
    application = application_at(Status.IN_ASSESSMENT)
    client.force_login(application.cast.officer)
    page = client.post(assess_url(application), {"step": "conflict", "has_conflict": "yes", "details": ""})
    assert page.status_code == 200
    assert "Say what your interest is" in page.content.decode()
    assert page.content.decode().count("<title>Error: ") == 1
    assert not ConflictDeclaration.objects.exists()


def test_an_officer_assesses_through_the_page(client):
    application = application_at(Status.IN_ASSESSMENT)
    criteria = criteria_for(application.strand)
    who = application.cast.officer
    client.force_login(who)
    client.post(assess_url(application), {"step": "conflict", "has_conflict": "no"})
    form = {
        "governance": "pass",
        "finance": "pass",
        "safeguarding": "fail",
        "eligibility_notes": "No safeguarding policy",
        "comments": "Good idea",
        "recommended_amount": "4000.00",
        "recommendation": "not_recommended",
    }
    for criterion in criteria:
        form[f"score_{criterion.pk}"] = "5"
        form[f"comment_{criterion.pk}"] = f"{criterion.name} strong"
    page = client.post(assess_url(application), form)
    assert page.status_code == 302, page.content.decode()
    assessment = Assessment.objects.get(application=application)
    assert assessment.assessor == who
    assert assessment.total_score == Decimal("100.00")
    assert assessment.safeguarding == "fail" and not assessment.eligible
    assert assessment.recommended_amount == Decimal("4000.00")
    assert assessment.scores.count() == len(criteria)
    change_page = client.get(reverse("admin:grants_application_change", args=[application.pk])).content.decode()
    assert "100.00%" in change_page and "Need strong" in change_page


def test_a_recommended_amount_above_the_request_is_refused_and_the_input_kept(client):
    application = application_at(Status.IN_ASSESSMENT, amount="5000.00")
    client.force_login(application.cast.officer)
    client.post(assess_url(application), {"step": "conflict", "has_conflict": "no"})
    page = client.post(assess_url(application), {"recommended_amount": "9000.00", "comments": "Keep me"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "cannot be more than the £5,000 requested" in body
    assert "Keep me" in body
    assert not Assessment.objects.exists()


def test_a_panel_member_cannot_edit_an_assessment_they_did_not_write(client):
    application = application_at(Status.IN_ASSESSMENT)
    assessed(application, application.cast.officer, score=3)
    panel = application.cast.panel
    with pytest.raises(services.WorkflowError):
        services.assessment_save(application=application, assessor=panel, scores={}, comments="Changed by the panel")
    client.force_login(panel)
    page = client.post(assess_url(application), {"step": "conflict", "has_conflict": "no"})
    assert "Only an officer can declare an interest" in page.content.decode()
    page = client.post(assess_url(application), {"step": "conflict", "comments": "Changed by the panel"})
    assert Assessment.objects.get().comments == ""
    # Not even through the Assessment admin.
    url = reverse("admin:grants_assessment_change", args=[Assessment.objects.get().pk])
    client.post(url, {"comments": "Changed by the panel"})
    assert Assessment.objects.get().comments == ""


def test_another_officer_cannot_edit_the_assessment_either(client):
    application = application_at(Status.IN_ASSESSMENT)
    assessed(application, application.cast.officer, score=3)
    other = officer()
    services.conflict_declare(application=application, officer=other, has_conflict=False)
    with pytest.raises(services.ActionForbidden):
        services.assessment_save(application=application, assessor=other, scores={}, comments="Mine now")
    client.force_login(other)
    body = client.get(assess_url(application)).content.decode()
    assert "Only they can change the assessment" in body


def test_a_panel_member_can_read_assessments():
    application = application_at(Status.IN_ASSESSMENT)
    assessed(application, application.cast.officer)
    from django.test import Client

    client = Client()
    client.force_login(panel_member())
    page = client.get(reverse("admin:grants_application_change", args=[application.pk]))
    assert page.status_code == 200 and "Weighted total" in page.content.decode()
