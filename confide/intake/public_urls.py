from django.urls import path

from confide.intake import views

app_name = "request"
urlpatterns = [
    path("", views.request_form, name="form"),
    path("sent/", views.request_sent, name="sent"),
]
