"""After signing in, each person lands on their own home (issue 20): groups on their applications,
councillors on their home, staff on the officers' site; a safe `next` still wins, and the
two-factor step sends people to the same place."""

import pytest
from django_otp.plugins.otp_static.models import StaticToken

from tests.factories import UserFactory, WardFactory, councillor, officer
from tests.security.test_two_factor import PASSWORD, enrolled

pytestmark = pytest.mark.django_db


def sign_in(client, user, next_url=None):
    data = {"username": user.email, "password": PASSWORD}
    url = "/accounts/sign-in/" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, data)
    assert response.status_code == 302
    return response["Location"]


def test_an_applicant_lands_on_their_applications(client):
    assert sign_in(client, UserFactory()) == "/applications/"


def test_a_councillor_lands_on_their_home(client):
    # Issue 19: councillors land on their own home (bids, shared drafts, ideas, the ward pot).
    assert sign_in(client, councillor(WardFactory()).user) == "/councillors/home/"


def test_staff_land_on_the_officers_site(client):
    assert sign_in(client, officer()) == "/admin/"


def test_a_safe_next_wins_and_an_unsafe_one_is_ignored(client):
    user = UserFactory()
    assert sign_in(client, user, next_url="/organisation/") == "/organisation/"
    client.logout()
    assert sign_in(client, user, next_url="https://evil.example.com/") == "/applications/"


@pytest.mark.parametrize(
    ("make", "home"),
    [(lambda: officer(), "/admin/"), (lambda: councillor(WardFactory()).user, "/councillors/home/")],
)
def test_after_the_code_they_land_on_their_home(client, settings, make, home):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    user = make()
    enrolled(user)
    sign_in(client, user)
    backup = StaticToken.objects.filter(device__user=user).first().token
    assert client.post("/accounts/two-factor/verify/", {"code": backup})["Location"] == home
