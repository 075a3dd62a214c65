from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "confide.pages"
    label = "pages"
    verbose_name = "Public pages"
