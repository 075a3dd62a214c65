from django.urls import path

from confide.notify import views

app_name = "portal_texts"
urlpatterns = [path("", views.portal_choice, name="choice")]
