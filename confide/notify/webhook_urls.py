from django.urls import path

from confide.notify import views

app_name = "sms"
urlpatterns = [path("inbound/", views.inbound, name="inbound")]
