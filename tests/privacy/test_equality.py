"""Optional equality monitoring: asked after sending, stored apart with consent, never shown to anyone who
assesses or decides, and reported only as totals with small counts hidden."""

import io
import zipfile

import pytest
from django.urls import reverse

from grants.models import Status
from kbt.privacy.models import EqualityResponse
from kbt.privacy.selectors import equality_totals, shown_count
from tests.factories import application_at, priorities_strand

pytestmark = pytest.mark.django_db

ANSWERS = {
    "serves_age": "65_over",
    "serves_ethnicity": "other",
    "serves_ethnicity_other": "Zanzibari lighthouse keepers",
    "serves_disabled": "yes",
    "led_by_ethnicity": "other",
    "led_by_ethnicity_other": "Quillfeather descendants",
    "led_by_disabled": "prefer_not",
    "led_by_sex": "mixed",
}
# Strings only the answers (or the questions' own page) could put on a page.
DISTINCTIVE = [
    "Zanzibari lighthouse keepers",
    "Quillfeather descendants",
    "Mainly older people (65 and over)",
    "About the same number of women and men",
    "mainly serve disabled people",
    "Prefer not to say",
]


def _answer(client, application, **overrides):
    client.force_login(application.applicant)
    return client.post(reverse("privacy:equality", args=[application.pk]), {**ANSWERS, "consent": "on", **overrides})


def test_the_group_is_offered_the_questions_after_sending_and_answers_with_consent(client):
    application = application_at(Status.SUBMITTED)
    client.force_login(application.applicant)
    assert (
        reverse("privacy:equality", args=[application.pk])
        in client.get(reverse("grants:sent", args=[application.pk])).content.decode()
    )
    assert (
        reverse("privacy:equality", args=[application.pk]) in client.get(reverse("grants:dashboard")).content.decode()
    )

    page = client.get(reverse("privacy:equality", args=[application.pk])).content.decode()
    assert page.count("Prefer not to say") == 6  # on every question

    refused = _answer(client, application, consent="")
    assert refused.status_code == 200 and "Tick the box to agree" in refused.content.decode()
    assert not EqualityResponse.objects.exists()

    assert _answer(client, application).status_code == 302
    response = EqualityResponse.objects.get(application=application)
    assert response.consent and response.consented_at and response.answered_by == application.applicant
    assert response.serves_ethnicity_other == "Zanzibari lighthouse keepers"


def test_the_group_can_withdraw_consent_and_the_answers_are_deleted(client):
    application = application_at(Status.SUBMITTED)
    _answer(client, application)
    page = client.get(reverse("privacy:equality", args=[application.pk])).content.decode()
    assert "Delete your answers" in page and 'value="65_over"' in page
    stranger = application_at(Status.SUBMITTED).applicant
    client.force_login(stranger)
    assert client.post(reverse("privacy:equality_withdraw", args=[application.pk])).status_code == 404
    assert EqualityResponse.objects.filter(application=application).exists()
    client.force_login(application.applicant)
    assert client.post(reverse("privacy:equality_withdraw", args=[application.pk])).status_code == 302
    assert not EqualityResponse.objects.filter(application=application).exists()


def test_no_questions_for_a_draft_or_someone_elses_application(client):
    mine = application_at(Status.DRAFT)
    theirs = application_at(Status.SUBMITTED)
    client.force_login(mine.applicant)
    assert client.get(reverse("privacy:equality", args=[mine.pk])).status_code == 404
    assert client.get(reverse("privacy:equality", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("privacy:equality", args=[theirs.pk]), {**ANSWERS, "consent": "on"}).status_code == 404
    assert not EqualityResponse.objects.filter(application=theirs).exists()


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            return "\n".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _officer_pages(application) -> list[str]:
    pk = application.pk
    pages = [
        reverse("admin:index"),
        reverse("admin:grants_application_changelist"),
        reverse("admin:grants_application_changelist") + f"?q={application.reference}",
        reverse("admin:grants_application_change", args=[pk]),
        reverse("admin:grants_application_history", args=[pk]),
        reverse("admin:grants_application_print", args=[pk]),
        reverse("admin:grants_application_assess", args=[pk]),
        reverse("admin:grants_application_export", args=["csv"]),
        reverse("admin:grants_application_export", args=["xlsx"]),
        reverse("admin:grants_statuschange_changelist"),
        reverse("admin:grants_document_changelist"),
        reverse("admin:grants_organisation_change", args=[application.organisation_id]),
    ]
    for action in ("recommend", "not_recommend", "approve", "decline", "request_info"):
        pages.append(reverse("admin:grants_application_act", args=[pk, action]))
    return pages


@pytest.mark.parametrize("strand", ["environmental", "priorities"])
def test_the_answers_never_appear_to_assessors_the_panel_or_councillors(client, strand):
    kwargs = {"strand": priorities_strand()} if strand == "priorities" else {}
    application = application_at(Status.AWAITING_DECISION, **kwargs)
    _answer(client, application)
    assert EqualityResponse.objects.filter(application=application).exists()
    cast = application.cast
    walks = [(cast.officer, _officer_pages(application)), (cast.panel, _officer_pages(application))]
    walks.append(
        (
            cast.councillor,
            [
                reverse("grants:councillor_bids"),
                reverse("grants:councillor_bid", args=[application.pk]),
                reverse("grants:councillor_approve", args=[application.pk]),
                reverse("grants:councillor_decline", args=[application.pk]),
                reverse("grants:councillor_declare_interest", args=[application.pk]),
                "/",
            ],
        )
    )
    seen = 0
    for user, urls in walks:
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                continue
            seen += 1
            text = _text(response)
            for distinctive in DISTINCTIVE:
                assert distinctive not in text, f"{distinctive!r} shown to {user} at {url}"
    assert seen >= 20  # the walk really opened the pages


def test_the_report_shows_only_totals_with_small_counts_hidden(client):
    applications = [application_at(Status.SUBMITTED) for _ in range(6)]
    for application in applications:
        _answer(client, application)
    _answer(client, applications[0], serves_age="all_ages")

    tables = {(t.question, t.by): t for t in equality_totals()}
    ages = tables[("Ages served", "Year sent")]
    assert ages.answers[2] == "Mainly older people (65 and over)"
    [(year, counts)] = ages.rows
    assert counts[2] == "5" and counts[3] == "fewer than 5" and counts[0] == "fewer than 5"
    assert shown_count(4) == "fewer than 5" and shown_count(5) == "5"

    client.force_login(applications[0].cast.officer)
    html = client.get(reverse("admin:privacy_equalityresponse_changelist")).content.decode()
    assert "fewer than 5" in html and "Ages served" in html
    assert "Zanzibari lighthouse keepers" not in html
    for application in applications:
        assert application.reference not in html and application.organisation.name not in html
    # No page of one group's answers.
    one = EqualityResponse.objects.first()
    assert client.get(f"/admin/privacy/equalityresponse/{one.pk}/change/").status_code == 404


def test_the_panel_cannot_open_the_report(client):
    application = application_at(Status.SUBMITTED)
    client.force_login(application.cast.panel)
    assert client.get(reverse("admin:privacy_equalityresponse_changelist")).status_code == 403
