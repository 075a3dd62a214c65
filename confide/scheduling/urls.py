from django.urls import path

from confide.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("", views.week, name="week"),
    path("locations/<slug:slug>/", views.day, name="day"),
    path("book/", views.book, name="book"),
    path("appointments/<uuid:appointment_id>/", views.detail, name="appointment"),
    path("appointments/<uuid:appointment_id>/move/", views.move, name="move"),
    path("appointments/<uuid:appointment_id>/cancel/", views.cancel, name="cancel"),
    path("appointments/<uuid:appointment_id>/outcome/", views.outcome, name="outcome"),
    path("calendar-link/", views.feed_settings, name="feed_settings"),
]
