"""The footer's legal pages: linked from every kind of page, saying what the settings say, and listing every
cookie any page sets."""

import pytest
from django.test import Client
from django.urls import reverse

from grants.models import Status
from kbt.pages.cookies import cookie_names
from tests.factories import UserFactory, application_at

pytestmark = pytest.mark.django_db

LEGAL_PAGES = ["pages:accessibility", "pages:privacy", "pages:cookies", "pages:contact"]


@pytest.mark.parametrize("name", LEGAL_PAGES)
def test_each_legal_page_opens_for_anyone(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.cookies == {} or set(response.cookies) <= cookie_names()


def test_the_footer_links_the_legal_pages_on_public_councillor_and_officer_pages(client):
    application = application_at(Status.AWAITING_DECISION)
    links = [f'href="{reverse(name)}"' for name in LEGAL_PAGES]
    pages = [(None, "/"), (application.cast.councillor, reverse("grants:councillor_bids"))]
    pages.append((application.cast.officer, reverse("admin:index")))
    pages.append((application.cast.officer, reverse("admin:grants_application_change", args=[application.pk])))
    for user, url in pages:
        if user:
            client.force_login(user)
        html = client.get(url).content.decode()
        assert all(link in html for link in links), url


def test_the_privacy_notice_shows_the_retention_periods_from_settings(client, settings):
    settings.RETENTION_DRAFT_MONTHS = 17
    settings.RETENTION_CLOSED_APPLICATION_YEARS = 4
    settings.RETENTION_GRANT_YEARS = 9
    settings.RETENTION_ACCOUNT_YEARS = 5
    html = client.get(reverse("pages:privacy")).content.decode()
    assert "changed for 17 months" in html
    assert "after 4 years" in html
    assert "9 years after the grant ends" in html
    assert "used for 5 years" in html
    assert "public interest" in html and "consent" in html and "ico.org.uk" in html


def test_the_contact_page_gives_email_phone_and_address(client, settings):
    html = client.get(reverse("pages:contact")).content.decode()
    assert settings.FUND_TEAM_EMAIL in html and settings.FUND_TEAM_PHONE in html and "L36 9YU" in html


def test_the_cookies_page_lists_every_cookie_and_shows_no_banner(client):
    html = client.get(reverse("pages:cookies")).content.decode()
    for name in cookie_names():
        assert f">{name}</th>" in html
    assert "only uses essential cookies" in html
    assert "Accept" not in html


def _set_cookie_names(response) -> set[str]:
    return {name for name, morsel in response.cookies.items() if morsel.value or morsel["max-age"] != 0}


def test_no_page_sets_a_cookie_the_cookies_page_does_not_list():
    """Walk the main pages anonymously, signing in with the form, and signed in as each kind of user,
    collecting every Set-Cookie. Anything not on the cookies page fails here."""
    application = application_at(Status.AWAITING_DECISION)
    seen: set[str] = set()
    anonymous = Client()
    public = ["/", reverse("deals:list"), reverse("accounts:sign_in"), reverse("accounts:sign_up")]
    public += [reverse(name) for name in LEGAL_PAGES]
    for url in public:
        seen |= set(anonymous.get(url).cookies)
    # A failed and a successful sign-in through the real form (messages, session, CSRF rotation).
    seen |= set(
        anonymous.post(reverse("accounts:sign_in"), {"username": "nobody@example.org", "password": "x"}).cookies
    )
    person = UserFactory()
    response = anonymous.post(
        reverse("accounts:sign_in"), {"username": person.email, "password": "correct-horse-battery"}, follow=True
    )
    seen |= set(response.cookies) | set(anonymous.cookies)
    signed_in = [
        (
            application.applicant,
            [reverse("grants:dashboard"), reverse("accounts:account"), reverse("privacy:your_data")],
        ),
        (application.cast.councillor, [reverse("grants:councillor_bids")]),
        (application.cast.officer, [reverse("admin:index"), reverse("admin:grants_application_changelist")]),
    ]
    for user, urls in signed_in:
        client = Client()
        client.force_login(user)
        for url in urls:
            seen |= set(client.get(url).cookies)
        seen |= set(client.cookies)
    # Something that leaves a one-off message on the next page.
    client = Client()
    client.force_login(person)
    response = client.post(
        reverse("accounts:change_email"), {"email": "new-address@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    seen |= set(response.cookies)
    seen |= set(client.cookies)
    client.post(
        reverse("accounts:sign_up"),
        {"full_name": "Sam Example", "email": "sam@example.org", "password": "a-long-enough-password"},
    )
    seen |= set(client.cookies)
    assert {"sessionid", "csrftoken", "messages"} <= seen, "the walk should see each kind of cookie"
    assert seen <= cookie_names(), f"Cookies not on the cookies page: {sorted(seen - cookie_names())}"
