from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "kbt.reminders"
    label = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        # The models ask for the kinds here (apps.get_app_config("reminders").kinds), not by importing
        # the registry: the registry's kinds import the models.
        from .registry import registry

        self.kinds = registry
