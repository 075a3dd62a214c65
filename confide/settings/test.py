"""Tests: fast hashing, in-memory mail, tasks at once."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-insecure-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CONFIDE_SMS_BACKEND = "confide.notify.sms.LocmemBackend"
CONFIDE_SMS_WEBHOOK_SECRET = "test-webhook-secret"  # noqa: S105
CONFIDE_VIDEO_BACKEND = "confide.telehealth.video.LocalBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Message files go to a directory of this test run, never the developer's var/.
import atexit as _atexit  # noqa: E402
import shutil as _shutil  # noqa: E402
import tempfile as _tmp  # noqa: E402

CONFIDE_PRIVATE_MEDIA_ROOT = Path(_tmp.mkdtemp(prefix="confide-private-"))  # noqa: F405
_atexit.register(_shutil.rmtree, CONFIDE_PRIVATE_MEDIA_ROOT, ignore_errors=True)
STORAGES["private"] = {
    **STORAGES["private"],
    "OPTIONS": {**STORAGES["private"]["OPTIONS"], "location": CONFIDE_PRIVATE_MEDIA_ROOT},
}

# The database cache whatever REDIS_URL says: the counters then roll back with each test, and
# parallel test runs never share a Redis. (tests/core/test_shared_limits.py tries Redis itself.)
CACHES = {
    "default": {
        "BACKEND": "confide.core.cache.DatabaseCache",
        "LOCATION": "confide_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The live-server thread must not keep connections open past a test: PostgreSQL refuses to
# drop a test database that still has users.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: concurrency tests run threads with their own connections,
    # and only a file database makes them wait on the write lock as production does (memory
    # databases fail with "table is locked" instead). One file per test process.
    import os as _os
    import tempfile as _tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": _os.path.join(_tempfile.gettempdir(), f"confide-test-{_os.getpid()}.sqlite3")
    }

# Tests check every exported resource against fhir.resources.
CONFIDE_EXPORT_CHECK_EVERY = 1
