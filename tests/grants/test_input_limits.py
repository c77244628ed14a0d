"""Input that used to slip through (issue 20): each is refused with a clear message, the page keeps what
was typed, and nothing already saved is lost."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from grants import services
from grants.models import Application, BudgetLine
from tests.factories import StrandFactory, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(client):
    application = draft(strand=StrandFactory(maximum_duration_months=24))
    client.force_login(application.applicant)
    return application


def post_project(client, application, **answers):
    data = {
        "title": application.title,
        "summary": application.summary,
        "start_date_0": "1",
        "start_date_1": "4",
        "start_date_2": "2027",
        "end_date_0": "31",
        "end_date_1": "3",
        "end_date_2": "2028",
        "save": "later",
        **answers,
    }
    return client.post(reverse("grants:section_project", args=[application.pk]), data)


def test_a_100000_character_summary_is_refused_and_what_was_typed_is_kept(client, application):
    typed = "Planting trees. " * 6250  # 100,000 characters
    response = post_project(client, application, summary=typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Describe your project must be 2,000 characters or fewer" in page
    assert typed in page  # kept on the page to shorten, not lost
    application.refresh_from_db()
    assert application.summary == "Planting and litter picks"


def test_long_answers_show_the_govuk_character_count(client, application):
    page = client.get(reverse("grants:section_project", args=[application.pk])).content.decode()
    assert re.search(r'data-module="govuk-character-count"\s+data-maxlength="2000"', page)
    outcomes = client.get(reverse("grants:section_outcomes", args=[application.pk])).content.decode()
    assert 'data-maxlength="5000"' in outcomes


def test_a_300_character_project_name_is_refused_with_a_message_not_cut_by_the_browser(client, application):
    response = post_project(client, application, title="A" * 300)
    page = response.content.decode()
    assert "Project name must be 200 characters or fewer" in page
    assert not re.search(r'<input[^>]*name="title"[^>]*maxlength', page)
    application.refresh_from_db()
    assert application.title == "Greening the park"


def test_an_impossible_number_of_people_is_refused(client, application):
    response = client.post(
        reverse("grants:section_outcomes", args=[application.pk]),
        {"outcomes": "x", "beneficiaries_count": "99999999999", "beneficiaries_description": "y", "save": "later"},
    )
    assert response.status_code == 200
    assert "Enter a number of people up to 1,000,000" in response.content.decode()
    application.refresh_from_db()
    assert application.beneficiaries_count == 200


def test_a_million_people_is_still_accepted(client, application):
    response = client.post(
        reverse("grants:section_outcomes", args=[application.pk]),
        {"outcomes": "x", "beneficiaries_count": "1,000,000".replace(",", ""), "beneficiaries_description": "y"}
        | {"save": "later"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.beneficiaries_count == 1_000_000


def test_a_budget_line_after_the_project_ends_is_refused(client, application):
    Application.objects.filter(pk=application.pk).update(start_date=dt.date(2027, 4, 1), end_date=dt.date(2028, 3, 31))
    add = reverse("grants:budget_line_add", args=[application.pk])
    page = client.get(add).content.decode()
    assert "April 2027 to March 2028" in page and "April 2028 to March 2029" not in page
    response = client.post(add, {"item": "Tools", "cost": "100", "cost_type": "project", "financial_year": 2028})
    assert response.status_code == 200
    assert "Select a financial year when your project runs" in response.content.decode()
    assert not application.budget_lines.filter(item="Tools").exists()
    assert (
        client.post(add, {"item": "Tools", "cost": "100", "cost_type": "project", "financial_year": 2027}).status_code
        == 302
    )


def test_the_form_says_why_a_year_outside_the_dates_is_refused():
    from grants.forms.applicant import BudgetLineForm

    application = draft()
    Application.objects.filter(pk=application.pk).update(start_date=dt.date(2027, 4, 1), end_date=dt.date(2028, 3, 31))
    application.refresh_from_db()
    form = BudgetLineForm(
        {"item": "Tools", "cost": "100", "cost_type": "project", "financial_year": "2028"},
        instance=BudgetLine(application=application),
        years=[2027, 2028],
    )
    assert not form.is_valid()
    assert form.errors["financial_year"] == [
        "Your project ends in March 2028, so its budget cannot include April 2028 to March 2029"
    ]


def test_sending_is_refused_when_the_end_date_moved_before_a_budget_line(application):
    assert services.submission_problems(application) == []
    BudgetLine.objects.filter(application=application).update(financial_year=2028)
    problems = services.submission_problems(application)
    assert "your project ends in June 2027, so its budget cannot include April 2028 to March 2029" in problems


def test_check_your_answers_on_a_new_draft_says_not_answered_yet(client):
    from tests.grants.test_applicant_task_list import bare_draft

    application = bare_draft()
    client.force_login(application.applicant)
    page = client.get(reverse("grants:check", args=[application.pk])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert text.count("Not answered yet") >= 4  # summary, dates, amount, outcomes, people
    assert " to " not in re.search(r"Dates (.*?) Change", text).group(1)
    assert "£ " not in text and " : " not in text
