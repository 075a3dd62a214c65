from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "confide.assessments"
    label = "assessments"
    verbose_name = "Assessments"
