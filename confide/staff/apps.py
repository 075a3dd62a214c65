from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "confide.staff"
    label = "staff"
    verbose_name = "Staff area"
