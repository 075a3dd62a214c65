from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "confide.billing"
    label = "billing"
    verbose_name = "Money"

    def ready(self) -> None:
        # Charges and estimates follow the diary and the plan through their domain signals.
        from confide.billing import hooks

        hooks.connect()
