from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "confide.notify"
    label = "notify"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # Each app says how its notifications read in its own `notifications.py`.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("notifications")
