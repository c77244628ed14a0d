"""The officers' groups and what each may do. Run after every migrate, so it is always in step."""

from django.contrib.auth.models import Group, Permission

from .models import OFFICER_GROUP, PANEL_GROUP

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
        "organisation": EDIT,
        "membership": EDIT + ("delete",),
        "fund": ("view",),
        "strand": ("view",),
        "criterion": ("view",),
        "round": EDIT,
        "priority": ("view",),
        "ward": ("view",),
        "wardpot": ("view",),
        "councillor": EDIT,
        "reminderrule": EDIT,
        "sentreminder": ("view", "change"),  # change: only to try a failed one again
    },
    "deals": {
        "deal": EDIT + ("delete",),
        "party": EDIT + ("delete",),
        "commitment": EDIT + ("delete",),
        "progressupdate": EDIT + ("delete",),
        "principle": ("view",),
    },
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
# Issue 17. Officers see what the retention job did and the equality report (totals only).
OFFICER_PERMISSIONS["privacy"] = {"retentionrun": ("view",), "equalityresponse": ("view",)}
# Only administrators export a person's data (subject access) and search the audit log.
ADMINISTRATORS_PRIVACY_PERMISSIONS = {
    "privacy": {"personrecord": ("view", "export")},
    "audit": {"auditentry": ("view",)},
}
ROLE_PERMISSIONS = {
    OFFICER_GROUP: OFFICER_PERMISSIONS,
    PANEL_GROUP: PANEL_PERMISSIONS,
    "Administrators": ADMINISTRATORS_PRIVACY_PERMISSIONS,
}


def ensure_role_groups(**kwargs):
    for group_name, apps in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [
            f"{action}_{model}" for models in apps.values() for model, actions in models.items() for action in actions
        ]
        permissions = Permission.objects.filter(content_type__app_label__in=list(apps), codename__in=codenames)
        group.permissions.set(permissions)
