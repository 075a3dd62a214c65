from django.urls import path

from confide.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("ipt/", views.ipt, name="ipt"),
    path("approaches/", views.approaches, name="approaches"),
    path("clinicians/", views.clinicians, name="clinicians"),
    path("clinicians/<uuid:id>/", views.clinician, name="clinician"),
    path("locations/", views.locations, name="locations"),
    path("ask/", views.ask, name="ask"),
    path("ask/sent/", views.ask_sent, name="ask_sent"),
    path("pages/<slug:slug>/", views.page, name="page"),
]
