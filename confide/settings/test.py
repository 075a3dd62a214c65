"""Tests: fast hashing, in-memory mail, tasks at once."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-insecure-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The live-server thread must not keep connections open past a test: PostgreSQL refuses to
# drop a test database that still has users.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
