from django.urls import path

from confide.messaging import portal_views

app_name = "portal_messages"
urlpatterns = [
    path("", portal_views.inbox, name="inbox"),
    path("<uuid:thread_id>/", portal_views.thread, name="thread"),
    path("files/<uuid:attachment_id>/", portal_views.attachment, name="file"),
]
