from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from deals.demo import seed_deals
from deals.models import Commitment, Deal

pytestmark = pytest.mark.django_db


def deal_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("deals").get_models()}


def test_seed_deals_makes_the_councils_example_deals_with_parties_and_some_overdue_commitments():
    assert seed_deals() == 5
    titles = set(Deal.objects.values_list("title", flat=True))
    assert {
        "Employability Skills Project",
        "Community ownership of leisure services",
        "Knowsley youth mutual",
        "Kirkby tidy streets",
        "Dementia-friendly Knowsley",
    } == titles
    today = timezone.localdate()
    for deal in Deal.objects.all():
        assert deal.published
        assert deal.parties.filter(kind="council").exists() and deal.parties.exclude(kind="council").exists()
        assert deal.commitments.count() >= 4
        assert deal.principles.exists()
    assert Commitment.objects.overdue(today).count() >= 3
    assert Deal.objects.with_overdue_commitments(today).count() >= 3
    assert Commitment.objects.filter(status=Commitment.Status.DONE).exists()


def test_running_seed_demo_twice_changes_no_deal():
    call_command("seed_demo", stdout=StringIO())
    before = deal_counts()
    assert before["deals.Deal"] == 5
    linked = Deal.objects.get(slug="dementia-friendly-knowsley").applications.count()
    assert linked == 2  # linked to the demo grant applications seed_demo made first

    call_command("seed_demo", stdout=StringIO())

    # History tables included: nothing was saved again.
    assert deal_counts() == before
    assert seed_deals() == 0


def test_seed_deals_gives_commitments_targets_with_checked_figures_an_ask_and_a_partner_contact():
    from deals.demo import PARTNER_EMAIL
    from deals.models import GovernmentAsk, PartnerInvitation, Target, TargetUpdate

    seed_deals()
    for deal in Deal.objects.all():
        assert Target.objects.filter(commitment__deal=deal).exists(), deal
    assert Target.objects.filter(achieved__gt=0).count() == Target.objects.count()
    assert GovernmentAsk.objects.count() == 1
    invitation = PartnerInvitation.objects.get()
    assert invitation.user.email == PARTNER_EMAIL and invitation.user.check_password("better-together-demo")
    assert TargetUpdate.objects.filter(state="awaiting_check", reported_by=invitation.user).count() == 1
