from django.apps import AppConfig


class IptConfig(AppConfig):
    name = "confide.ipt"
    label = "ipt"
    verbose_name = "IPT formulation and plan"

    def ready(self) -> None:
        from confide.ipt import checks  # noqa: F401 - registers the system check
