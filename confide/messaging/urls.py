from django.urls import path

from confide.messaging import staff_views

app_name = "staff_messages"
urlpatterns = [
    path("", staff_views.inbox, name="inbox"),
    path("<uuid:thread_id>/", staff_views.thread, name="thread"),
    path("<uuid:thread_id>/reply-needed/", staff_views.mark, name="mark"),
    path("<uuid:thread_id>/reviewed/", staff_views.review, name="review"),
    path("clients/<uuid:client_id>/new/", staff_views.new_thread, name="new"),
    path("files/<uuid:attachment_id>/", staff_views.attachment, name="file"),
]
