from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The legal and contact pages every page's footer links to. No models: the pages read settings (the
    retention periods, contacts) and the one list of cookies, so they always say what the portal does."""

    name = "kbt.pages"
    label = "pages"
    verbose_name = "Legal pages"
