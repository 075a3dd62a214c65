from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "confide.screening"
    label = "screening"
    verbose_name = "Public symptom check"
