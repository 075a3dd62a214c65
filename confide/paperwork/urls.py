"""Paperwork in the portal, under /portal/paperwork/."""

from django.urls import path

from confide.paperwork import views

app_name = "paperwork"
urlpatterns = [
    path("documents/<uuid:document_id>/", views.document, name="document"),
    path("documents/<uuid:document_id>/signed.pdf", views.document_pdf, name="document_pdf"),
    path("documents/<uuid:document_id>/revoke/", views.revoke, name="revoke"),
    path("forms/<uuid:form_id>/", views.intake_form, name="form"),
]
