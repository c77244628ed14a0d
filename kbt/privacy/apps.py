from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Data protection: retention, subject access, erasure and equality monitoring."""

    name = "kbt.privacy"
    label = "privacy"
    verbose_name = "Data protection"
    default_auto_field = "django.db.models.BigAutoField"
