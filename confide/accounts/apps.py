from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "confide.accounts"
    label = "accounts"
    verbose_name = "Accounts"
