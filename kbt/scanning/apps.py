from django.apps import AppConfig


class ScanningConfig(AppConfig):
    name = "kbt.scanning"
    label = "scanning"
    verbose_name = "Virus scanning"
