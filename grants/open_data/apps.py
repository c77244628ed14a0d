from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "grants.open_data"
    label = "open_data"
    verbose_name = "Open data"
    default_auto_field = "django.db.models.BigAutoField"
