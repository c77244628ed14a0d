"""Pages a new user found rough (issue 20): the file upload component, matching headings, long words,
references on one line, a group's own printable copy, and an invitation carried through signing up."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from grants.models import Status
from tests.factories import OrganisationFactory, StrandFactory, UserFactory, application_at, draft, member_of

pytestmark = pytest.mark.django_db


def test_documents_use_the_govuk_file_upload_component(client):
    application = draft(documents=False)
    client.force_login(application.applicant)
    page = client.get(reverse("grants:section_documents", args=[application.pk])).content.decode()
    file_input = re.search(r'<input[^>]*type="file"[^>]*>', page)
    assert file_input and "govuk-file-upload" in file_input.group(0)
    assert '<label for="id_d-file" class="govuk-label">Upload a file</label>' in page


def test_the_environmental_where_page_heading_matches_its_task_list_entry(client):
    application = draft(strand=StrandFactory())
    client.force_login(application.applicant)
    tasks = client.get(reverse("grants:application", args=[application.pk])).context["tasks"]
    entry = next(task["title"] for task in tasks if task["key"] == "where")
    page = client.get(reverse("grants:section_where", args=[application.pk])).content.decode()
    heading = re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", page, re.S).group(1)
    assert entry == heading == "Where your project is"


def test_long_words_wrap_and_references_stay_on_one_line():
    css = (Path(settings.BASE_DIR) / "static/css/kbt-site.css").read_text()
    assert re.search(r"\.govuk-main-wrapper[^{]*\{[^}]*overflow-wrap: anywhere", css)
    assert re.search(r"\.kbt-reference \{[^}]*white-space: nowrap", css)


def test_a_group_prints_what_it_sent_and_nobody_else_can(client):
    application = application_at(Status.SUBMITTED, title="Greening Page Moss park")
    member = application.applicant
    client.force_login(member)
    page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
    url = reverse("grants:application_print", args=[application.pk])
    assert f'href="{url}">Print or save your application</a>' in page
    printed = client.get(url)
    text = printed.content.decode()
    assert printed.status_code == 200
    assert application.reference in text and "Greening Page Moss park" in text and "Plants and tools" in text
    assert "Assigned officer" not in text  # the officers' own notes stay theirs

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(member_of(OrganisationFactory()))
    assert client.get(url).status_code == 404


def test_a_draft_has_no_printable_copy_yet(client):
    application = draft()
    client.force_login(application.applicant)
    assert client.get(reverse("grants:application_print", args=[application.pk])).status_code == 404


def _link(message) -> str:
    return "/" + re.search(r"https?://\S+", message.body).group(0).split("/", 3)[3]


def test_an_invitation_is_carried_through_signing_up(client, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name="Page Moss Friends")
    client.force_login(member_of(organisation))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("grants:organisation_invite", args=[organisation.pk]), {"email": "new@example.org"})
    invite = _link(mail.outbox[-1])
    client.logout()

    # The invited person has no account: the link asks them to sign in, and they create an account.
    sign_in = client.get(invite)
    assert sign_in.status_code == 302
    page = client.get(sign_in["Location"]).content.decode()
    sign_up_link = re.search(r'href="([^"]*/accounts/sign-up/[^"]*)">Create an account', page).group(1)
    client.get(sign_up_link.replace("&amp;", "&"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:sign_up"),
            {"full_name": "Nia Jones", "email": "new@example.org", "password": "a-good-long-password-7"},
        )
    confirmed = client.get(_link(mail.outbox[-1]))
    assert confirmed.status_code == 302
    signed_in = client.post(
        confirmed["Location"], {"username": "new@example.org", "password": "a-good-long-password-7"}
    )
    # Straight to the invitation: no need to find the link again.
    assert signed_in["Location"] == invite
    assert client.get(invite)["Location"] == reverse("grants:dashboard")
    assert organisation.memberships.filter(user__email="new@example.org").exists()
