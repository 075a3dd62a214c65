"""Benchmark settings: production's stack (DEBUG off, the same middleware), on a local server."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "k" * 20 + "9f2b7c1e5a8d3f6b0c4e7a1d9b2f5c8e")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
# A fixed key for synthetic data only.
os.environ.setdefault("CONFIDE_NOTE_KEYS", "YmVuY2gtb25seS1rZXktZm9yLXN5bnRoZXRpYy1kYXQ=")

from confide.settings.production import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ROOT_URLCONF = "bench.urls"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# Static files straight from the apps: no collectstatic step before a benchmark.
WHITENOISE_USE_FINDERS = True
