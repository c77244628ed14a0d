"""The officers' site, registered here in one place: each module below registers its ModelAdmins when
imported. Status and money are read-only everywhere in admin: they move only through grants.services.

readonly and drafts hold the mixins; budgets the strands' and ward pots' budgets; fund the fund's
structure; people the roles; applications the officers' review (list, page, assessment, actions,
exports, print); records the read-only records; the reminders' admin comes last."""

from . import (  # noqa: F401  (each registers its ModelAdmins)
    applications,
    budgets,
    fund,
    grant_payments,
    payments,
    people,
    records,
    reports,
    terms,
)
