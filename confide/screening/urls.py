from django.urls import path

from confide.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.start, name="start"),
    path("questions/", views.questions, name="questions"),
    path("keep/", views.keep, name="keep"),
]
