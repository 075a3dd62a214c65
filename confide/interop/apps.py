from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "confide.interop"
    label = "interop"
    verbose_name = "FHIR interoperability"
