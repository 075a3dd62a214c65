from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "confide.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from confide.outcomes import signals

        signals.connect()
