from django.urls import path

from confide.notify import views

app_name = "texts"
urlpatterns = [
    path("", views.texts, name="list"),
    path("<uuid:text_id>/", views.text_detail, name="detail"),
    path("clients/<uuid:client_id>/consent/", views.staff_record, name="consent"),
]
