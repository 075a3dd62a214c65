"""Portal access and paperwork on the staff side, under /staff/paperwork/."""

from django.urls import path

from confide.paperwork import staff_views as views

app_name = "paperwork_staff"
urlpatterns = [
    path("clients/<uuid:client_id>/invite/", views.invite, name="invite"),
    path("clients/<uuid:client_id>/close/", views.close_portal, name="close"),
    path("clients/<uuid:client_id>/guardians/new/", views.guardian_new, name="guardian_new"),
    path("clients/<uuid:client_id>/sharing/", views.sharing, name="sharing"),
    path("clients/<uuid:client_id>/releases/new/", views.release_new, name="release_new"),
    path("guardians/<uuid:guardian_id>/remove/", views.guardian_remove, name="guardian_remove"),
    path("documents/<uuid:document_id>/signed.pdf", views.document_pdf, name="document_pdf"),
    path("documents/<uuid:document_id>/revoke/", views.revoke, name="revoke"),
    path("forms/<uuid:form_id>/", views.review, name="review"),
]
