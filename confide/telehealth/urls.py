from django.urls import path

from confide.telehealth import views

app_name = "telehealth"
urlpatterns = [
    path("<uuid:appointment_id>/", views.join, name="join"),
    path("local/<slug:room>/", views.local_room, name="local_room"),
]
