from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "confide.audit"
    label = "audit"
    verbose_name = "Audit trail"
