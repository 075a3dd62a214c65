from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "confide.interop"
    label = "interop"
    verbose_name = "FHIR interoperability"

    def ready(self) -> None:
        from confide.core.signals import worker_started
        from confide.interop.stalls import on_worker_start

        worker_started.connect(on_worker_start, dispatch_uid="interop-exports-left-behind")
