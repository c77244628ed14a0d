"""The officers' groups and what each may do. Run after every migrate, so it is always in step."""

from django.contrib.auth.models import Group, Permission

from .models import ADMINISTRATOR_GROUP, OFFICER_GROUP, PANEL_GROUP

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
