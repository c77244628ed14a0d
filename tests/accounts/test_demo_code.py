import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import totp

from kbt.accounts import two_factor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_code_is_the_code_the_app_would_show(capsys):
    person = UserFactory(email="officer@knowsley.example", is_staff=True)
    device = two_factor.totp_device_start(user=person)
    call_command("demo_code", "Officer@Knowsley.example")
    printed = capsys.readouterr().out.strip()
    assert printed == f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert device.verify_token(printed)


def test_real_accounts_never_have_their_code_printed():
    person = UserFactory(email="real.officer@knowsley.gov.uk", is_staff=True)
    two_factor.totp_device_start(user=person)
    with pytest.raises(CommandError, match="Only demo accounts"):
        call_command("demo_code", "real.officer@knowsley.gov.uk")
