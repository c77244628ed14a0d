from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "kbt.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import middleware  # noqa: F401  (starts the session clocks at sign-in)
        from .roles import ensure_role_groups

        post_migrate.connect(ensure_role_groups, dispatch_uid="kbt.accounts.ensure_role_groups")
