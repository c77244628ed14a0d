from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "kbt.outbox"
    label = "outbox"
    verbose_name = "Emails"
    default_auto_field = "django.db.models.BigAutoField"
