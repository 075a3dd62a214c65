from django.urls import path

from confide.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<uuid:request_id>/", views.detail, name="detail"),
    path("<uuid:request_id>/status/", views.change_status, name="status"),
    path("<uuid:request_id>/accept/", views.accept, name="accept"),
    path("questions/<uuid:question_id>/", views.question_status, name="question"),
]
