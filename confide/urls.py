from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from confide.api.urls import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("check/", include("confide.screening.urls")),
    path("request/", include("confide.intake.public_urls")),
    path("m/", include("confide.outcomes.public_urls")),
    path("calendar/", include("confide.scheduling.feed_urls")),
    path("portal/billing/", include("confide.billing.portal_urls")),
    path("portal/", include("confide.portal.urls")),
    path("staff/intake/", include("confide.intake.urls")),
    path("staff/schedule/", include("confide.scheduling.urls")),
    path("staff/ipt/", include("confide.ipt.urls")),
    path("staff/outcomes/", include("confide.outcomes.urls")),
    path("staff/billing/", include("confide.billing.urls")),
    path("accounts/", include("confide.accounts.urls")),
    path("staff/", include("confide.staff.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("confide.pages.urls")),
]

# Uploaded clinician photos; in production the proxy serves MEDIA_ROOT (docs/deployment.md).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
