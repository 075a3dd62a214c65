from django.urls import path

from confide.scheduling import feed_views

app_name = "calendar"
urlpatterns = [
    path("<str:token>.ics", feed_views.feed, name="feed"),
    path(
        "appointments/<uuid:appointment_id>.ics",
        feed_views.appointment_ics,
        name="appointment",
    ),
]
