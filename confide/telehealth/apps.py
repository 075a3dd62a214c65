from django.apps import AppConfig


class TelehealthConfig(AppConfig):
    name = "confide.telehealth"
    label = "telehealth"
    verbose_name = "Telehealth rooms"

    def ready(self) -> None:
        from confide.telehealth import checks  # noqa: F401 (registers the deploy check)
