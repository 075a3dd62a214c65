from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "confide.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"
