from django.urls import path

from confide.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("for/<uuid:client_id>/", views.for_client, name="client"),
    path("record/<uuid:client_id>/record.pdf", views.record_pdf, name="record_pdf"),
    path("record/<uuid:client_id>/record.fhir.json", views.record_fhir, name="record_fhir"),
]
