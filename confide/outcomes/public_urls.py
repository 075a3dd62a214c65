from django.urls import path

from confide.outcomes import public_views

app_name = "measures"
urlpatterns = [
    path("mine/<uuid:link_id>/", public_views.answer_signed_in, name="mine"),
    path("<str:token>/", public_views.answer, name="answer"),
]
