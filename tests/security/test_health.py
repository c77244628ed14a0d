"""/health/ answers 200 with every part ok, 503 naming the part that is down, and reveals nothing else."""

import pytest
from django.core.files.storage import default_storage

from kbt import health

pytestmark = pytest.mark.django_db


def test_everything_up(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/5"
    response = client.get("/health/")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["checks"] == {"database": "ok", "redis": "ok", "storage": "ok", "outbox": "ok"}
    assert set(data) == {"status", "checks", "time"}
    assert not default_storage.exists("health") or default_storage.listdir("health") == ([], [])


def test_redis_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "fail"
    assert "127.0.0.1" not in response.content.decode()


def test_database_down(client, monkeypatch):
    def broken():
        raise RuntimeError("connection to server at 10.0.0.5 refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "fail"
    assert "10.0.0.5" not in response.content.decode()


def test_storage_down(client, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the storage folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(blocked)}},
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "fail"


def _waiting_email(age_minutes: int):
    from datetime import timedelta

    from django.utils import timezone

    from kbt.outbox.models import OutboxEmail

    email = OutboxEmail.objects.create(
        key=f"health:{age_minutes}",
        recipient="someone@example.org",
        kind="test",
        subject="Waiting",
        body_text="Waiting",
        next_attempt_at=timezone.now(),
    )
    OutboxEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=age_minutes))


def test_an_email_waiting_a_little_is_fine(client):
    _waiting_email(2)
    response = client.get("/health/")
    assert response.status_code == 200 and response.json()["checks"]["outbox"] == "ok"


def test_an_email_waiting_too_long_shows_as_degraded_but_the_machine_still_serves(client):
    _waiting_email(16)
    response = client.get("/health/")
    # Mail not getting out is for monitoring to see; the load balancer keeps the machine.
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["outbox"] == "fail"
    assert "someone@example.org" not in response.content.decode()
