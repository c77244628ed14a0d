from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Grants"

    def ready(self):
        from .public_cache import connect

        connect()  # the public fund pages' cached content follows every write to the fund's data
