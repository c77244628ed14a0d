import os
import time

import pytest
from django.conf import settings as django_settings
from django.test import Client

from kbt.celery import app as celery_app


@pytest.fixture(scope="session", autouse=True)
def _broker_per_test_process():
    """Under pytest-xdist each test process gets its own Redis database, as it gets its own PostgreSQL
    database: a real worker started by one process must never take another process's tasks."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = django_settings.CELERY_BROKER_URL
    if worker.startswith("gw") and url.startswith("redis://"):
        base, _, db = url.rpartition("/")
        url = f"{base}/{(int(db) if db.isdigit() else 0) + int(worker[2:])}"
        django_settings.CELERY_BROKER_URL = url
        celery_app.conf.broker_url = celery_app.conf.broker_write_url = celery_app.conf.broker_read_url = url
    yield


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks queued on commit run at once, in the test's thread. The Celery tests that need a real
    worker against Redis switch this off."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Tests make many users; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Two-factor sign-in --------------------------------------------------------------------------
# Staff and councillors cannot reach their pages with a password alone. Hundreds of tests sign them in
# with client.force_login; here that does exactly what a real sign-in does after the password: the person
# has a confirmed authenticator app, and the session is marked verified with it (as django_otp.login does
# when they enter a code) and recently confirmed (as the confirm page does). Tests of the gate itself use
# `password_only_login`, which is Django's own force_login.
_password_only_force_login = Client.force_login


def second_factor_session(client, user) -> None:
    """Mark `client`'s session as one where `user` gave a correct code a moment ago."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kbt.accounts.reauth import REAUTH_SESSION_KEY

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[REAUTH_SESSION_KEY] = time.time()
    session.save()


@pytest.fixture(autouse=True)
def _force_login_gives_second_factor(monkeypatch):
    from kbt.accounts.two_factor import has_second_factor, second_factor_required

    def force_login(self, user, backend=None):
        _password_only_force_login(self, user, backend)
        if second_factor_required(user) or has_second_factor(user):
            second_factor_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def password_only_login():
    """`password_only_login(client, user)`: signed in with the password alone, no code given."""
    return _password_only_force_login


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the deals list's figures, the budget panel's ledger sums)."""
    from django.core.cache import cache

    cache.clear()
