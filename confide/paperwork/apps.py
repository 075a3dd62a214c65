from django.apps import AppConfig


class PaperworkConfig(AppConfig):
    name = "confide.paperwork"
    label = "paperwork"
    verbose_name = "Paperwork and consents"
