from django.urls import path

from confide.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("clients/", views.client_list, name="clients"),
    path("clients/new/", views.client_new, name="client_new"),
    path("clients/<uuid:client_id>/", views.client_detail, name="client"),
    path("clients/<uuid:client_id>/edit/", views.client_edit, name="client_edit"),
    path("clients/<uuid:client_id>/break-glass/", views.break_glass, name="break_glass"),
    path("audit/", views.audit_log, name="audit"),
]
