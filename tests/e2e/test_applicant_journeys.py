"""A person who has never seen the portal, on a phone-sized window: signs up (following the link in the
email), describes their group, applies over two visits in each strand, uploads documents, sends the
application and sees its status. Every page is checked with axe-core."""

import io
import re
import zipfile

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from grants.models import Application, Status
from tests.e2e.conftest import assert_accessible
from tests.factories import PriorityFactory, RoundFactory, StrandFactory, WardFactory, priorities_strand

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-good-long-password-7"  # noqa: S105
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<x/>")
    return buffer.getvalue()


def check(page: Page, heading: str | None = None):
    if heading:
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert_accessible(page)


def open_menu(page: Page):
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible():
        toggle.click()


def group(page: Page, name: str):
    return page.get_by_role("group", name=name)


def fill_date(page: Page, legend: str, day: str, month: str, year: str):
    box = group(page, legend)
    box.get_by_label("Day").fill(day)
    box.get_by_label("Month").fill(month)
    box.get_by_label("Year").fill(year)


def sign_up_and_confirm(page: Page, email: str, strand_name: str):
    page.goto("/")
    check(page, "Knowsley Better Together social sector fund")
    page.get_by_role("link", name=strand_name).click()
    check(page, strand_name)
    page.get_by_role("button", name="Start now").click()
    check(page, "Sign in")
    page.get_by_role("link", name="Create an account").click()
    check(page, "Create an account")

    # A mistake first: the page says what to fix and keeps what was typed.
    page.get_by_label("Full name").fill("Nia Jones")
    page.get_by_label("Email address").fill("nia@")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    check(page, "Create an account")
    assert page.title().startswith("Error: ")
    expect(page.get_by_label("Full name")).to_have_value("Nia Jones")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    check(page, "Check your email")

    message = [m for m in mail.outbox if m.to == [email]][-1]
    link = re.search(r"https?://\S+", message.body).group(0)
    page.goto(link)
    check(page, "Sign in")
    expect(page.get_by_text("Your email address is confirmed")).to_be_visible()
    sign_in_with_form(page, email)


def sign_in_with_form(page: Page, email: str):
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def describe_group(page: Page):
    check(page, "Tell us about your group")
    page.get_by_label("Name of your group").fill("Page Moss Friends")
    page.get_by_label("Constituted community group").check()
    page.get_by_label("Building and street", exact=True).fill("1 Archway Road")
    page.get_by_label("Town or city").fill("Huyton")
    page.get_by_label("Postcode").fill("l36 9yu")
    page.get_by_label("Annual income (£)").fill("£4,200")
    fill_date(page, "When was your group set up?", "1", "4", "2015")
    page.get_by_role("button", name="Save your group's details").click()


def answer_eligibility(page: Page, *, ward: str | None, priorities: list[str]):
    check(page, "Check your group can apply")
    group(page, "What type of group are you?").get_by_label("Constituted community group").check()
    for legend in (
        "Is your project for people who live or work in Knowsley?",
        "Does your group have a bank account in its own name?",
        "Does your group have a governing document, such as a constitution?",
    ):
        group(page, legend).get_by_label("Yes").check()
    if ward:
        page.get_by_label("Which ward is your project in?").select_option(label=ward)
    for priority in priorities:
        page.get_by_label(priority).check()
    page.get_by_role("button", name="Check if we can apply").click()
    check(page, "Your group can apply")


def first_visit(page: Page, email: str, title: str):
    page.get_by_label("What is your project called?").fill(title)
    page.get_by_role("button", name="Start your application").click()
    check(page, title)
    expect(page.get_by_text("Not yet started").first).to_be_visible()
    page.get_by_role("link", name="Your project", exact=True).click()
    check(page, "Your project")
    page.get_by_label("Describe your project").fill("Planting, benches and monthly litter picks.")
    page.get_by_role("button", name="Save and come back later").click()
    check(page, "Your application has been saved")
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    check(page, "You have signed out")


