"""The application as a task list, saved over several visits, with the budget's rules on the page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import BudgetLine, Document
from tests.factories import PriorityFactory, RoundFactory, StrandFactory, draft, priorities_strand
from tests.grants.applicant_factories import upload, with_documents

pytestmark = pytest.mark.django_db


def bare_draft(strand=None):
    """A draft as the eligibility check leaves it: a name and a ward or priorities, nothing else."""
    strand = strand or StrandFactory()
    application = draft(strand=strand, documents=False, beneficiaries_description="", works_with_people_at_risk=None)
    application.budget_lines.all().delete()
    for field in ("summary", "amount_requested", "start_date", "end_date", "outcomes", "beneficiaries_count"):
        setattr(application, field, None if field not in ("summary", "outcomes") else "")
    application.save()
    return application


def statuses(client, application):
    response = client.get(reverse("grants:application", args=[application.pk]))
    return {task["key"]: task["status"] for task in response.context["tasks"]}


def test_sections_start_not_started_and_become_in_progress_then_completed(client):
    application = bare_draft()
    client.force_login(application.applicant)
    assert statuses(client, application) == {
        "group": "Completed",
        "project": "Not yet started",
        "where": "Completed",
        "budget": "Not yet started",
        "outcomes": "Not yet started",
        "documents": "Not yet started",
    }
    url = reverse("grants:section_project", args=[application.pk])
    response = client.post(url, {"title": "Greening", "summary": "Planting", "save": "later"})
    assert response["Location"] == reverse("grants:saved", args=[application.pk])
    assert statuses(client, application)["project"] == "In progress"
    response = client.post(
        url,
        {
            "title": "Greening",
            "summary": "Planting",
            "start_date_0": "1",
            "start_date_1": "4",
            "start_date_2": "2027",
            "end_date_0": "31",
            "end_date_1": "3",
            "end_date_2": "2028",
            "save": "continue",
        },
    )
    assert response["Location"] == reverse("grants:section_where", args=[application.pk])
    assert statuses(client, application)["project"] == "Completed"


def test_save_and_continue_asks_for_everything_but_come_back_later_does_not(client):
    application = bare_draft()
    client.force_login(application.applicant)
    url = reverse("grants:section_outcomes", args=[application.pk])
    response = client.post(url, {"outcomes": "Cleaner streets", "beneficiaries_count": "", "save": "continue"})
    page = response.content.decode()
    assert response.status_code == 200 and "Error: Outcomes" in page
    assert "Say how many people will benefit" in page and "Cleaner streets" in page
    application.refresh_from_db()
    assert application.outcomes == ""  # nothing saved from a refused page
    response = client.post(url, {"outcomes": "Cleaner streets", "beneficiaries_count": "", "save": "later"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.outcomes == "Cleaner streets"


def test_a_bad_number_keeps_what_was_typed_even_on_come_back_later(client):
    application = bare_draft()
    client.force_login(application.applicant)
    url = reverse("grants:section_outcomes", args=[application.pk])
    response = client.post(url, {"outcomes": "Fun", "beneficiaries_count": "forty", "save": "later"})
    page = response.content.decode()
    assert "Enter the number of people as a whole number" in page and 'value="forty"' in page


def test_project_dates_must_fit_the_strands_maximum_duration(client):
    application = bare_draft()  # the environmental strand allows 12 months
    client.force_login(application.applicant)
    response = client.post(
        reverse("grants:section_project", args=[application.pk]),
        {
            "title": "Long",
            "summary": "S",
            "start_date_0": "1",
            "start_date_1": "4",
            "start_date_2": "2027",
            "end_date_0": "1",
            "end_date_1": "6",
            "end_date_2": "2028",
            "save": "later",
        },
    )
    assert "Your project can last at most 12 months" in response.content.decode()
    response = client.post(
        reverse("grants:section_project", args=[application.pk]),
        {"title": "Long", "start_date_0": "31", "start_date_1": "2", "start_date_2": "2027", "save": "later"},
    )
    assert "Enter a real date" in response.content.decode() or "valid date" in response.content.decode()


def test_budget_lines_are_added_changed_and_removed_with_a_running_total(client):
    application = bare_draft()
    client.force_login(application.applicant)
    add = reverse("grants:budget_line_add", args=[application.pk])
    year = services.add_months(timezone.localdate(), 0).year
    fy = year if timezone.localdate().month >= 4 else year - 1
    for item, cost in (("Plants", "£1,200.50"), ("Tools", "299.50")):
        response = client.post(add, {"item": item, "cost": cost, "cost_type": "project", "financial_year": fy})
        assert response.status_code == 302, response.content.decode()
    page = client.get(reverse("grants:section_budget", args=[application.pk]))
    assert page.context["total"] == Decimal("1500.00") and "£1,500" in page.content.decode()
    line = BudgetLine.objects.get(item="Tools")
    client.post(
        reverse("grants:budget_line_change", args=[application.pk, line.pk]),
        {"item": "Tools", "cost": "499.50", "cost_type": "project", "financial_year": fy},
    )
    assert services.budget_totals(application)[0] == Decimal("1700.00")
    client.post(reverse("grants:budget_line_remove", args=[application.pk, line.pk]))
    assert list(application.budget_lines.values_list("item", flat=True)) == ["Plants"]


def test_a_bad_budget_line_is_refused_with_what_was_typed_kept(client):
    application = bare_draft()
    client.force_login(application.applicant)
    response = client.post(
        reverse("grants:budget_line_add", args=[application.pk]),
        {"item": "Plants", "cost": "lots", "cost_type": "project"},
    )
    page = response.content.decode()
    assert "Enter an amount in pounds" in page and "Select the financial year" in page and 'value="Plants"' in page
    assert not application.budget_lines.exists()


@pytest.mark.parametrize(
    "amount, lines, message",
    [
        ("100", [("project", "100")], "The amount must be between £500 and £10,000"),
        ("5000", [("project", "4000")], "Your budget adds up to £4,000 but you asked for £5,000"),
        ("5000", [], "Add the items your grant will pay for"),
    ],
)
def test_the_budget_page_applies_the_strands_rules_on_save_and_continue(client, amount, lines, message):
    application = bare_draft()
    for cost_type, cost in lines:
        BudgetLine.objects.create(
            application=application, item="x", cost=cost, cost_type=cost_type, financial_year=2027
        )
    client.force_login(application.applicant)
    response = client.post(
        reverse("grants:section_budget", args=[application.pk]), {"amount_requested": amount, "save": "continue"}
    )
    assert response.status_code == 200 and message in response.content.decode()


def test_core_costs_above_the_strands_cap_are_refused():
    strand = priorities_strand()
    application = bare_draft(strand)
    BudgetLine.objects.create(application=application, item="Rent", cost="3000", cost_type="core", financial_year=2027)
    BudgetLine.objects.create(
        application=application, item="Kit", cost="7000", cost_type="project", financial_year=2027
    )
    application.amount_requested = Decimal("10000")
    application.save()
    progress = services.application_progress(application)
    assert "core costs can be at most 20% of the amount (£2,000)" in progress.problems["budget"]
    assert progress.status["budget"] == "In progress"


def test_a_complete_draft_shows_every_section_completed_and_can_be_checked(client):
    application = with_documents(draft(documents=False))
    client.force_login(application.applicant)
    assert set(statuses(client, application).values()) == {"Completed"}
    page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
    assert reverse("grants:check", args=[application.pk]) in page


def test_a_safeguarding_policy_is_needed_only_when_the_project_works_with_people_at_risk():
    application = with_documents(draft(documents=False), at_risk=True)
    progress = services.application_progress(application)
    assert progress.problems["documents"] == ["upload your safeguarding policy"]
    services.document_add(
        application=application, kind=Document.Kind.SAFEGUARDING_POLICY, uploaded=upload("policy.pdf"), actor=None
    )
    assert services.application_progress(application).status["documents"] == "Completed"


def test_a_closed_round_keeps_the_draft_but_it_cannot_be_sent(client):
    strand = StrandFactory()
    round_ = RoundFactory(strand=strand)
    application = with_documents(draft(strand=strand))
    round_.closes_at = timezone.now() - dt.timedelta(minutes=1)
    round_.save()
    client.force_login(application.applicant)
    page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
    assert "This round is closed" in page
    response = client.post(reverse("grants:check", args=[application.pk]), {"declaration": "on"})
    assert "This funding round is closed" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "draft"


def test_the_task_list_runs_a_fixed_number_of_queries(client):
    strand = priorities_strand()
    small = draft(strand=strand)
    big = with_documents(draft(strand=strand, organisation=small.organisation, applicant=small.applicant))
    for number in range(2, 6):
        big.priorities.add(PriorityFactory(number=number))
    for n in range(20):
        BudgetLine.objects.create(application=big, item=f"Item {n}", cost="10", financial_year=2027)
    client.force_login(small.applicant)
    counts = []
    for application in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("grants:application", args=[application.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
