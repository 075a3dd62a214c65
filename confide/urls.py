from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from confide.api.urls import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="screening:start"), name="home"),
    path("check/", include("confide.screening.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
