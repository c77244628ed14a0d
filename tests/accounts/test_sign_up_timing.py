"""Signing up takes the same work whether or not the address has an account, so timing cannot tell."""

import time

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher

from kbt.accounts.services import user_sign_up
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


class SlowHasher(MD5PasswordHasher):
    """Stands in for the production hasher: a fixed cost that dwarfs everything else in sign-up."""

    algorithm = "slow_md5"

    def encode(self, password, salt):
        time.sleep(0.05)
        return super().encode(password, salt)


def test_the_password_is_hashed_whether_or_not_the_address_is_taken(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    UserFactory(email="taken@example.org")
    CountingHasher.calls = 0
    user_sign_up(email="new@example.org", full_name="Nia Jones", password="a-long-password-1")
    for_new = CountingHasher.calls
    CountingHasher.calls = 0
    user_sign_up(email=" TAKEN@example.org", full_name="Nia Jones", password="a-long-password-1")
    assert for_new == CountingHasher.calls == 1


def test_signing_up_takes_as_long_for_a_taken_address_as_for_a_new_one(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.SlowHasher"]
    UserFactory(email="taken@example.org")
    new, taken = [], []
    for n in range(3):
        start = time.perf_counter()
        user_sign_up(email=f"new{n}@example.org", full_name="Nia Jones", password="a-long-password-1")
        new.append(time.perf_counter() - start)
        start = time.perf_counter()
        user_sign_up(email="taken@example.org", full_name="Nia Jones", password="a-long-password-1")
        taken.append(time.perf_counter() - start)
    assert min(taken) > 0.8 * min(new)
