"""Published grants for the register's tests: one walked through the real workflow (`published_grant`),
and many written straight to the database for the size tests (`many_published`), which is faster than the
workflow by far and makes the rows the pages read the same way."""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from grants.models import Application, Organisation, Status
from tests.factories import OrganisationFactory, StrandFactory, WardFactory, application_at


def published_grant(**fields) -> Application:
    """A grant whose offer was accepted, walked there through the workflow (the offers work changes how)."""
    return application_at(Status.GRANT_ACTIVE, **fields)


_numbers = itertools.count()


def many_published(count: int, *, like: Application, wards=None) -> list[Application]:
    """`count` copies of the published grant `like`, across `wards`, each with its own group."""
    first = next(_numbers) * 1_000_000
    wards = wards or [like.ward or WardFactory()]
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bulk group {n}",
                org_type=Organisation.Type.COMMUNITY_GROUP,
                address_line_1="1 Bulk Road",
                town="Huyton",
                postcode="L36 9YU",
                ward=wards[n % len(wards)],
                annual_income=Decimal("1000.00"),
                date_established=dt.date(2015, 4, 1),
            )
            for n in range(count)
        ]
    )
    now = timezone.now()
    grants = Application.objects.bulk_create(
        [
            Application(
                reference=f"KBT-BLK-{first + n:07d}",
                organisation=organisation,
                round_id=like.round_id,
                strand_id=like.strand_id,
                title=f"Bulk project {n}",
                public_summary="A project for the size tests.",
                ward=wards[n % len(wards)],
                amount_requested=like.amount_requested,
                amount_awarded=like.amount_awarded,
                status=Status.GRANT_ACTIVE if n % 4 else Status.COMPLETED,
                submitted_at=now,
                decided_at=now - dt.timedelta(days=n % 400),
            )
            for n, organisation in enumerate(organisations)
        ]
    )
    return grants


__all__ = ["published_grant", "many_published", "OrganisationFactory", "StrandFactory"]
