"""seed_demo publishes the open data files, once."""

import pytest
from django.core.management import call_command

from grants.open_data.models import PublishingRun

pytestmark = pytest.mark.django_db


def test_seed_demo_publishes_the_open_data_once():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    run = PublishingRun.objects.get()
    assert run.trigger == PublishingRun.Trigger.DEMO and run.grants_published >= 1
    assert PublishingRun.objects.latest_published() == run
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert PublishingRun.objects.count() == 1
