from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "confide.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Audit rows and session clocks hang off Django's sign-in signals.
        from confide.accounts import signals  # noqa: F401
