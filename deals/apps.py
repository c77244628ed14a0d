from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = "Deals"

    def ready(self):
        from .figures import connect

        connect()  # the deals list's cached figures follow every write to a deal's data
