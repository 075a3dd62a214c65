from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path, re_path

from confide.api.urls import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("check/", include("confide.screening.urls")),
    path("request/", include("confide.intake.public_urls")),
    path("m/", include("confide.outcomes.public_urls")),
    path("calendar/", include("confide.scheduling.feed_urls")),
    path("portal/billing/", include("confide.billing.portal_urls")),
    path("portal/messages/", include("confide.messaging.portal_urls")),
    path("portal/texts/", include("confide.notify.portal_urls")),
    path("portal/", include("confide.portal.urls")),
    path("staff/intake/", include("confide.intake.urls")),
    path("staff/schedule/", include("confide.scheduling.urls")),
    path("staff/ipt/", include("confide.ipt.urls")),
    path("staff/messages/", include("confide.messaging.urls")),
    path("staff/texts/", include("confide.notify.urls")),
    path("staff/outcomes/", include("confide.outcomes.urls")),
    path("staff/billing/", include("confide.billing.urls")),
    path("video/", include("confide.telehealth.urls")),
    path("sms/", include("confide.notify.webhook_urls")),
    path("accounts/", include("confide.accounts.urls")),
    path("staff/", include("confide.staff.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("confide.pages.urls")),
]


def _never_served(request: HttpRequest, rest: str = "") -> HttpResponse:
    raise Http404


# Uploaded clinician photos; in production the proxy serves MEDIA_ROOT (docs/deployment.md).
# Message files live in its private/ folder, encrypted, and are never served from there: only
# the messaging views, which check access and audit, hand them out.
urlpatterns += [re_path(r"^media/private/(?P<rest>.*)$", _never_served)]
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
