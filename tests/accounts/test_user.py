import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError

from kbt.accounts.models import User

pytestmark = pytest.mark.django_db


def test_people_sign_in_with_their_email_in_any_case(rf):
    User.objects.create_user("Jo.Bloggs@Example.org", "a-long-password-1")
    user = authenticate(rf.post("/"), username="JO.BLOGGS@example.ORG", password="a-long-password-1")
    assert user is not None and user.email == "jo.bloggs@example.org"
    assert authenticate(rf.post("/"), username="jo.bloggs@example.org", password="wrong") is None


def test_two_accounts_cannot_share_an_email_whatever_its_case():
    User.objects.create_user("sam@example.org", "a-long-password-1")
    with pytest.raises(IntegrityError):
        User.objects.create(email="SAM@example.org")


def test_an_officer_is_told_apart_by_group_not_by_superuser():
    from tests.factories import officer, panel_member

    assert officer().is_officer and not officer().is_superuser
    assert panel_member().is_panel_member and not panel_member().is_officer
