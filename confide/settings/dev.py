"""Development: DEBUG on, an insecure key, mail to the console, tasks run at once."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-insecure-key-never-use-in-production")

CONFIDE_SMS_BACKEND = env_str("CONFIDE_SMS_BACKEND", "confide.notify.sms.ConsoleBackend")
CONFIDE_SMS_WEBHOOK_SECRET = env_str("CONFIDE_SMS_WEBHOOK_SECRET", "dev-webhook-secret")
CONFIDE_VIDEO_BACKEND = env_str("CONFIDE_VIDEO_BACKEND", "confide.telehealth.video.LocalBackend")

# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
