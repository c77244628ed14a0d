"""Two-factor sign-in: staff and councillors cannot reach their pages with a password alone; they set up
an authenticator app, get backup codes, and give a code after their password."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kbt.accounts import two_factor
from kbt.accounts.models import ADMINISTRATOR_GROUP, OFFICER_GROUP, PANEL_GROUP
from kbt.audit.models import AuditEntry
from tests.factories import UserFactory, WardFactory, councillor, officer, panel_member

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def code_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def staff_in(group_name):
    user = UserFactory(is_staff=True)
    if group_name:
        user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    return user


STAFF = {
    "officer": lambda: staff_in(OFFICER_GROUP),
    "panel": lambda: staff_in(PANEL_GROUP),
    "administrator": lambda: staff_in(ADMINISTRATOR_GROUP),
    "finance": lambda: staff_in("Finance"),
    "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
}


def sign_in_with_password(client, user):
    response = client.post("/accounts/sign-in/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("kind", STAFF)
def test_staff_of_every_group_are_sent_to_set_up_an_app_before_the_officers_site(client, kind):
    user = STAFF[kind]()
    sign_in_with_password(client, user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/set-up/?next=/admin/")
    assert client.get("/admin/grants/application/").status_code == 302


def test_a_councillor_is_sent_to_set_up_an_app_before_the_councillors_pages(client):
    user = councillor(WardFactory()).user
    sign_in_with_password(client, user)
    response = client.get("/councillors/")
    assert response["Location"].startswith("/accounts/two-factor/set-up/")


def test_a_password_only_session_is_refused_even_when_forced(client, password_only_login):
    user = officer()
    password_only_login(client, user)
    assert client.get("/admin/").status_code == 302


@pytest.fixture
def no_throttle(settings):
    # django-otp makes a device wait a second after each wrong code; these tests send one at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_setting_up_the_app_gives_backup_codes_and_opens_the_officers_site(client, no_throttle):
    user = officer()
    sign_in_with_password(client, user)
    page = client.get("/accounts/two-factor/set-up/?next=/admin/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in body
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert two_factor.totp_key_text(device).replace(" ", "") in body.replace(" ", "")

    wrong = client.post("/accounts/two-factor/set-up/", {"code": "000000", "next": "/admin/"})
    assert "The code is not right" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    done = client.post("/accounts/two-factor/set-up/", {"code": code_for(device), "next": "/admin/"})
    assert done.status_code == 200
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == two_factor.BACKUP_CODE_COUNT
    assert all(code in done.content.decode() for code in codes)
    assert client.get("/admin/").status_code == 200


def enrolled(user) -> TOTPDevice:
    device = two_factor.totp_device_start(user=user)
    assert two_factor.totp_device_confirm(user=user, device=device, token=code_for(device)) is not None
    return device


def test_signing_in_again_asks_for_the_code_and_a_wrong_code_is_refused(client, no_throttle):
    user = officer()
    device = enrolled(user)
    sign_in_with_password(client, user)
    response = client.get("/admin/")
    assert response["Location"].startswith("/accounts/two-factor/verify/?next=/admin/")
    # A fresh code for the next time step: the one used to enrol cannot be used twice.
    device.refresh_from_db()
    wrong = client.post("/accounts/two-factor/verify/", {"code": "123456", "next": "/admin/"})
    assert wrong.status_code == 200 and "The code is not right" in wrong.content.decode()
    backup = StaticToken.objects.filter(device__user=user).first().token
    ok = client.post("/accounts/two-factor/verify/", {"code": backup, "next": "/admin/"})
    assert ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_works_once(client):
    user = panel_member()
    enrolled(user)
    backup = StaticToken.objects.filter(device__user=user).first().token
    sign_in_with_password(client, user)
    assert client.post("/accounts/two-factor/verify/", {"code": backup})["Location"] == "/admin/"
    other = Client()
    sign_in_with_password(other, user)
    again = other.post("/accounts/two-factor/verify/", {"code": backup})
    assert again.status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == two_factor.BACKUP_CODE_COUNT - 1


def test_an_applicant_may_turn_it_on_and_is_then_asked_for_a_code(client):
    user = UserFactory()
    sign_in_with_password(client, user)
    assert client.get("/accounts/").status_code == 200
    assert "Turn on" in client.get("/accounts/").content.decode()
    client.get("/accounts/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=user)
    client.post("/accounts/two-factor/set-up/", {"code": code_for(device)})
    other = Client()
    sign_in_with_password(other, user)
    assert other.get("/accounts/")["Location"].startswith("/accounts/two-factor/verify/")


def test_an_applicant_without_it_is_not_asked(client):
    user = UserFactory()
    sign_in_with_password(client, user)
    assert client.get("/accounts/").status_code == 200


def test_an_administrator_resets_a_second_factor_with_audit_and_email(client, django_capture_on_commit_callbacks):
    admin_user = staff_in(ADMINISTRATOR_GROUP)
    person = officer()
    enrolled(person)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/accounts/reset-second-factor/{person.pk}/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticToken.objects.filter(device__user=person).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SECURITY)
    assert entry.actor == admin_user and entry.subject_user == person
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert "reset the two-factor sign-in" in mail.outbox[0].body


def test_someone_who_is_not_an_administrator_cannot_reset(client):
    person = officer()
    enrolled(person)
    client.force_login(officer())
    assert client.post(f"/accounts/reset-second-factor/{person.pk}/").status_code == 404
    assert TOTPDevice.objects.filter(user=person).exists()


def test_staff_cannot_turn_it_off(client):
    user = officer()
    client.force_login(user)
    assert client.post("/accounts/two-factor/turn-off/").status_code == 404
    assert TOTPDevice.objects.filter(user=user).exists()


def test_nobody_sees_another_persons_secret_key_in_the_officers_site():
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)
