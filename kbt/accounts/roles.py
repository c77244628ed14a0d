"""The officers' groups and what each may do. Run after every migrate, so it is always in step."""

from django.contrib.auth.models import Group, Permission

from .models import ADMINISTRATOR_GROUP, FINANCE_GROUP, OFFICER_GROUP, PANEL_GROUP

# app label: {model: actions}. Applications, assessments, ledger entries and status changes are
# written only by services (the application's pages call them after checking the workflow table), so
# nobody gets add/change/delete on them: "view" is what opens those pages.
EDIT = ("view", "add", "change")
OFFICER_PERMISSIONS = {
    "accounts": {
        # To pick a person in an organisation's membership list.
        "user": ("view",),
    },
    "grants": {
        "interestdeclaration": ("view",),
        "councillorvote": ("view",),
        "application": ("view",),
        "assessment": ("view",),
        "conflictdeclaration": ("view",),
        "budgetline": ("view",),
        "document": ("view",),
        "statuschange": ("view",),
        "ledgerentry": ("view",),
        # Offers move only through grants.services.offers (the application's offer page); terms are
        # versioned: an officer adds a new version, never changes one an offer was made with.
        "offer": ("view",),
        "standardterms": ("view", "add"),
        # The custom permission grants.see_bank_details (codename "see_bank_details"): see groups' bank
        # details masked, and confirm a change by phone. Take it away from a group to narrow who sees them.
        "bank_details": ("see",),
        # Payments: read here; schedules and holds change only through their pages (grants.services.payments).
        "instalment": ("view",),
        "paymenthold": ("view",),
        "paymentrun": ("view",),
        "schedulechange": ("view",),
        # Organisations' details, not who belongs to them: memberships are roles (administrators only).
        "organisation": EDIT,
        "membership": ("view",),
        "fund": ("view",),
        "strand": ("view",),
        "criterion": ("view",),
        "round": EDIT,
        "priority": ("view",),
        "ward": ("view",),
        "wardpot": ("view",),
        "councillor": ("view",),
        "reminderrule": EDIT,
        "sentreminder": ("view", "change"),  # change: only to try a failed one again
        # Reports are written by their services (accept, ask for changes, new date): "view" opens the pages.
        "report": ("view",),
        "outcomemeasure": EDIT,
    },
    "outbox": {
        "outboxemail": ("view", "change"),  # change: only to send a failed one again
    },
    "deals": {
        "deal": EDIT + ("delete",),
        "party": EDIT + ("delete",),
        "commitment": EDIT + ("delete",),
        "progressupdate": EDIT + ("delete",),
        "principle": ("view",),
        "measure": EDIT,
        "target": EDIT + ("delete",),
        "targetupdate": EDIT,  # change: to accept partners' figures (an action calling a service)
        "governmentask": EDIT + ("delete",),
        "partnerinvitation": ("view",),
        "dealssettings": ("view", "change"),
    },
    # What the retention job did, and the equality report (totals only).
    "privacy": {"retentionrun": ("view",), "equalityresponse": ("view",)},
    # The Publishing page; "add" is the right to publish the open data files now.
    "open_data": {"publishingrun": ("view", "add")},
}
PANEL_PERMISSIONS = {
    "grants": {
        "interestdeclaration": ("view",),
        "councillorvote": ("view",),
        "application": ("view",),
        "assessment": ("view",),
        "conflictdeclaration": ("view",),
        "budgetline": ("view",),
        "document": ("view",),
        "statuschange": ("view",),
        "ledgerentry": ("view",),
        "organisation": ("view",),
        "fund": ("view", "change"),
        "strand": EDIT,
        "criterion": EDIT + ("delete",),
        "round": EDIT,
        "priority": ("view",),
        "ward": ("view",),
        "wardpot": EDIT,
        "report": ("view",),
        "outcomemeasure": ("view",),
    },
}
# Finance build, approve and pay runs through the run's pages, which call grants.services.payment_runs
# (and refuse anyone approving a run they built); "view" is what opens those pages.
FINANCE_PERMISSIONS = {
    "grants": {
        "paymentrun": ("view",),
        "instalment": ("view",),
        "paymenthold": ("view",),
        "schedulechange": ("view",),
        "application": ("view",),
        "ledgerentry": ("view",),
        "organisation": ("view",),
    },
}
# Roles (who is staff, in which group, a councillor, a member of which group) change only here, and
# every change is written to the audit log. Administrators do not take part in the grants' workflow.
ALL = ("view", "add", "change", "delete")
ADMINISTRATOR_PERMISSIONS = {
    "accounts": {"user": ALL},
    "auth": {"group": ALL},
    "audit": {"auditentry": ("view",)},
    # Only administrators export a person's data (subject access).
    "privacy": {"personrecord": ("view", "export")},
    "grants": {
        "councillor": ALL,
        "membership": ALL,
        "organisation": ("view", "change"),  # to manage its members inline
        "ward": ("view",),  # to choose a councillor's wards
        # To look at drafts for support: each look is audited (grants/admin/application_pages.py).
        "application": ("view",),
        "budgetline": ("view",),
        "document": ("view",),
    },
}
ROLE_PERMISSIONS = {
    OFFICER_GROUP: OFFICER_PERMISSIONS,
    PANEL_GROUP: PANEL_PERMISSIONS,
    FINANCE_GROUP: FINANCE_PERMISSIONS,
    ADMINISTRATOR_GROUP: ADMINISTRATOR_PERMISSIONS,
}


def ensure_role_groups(**kwargs):
    for group_name, apps in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [
            f"{action}_{model}" for models in apps.values() for model, actions in models.items() for action in actions
        ]
        permissions = Permission.objects.filter(content_type__app_label__in=list(apps), codename__in=codenames)
        group.permissions.set(permissions)
