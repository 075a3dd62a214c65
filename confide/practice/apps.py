from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "confide.practice"
    label = "practice"
    verbose_name = "Practice"

    def ready(self) -> None:
        from confide.practice import checks  # noqa: F401 - registers the system checks