def second_visit(page: Page, email: str, title: str, *, amount: str):
    page.get_by_role("link", name="Sign in again").click()
    sign_in_with_form(page, email)
    open_menu(page)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your applications").click()
    check(page, "Your applications")
    expect(page.get_by_text("Not sent yet")).to_be_visible()
    page.get_by_role("link", name=title).click()
    check(page, title)
    expect(page.get_by_text("In progress")).to_be_visible()

    page.get_by_role("link", name="Your project", exact=True).click()
    expect(page.get_by_label("Describe your project")).to_have_value("Planting, benches and monthly litter picks.")
    fill_date(page, "When will your project start?", "1", "4", "2027")
    fill_date(page, "When will your project end?", "31", "12", "2027")
    page.get_by_role("button", name="Save and continue").click()
    check(page)  # where and which priorities: answered in the eligibility check
    page.get_by_role("button", name="Save and continue").click()

    check(page, "Budget")
    page.get_by_role("link", name="Add an item to your budget").click()
    check(page, "Add an item to your budget")
    page.get_by_label("What will the money pay for?").fill("Plants and tools")
    page.get_by_label("Cost (£)").fill(amount)
    page.get_by_label("Project cost").check()
    group(page, "Which financial year will you spend it in?").get_by_role("radio").first.check()
    page.get_by_role("button", name="Save item").click()
    check(page, "Budget")
    # The amount must match the budget: a wrong amount is refused with the reason.
    page.get_by_label("How much are you asking for (£)?").fill("999999")
    page.get_by_role("button", name="Save and continue").click()
    check(page, "Budget")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The amount must be between")
    page.get_by_label("How much are you asking for (£)?").fill(amount)
    page.get_by_role("button", name="Save and continue").click()

    check(page, "Outcomes and who will benefit")
    page.get_by_label("What difference will your project make?").fill("A cleaner, greener park for everyone.")
    page.get_by_label("About how many people will benefit?").fill("250")
    page.get_by_label("Who will benefit?").fill("Families on the estate")
    page.get_by_role("button", name="Save and continue").click()

    check(page, "Documents")
    group(page, "Will your project work with children or adults at risk?").get_by_label("No").check()
    # A file that is not what its name says is refused, and the answer above is kept.
    page.get_by_label("Latest accounts").check()
    page.get_by_label("Upload a file").set_input_files(
        {"name": "accounts.pdf", "mimeType": "application/pdf", "buffer": b"GIF89a not a pdf"}
    )
    page.get_by_role("button", name="Upload file").click()
    check(page, "Documents")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The selected file must be a PDF")
    expect(group(page, "Will your project work with children or adults at risk?").get_by_label("No")).to_be_checked()
    for label, name, content in (
        ("Governing document", "constitution.docx", docx()),
        ("Latest accounts", "accounts.pdf", PDF),
        ("Recent bank statement", "statement.pdf", PDF),
    ):
        page.get_by_label(label, exact=True).check()
        page.get_by_label("Upload a file").set_input_files(
            {"name": name, "mimeType": "application/octet-stream", "buffer": content}
        )
        page.get_by_role("button", name="Upload file").click()
        check(page, "Documents")
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()

    check(page, title)
    page.get_by_role("link", name="Check your answers and send").click()
    check(page, "Check your answers before sending your application")
    page.get_by_role("button", name="Send your application").click()
    check(page, "Check your answers before sending your application")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm the declaration")
    page.get_by_label("I confirm that the information").check()
    page.get_by_role("button", name="Send your application").click()
    check(page, "Application sent")

    application = Application.objects.get(title=title)
    assert application.status == Status.SUBMITTED
    expect(page.locator(".govuk-panel")).to_contain_text(application.reference)
    assert any(application.reference in m.subject and m.to == [email] for m in mail.outbox)

    open_menu(page)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your applications").click()
    check(page, "Your applications")
    expect(page.get_by_text("Sent", exact=True)).to_be_visible()
    page.get_by_role("link", name=title).click()
    check(page, title)
    expect(page.get_by_text("A council officer will check your application soon")).to_be_visible()


def test_a_new_group_applies_to_the_environmental_strand_over_two_visits(page):
    WardFactory(name="Halewood North")
    WardFactory(name="Page Moss")
    RoundFactory(strand=StrandFactory(), name="Round 1")
    email = "nia@example.org"
    sign_up_and_confirm(page, email, "Environmental improvements")
    page.goto("/funding/env/")
    page.get_by_role("button", name="Start now").click()
    describe_group(page)
    answer_eligibility(page, ward="Page Moss", priorities=[])
    first_visit(page, email, "Greening Page Moss park")
    second_visit(page, email, "Greening Page Moss park", amount="2500")
    assert Application.objects.get().ward.name == "Page Moss"


def test_a_new_group_applies_to_the_priorities_strand_over_two_visits(page):
    PriorityFactory(number=1, name="Accelerating business growth, new jobs and housing")
    PriorityFactory(number=5, name="Health and wellbeing of Knowsley residents")
    RoundFactory(strand=priorities_strand(), name="Round 1")
    email = "sam@example.org"
    sign_up_and_confirm(page, email, "Council priorities")
    page.goto("/funding/pri/")
    page.get_by_role("button", name="Start now").click()
    describe_group(page)
    answer_eligibility(page, ward=None, priorities=["Health and wellbeing of Knowsley residents"])
    first_visit(page, email, "Healthy walks")
    second_visit(page, email, "Healthy walks", amount="12000")
    assert [p.number for p in Application.objects.get().priorities.all()] == [5]
