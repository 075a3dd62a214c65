"""Deploy checks: a production video service that is really one, with a real secret."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL = "confide.telehealth.video.LocalBackend"


@register(Tags.security, deploy=True)
def check_video_service(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    path = settings.CONFIDE_VIDEO_BACKEND
    if not path or settings.DEBUG:
        return []
    if path == LOCAL:
        return [
            Error(
                "CONFIDE_VIDEO_BACKEND is the local stand-in: sessions would have no video.",
                hint="Use confide.telehealth.video.JitsiBackend (docs/deployment.md), or leave "
                "it empty to use links typed on each appointment.",
                id="confide.E020",
            )
        ]
    errors = []
    if not settings.CONFIDE_VIDEO_URL.startswith("https://"):
        errors.append(
            Error(
                "CONFIDE_VIDEO_URL must be the video service's https:// address.",
                id="confide.E021",
            )
        )
    if len(settings.CONFIDE_VIDEO_APP_SECRET) < 32:
        errors.append(
            Error(
                "CONFIDE_VIDEO_APP_SECRET is missing or shorter than 32 characters.",
                hint="Use the same long random value as the video service's JWT_APP_SECRET.",
                id="confide.E022",
            )
        )
    return errors
