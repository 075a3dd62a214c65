from django.apps import AppConfig


class IptConfig(AppConfig):
    name = "confide.ipt"
    label = "ipt"
    verbose_name = "IPT formulation and plan"
