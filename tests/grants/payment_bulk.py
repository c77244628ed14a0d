"""Many running grants at once, for the query-count test and bench/payment_run.py: written in bulk,
cloned from one grant made through the real services (its organisation, round and people)."""

from decimal import Decimal

from django.utils import timezone

from grants.models import Application, BankDetails, Instalment, Status

PREFIX = "KBT-BLK-"


def many_due_instalments(template: Application, *, instalments: int, per_grant: int = 5, due_on) -> list[int]:
    """`instalments` due instalments of £1,000, `per_grant` to each new grant (awarded the sum), each
    grant with confirmed bank details. Returns the new grants' ids."""
    grants = instalments // per_grant
    now = timezone.now()
    award = Decimal("1000.00") * per_grant
    start = Application.objects.filter(reference__startswith=PREFIX).count()
    created = Application.objects.bulk_create(
        Application(
            reference=f"{PREFIX}{start + n:06d}",
            organisation_id=template.organisation_id,
            round_id=template.round_id,
            strand_id=template.strand_id,
            ward_id=template.ward_id,
            title=f"Bulk grant {start + n}",
            amount_requested=award,
            amount_awarded=award,
            status=Status.GRANT_ACTIVE,
            submitted_at=now,
            decided_at=now,
        )
        for n in range(grants)
    )
    BankDetails.objects.bulk_create(
        BankDetails(
            application=grant,
            account_name="Bulk Community Group",
            sort_code="20-00-00",
            account_number=f"{55000000 + grant.pk % 1000000:08d}",
            given_by_id=template.organisation.memberships.values_list("user_id", flat=True).first(),
        )
        for grant in created
    )
    Instalment.objects.bulk_create(
        Instalment(application=grant, number=n, due_date=due_on, amount=Decimal("1000.00"))
        for grant in created
        for n in range(1, per_grant + 1)
    )
    return [grant.pk for grant in created]
