from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: the seed_demo command, where grants' and deals' demo data meet."""

    name = "kbt.demo"
    label = "demo"
    verbose_name = "Demo data"
