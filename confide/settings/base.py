"""Settings shared by every environment; values come from the environment (see env.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url

from .env import env_bool, env_int, env_json, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("CONFIDE_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_ratelimit",
    "confide.core",
    "confide.audit",
    "confide.notify",
    "confide.accounts",
    "confide.practice",
    "confide.assessments",
    "confide.screening",
    "confide.pages",
    "confide.staff",
    "confide.intake",
    "confide.scheduling",
    "confide.ipt",
    "confide.outcomes",
    "confide.interop",
    "confide.billing",
    "confide.paperwork",
    "confide.portal",
    "confide.messaging",
    "confide.telehealth",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after WhiteNoise, so that it sees every dynamic response and never a static file.
    "confide.accounts.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages (to say why a session ended) and OTP (to know if the session is verified).
    "confide.accounts.middleware.SessionLimitsMiddleware",
    "confide.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A change the database refuses gets a 409/422 page, not a 500 (confide/core/dberrors.py).
    "confide.core.middleware.DatabaseRefusalMiddleware",
    # Last: it must see the outcome of authentication to lock out repeated failures.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "confide.urls"
WSGI_APPLICATION = "confide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "confide.practice.context_processors.practice",
            ],
        },
    },
]

# SQLite by default so that a fresh machine needs nothing else; PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'confide.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
# The release step's `manage.py migrate` connects as this role, the database's owner; everything
# else connects as DATABASE_URL's, which may add to the audit trail but never change it
# (confide/core/management/commands/migrate.py, docs/deployment.md).
DATABASE_MIGRATE_URL = env_secret("DATABASE_MIGRATE_URL", "")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions serialise writers, so a check-then-insert cannot interleave.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

# How many reverse proxies of the practice's own stand in front of the app servers: the client's
# address is the one the outermost of them saw (confide/core/addresses.py). 0: no proxy, and any
# X-Forwarded-For header is ignored.
CONFIDE_TRUSTED_PROXIES = env_int("CONFIDE_TRUSTED_PROXIES", 0, minimum=0)

# One cache shared by every app server (rate limits, saved searches): Redis when REDIS_URL is set,
# else a table in the database. Never per-process memory: each server would count on its own.
REDIS_URL = env_str("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "confide",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "confide.core.cache.DatabaseCache",
            "LOCATION": "confide_cache",
            # Culling drops live counters; a rate-limit entry is a few bytes.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
# django-ratelimit counts per client address; a whole IPv6 /64 is one client.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IPV6_MASK = 64
# django-ratelimit only vouches for memcached and django-redis; Django's own Redis backend
# increments atomically (INCR) and so does confide.core.cache.DatabaseCache.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "confide.accounts.passwords.NotPublished"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("CONFIDE_STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("CONFIDE_MEDIA_ROOT", str(VAR_DIR / "media")))

# Files shared in messages (confide/messaging/files.py): encrypted, under random names, in a
# directory nothing serves (the proxy and the development server refuse /media/private/), or in
# an S3-compatible bucket through django-storages (`pip install 'confide[s3]'`).
CONFIDE_PRIVATE_MEDIA_ROOT = Path(
    env_str("CONFIDE_PRIVATE_MEDIA_ROOT", str(MEDIA_ROOT / "private"))
)
CONFIDE_PRIVATE_BUCKET = env_str("CONFIDE_PRIVATE_BUCKET", "")
_PRIVATE_STORAGE: dict[str, Any]
if CONFIDE_PRIVATE_BUCKET:
    _PRIVATE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": CONFIDE_PRIVATE_BUCKET,
            "location": env_str("CONFIDE_PRIVATE_PREFIX", "private"),
            "region_name": env_str("CONFIDE_PRIVATE_REGION", "") or None,
            "endpoint_url": env_str("CONFIDE_PRIVATE_ENDPOINT_URL", "") or None,
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    _PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": CONFIDE_PRIVATE_MEDIA_ROOT,
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }

STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": _PRIVATE_STORAGE,
}
# The largest file a message may carry.
CONFIDE_UPLOAD_MAX_MB = env_int("CONFIDE_UPLOAD_MAX_MB", 10, minimum=1)
# A file that may be accepted stays in memory until it is encrypted: never a plain copy on disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = (CONFIDE_UPLOAD_MAX_MB + 1) * 1024 * 1024
# What the portal promises about replies to messages (they are not watched around the clock).
CONFIDE_MESSAGE_REPLY_DAYS = env_int("CONFIDE_MESSAGE_REPLY_DAYS", 2, minimum=1)

TASKS = {
    "default": {
        "BACKEND": env_str(
            "CONFIDE_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Confide <no-reply@confide.example>")

# Text messages (confide/notify/sms.py): empty means no provider, so nothing is texted.
CONFIDE_SMS_BACKEND = env_str("CONFIDE_SMS_BACKEND", "")
CONFIDE_TWILIO_ACCOUNT_SID = env_str("CONFIDE_TWILIO_ACCOUNT_SID", "")
CONFIDE_TWILIO_AUTH_TOKEN = env_secret("CONFIDE_TWILIO_AUTH_TOKEN", "")
CONFIDE_TWILIO_FROM = env_str("CONFIDE_TWILIO_FROM", "")
# Numbers typed without a country code are read in this region.
CONFIDE_SMS_REGION = env_str("CONFIDE_SMS_REGION", "US")
# Replies to the practice's number come to /sms/inbound/, signed as Twilio signs them: with the
# auth token for Twilio, with this secret for the console and in-memory backends.
CONFIDE_SMS_WEBHOOK_SECRET = env_secret("CONFIDE_SMS_WEBHOOK_SECRET", "")
# The webhook's public URL as the provider calls it (the signature covers it), when it differs
# from what the proxy passes on.
CONFIDE_SMS_WEBHOOK_URL = env_str("CONFIDE_SMS_WEBHOOK_URL", "")
# Answer STOP, START and HELP ourselves; turn off when the provider answers them (Twilio's
# Advanced Opt-Out does by default).
CONFIDE_SMS_KEYWORD_REPLIES = env_bool("CONFIDE_SMS_KEYWORD_REPLIES", True)

# Telehealth rooms (confide/telehealth): a self-hosted Jitsi Meet with JWT room tokens in
# production (docs/deployment.md), a local stand-in in development; empty: typed links only.
CONFIDE_VIDEO_BACKEND = env_str("CONFIDE_VIDEO_BACKEND", "")
CONFIDE_VIDEO_URL = env_str("CONFIDE_VIDEO_URL", "")
CONFIDE_VIDEO_APP_ID = env_str("CONFIDE_VIDEO_APP_ID", "confide")
CONFIDE_VIDEO_APP_SECRET = env_secret("CONFIDE_VIDEO_APP_SECRET", "")
CONFIDE_VIDEO_AUDIENCE = env_str("CONFIDE_VIDEO_AUDIENCE", "jitsi")
CONFIDE_VIDEO_SUBJECT = env_str("CONFIDE_VIDEO_SUBJECT", "meet.jitsi")
# The room opens this long before the start and closes this long after the end.
CONFIDE_VIDEO_OPENS_MINUTES = env_int("CONFIDE_VIDEO_OPENS_MINUTES", 15, minimum=0)
CONFIDE_VIDEO_CLOSES_MINUTES = env_int("CONFIDE_VIDEO_CLOSES_MINUTES", 30, minimum=0)
# A room token is good for joining this long after Confide hands it out.
CONFIDE_VIDEO_TOKEN_SECONDS = env_int("CONFIDE_VIDEO_TOKEN_SECONDS", 120, minimum=30)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere: the core flow needs no JavaScript at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Fernet keys for clinical text at rest, newest first (confide/ipt/crypto.py); development and
# tests derive one from SECRET_KEY, production refuses to start without them.
CONFIDE_NOTE_KEYS = [k.strip() for k in env_secret("CONFIDE_NOTE_KEYS", "").split(",") if k.strip()]

# The key of the audit trail's hash chain (confide/audit/chain.py). Set it once and keep it: the
# chain is checked with it, and rotating SECRET_KEY must not make the whole trail look forged.
CONFIDE_AUDIT_KEY = env_secret("CONFIDE_AUDIT_KEY", "")

# Card payments (confide/billing/providers.py): the console provider moves no money; production
# sets confide.billing.providers.StripeProvider with the secret key and the webhook's secret.
CONFIDE_PAYMENT_PROVIDER = env_str(
    "CONFIDE_PAYMENT_PROVIDER", "confide.billing.providers.ConsoleProvider"
)
CONFIDE_STRIPE_SECRET_KEY = env_secret("CONFIDE_STRIPE_SECRET_KEY", "")
CONFIDE_STRIPE_WEBHOOK_SECRET = env_secret("CONFIDE_STRIPE_WEBHOOK_SECRET", "")

# Consultation requests: how many a single address may send per window.
CONFIDE_REQUEST_LIMIT = env_int("CONFIDE_REQUEST_LIMIT", 5, minimum=1)
CONFIDE_REQUEST_WINDOW_SECONDS = env_int("CONFIDE_REQUEST_WINDOW_SECONDS", 3600, minimum=60)

# Measurement-based care (confide/outcomes).
CONFIDE_MEASURE_LINK_HOURS = env_int("CONFIDE_MEASURE_LINK_HOURS", 72, minimum=1)
CONFIDE_MEASURE_OVERDUE_DAYS = env_int("CONFIDE_MEASURE_OVERDUE_DAYS", 8, minimum=1)
CONFIDE_NOT_ON_TRACK_SESSION = env_int("CONFIDE_NOT_ON_TRACK_SESSION", 6, minimum=2)
CONFIDE_EXPECTED_BAND_MIN_COURSES = env_int("CONFIDE_EXPECTED_BAND_MIN_COURSES", 30, minimum=5)
# FHIR bulk export files: a private directory, never served directly.
CONFIDE_EXPORT_DIR = Path(env_str("CONFIDE_EXPORT_DIR", str(VAR_DIR / "exports")))
CONFIDE_EXPORT_CHUNK_SIZE = env_int("CONFIDE_EXPORT_CHUNK_SIZE", 200, minimum=1)
# The bulk export validates the first N resources of each type, then one in EVERY (validation
# is most of its cost; the mappers are tested to emit canonical FHIR).
CONFIDE_EXPORT_CHECK_FIRST = env_int("CONFIDE_EXPORT_CHECK_FIRST", 20, minimum=0)
CONFIDE_EXPORT_CHECK_EVERY = env_int("CONFIDE_EXPORT_CHECK_EVERY", 50, minimum=1)
# An export whose worker has not moved on for this long, or that waited in the queue this long,
# is marked failed with the reason (confide/interop/stalls.py), so that clients stop polling.
CONFIDE_EXPORT_STALL_MINUTES = env_int("CONFIDE_EXPORT_STALL_MINUTES", 15, minimum=1)
CONFIDE_EXPORT_QUEUE_HOURS = env_int("CONFIDE_EXPORT_QUEUE_HOURS", 24, minimum=1)

# Where Confide's own FHIR canonical URLs (Questionnaire, ...) live.
CONFIDE_BASE_URL = env_str("CONFIDE_BASE_URL", "https://confide.example")
# PCL-5 probable-PTSD cut-off; 31-33 is the published range.
CONFIDE_PCL5_CUTOFF = env_int("CONFIDE_PCL5_CUTOFF", 33, minimum=31)
# The reply time promised on the "Ask our experts" confirmation page.
CONFIDE_EXPERT_REPLY_DAYS = env_int("CONFIDE_EXPERT_REPLY_DAYS", 2, minimum=1)
# How long a kept screening result can be attached to a consultation request.
CONFIDE_KEPT_RESULT_DAYS = env_int("CONFIDE_KEPT_RESULT_DAYS", 30, minimum=1)

# The practice as the public pages present it until its records are in the database.
CONFIDE_PRACTICE = {
    "name": env_str("CONFIDE_PRACTICE_NAME", "Greenwich Psychology Group"),
    "phone": env_str("CONFIDE_PRACTICE_PHONE", "(203) 555-0142"),
    "email": env_str("CONFIDE_PRACTICE_EMAIL", "hello@greenwichpsychology.example"),
}

# The crisis lines every page and message gives (confide/practice/crisis.py), first the one to
# lead with. These are the United States'; a practice elsewhere sets CONFIDE_CRISIS as JSON.
CONFIDE_CRISIS = env_json(
    "CONFIDE_CRISIS",
    {
        "emergency": "911",
        "lines": [
            {
                "name": "the Suicide & Crisis Lifeline",
                "call": "988",
                "text": "988",
                "url": "https://988lifeline.org",
            },
            {"name": "the Crisis Text Line", "text": "741741", "keyword": "HOME"},
        ],
    },
)

# No health information in a log line: confide/core/logscrub.py scrubs database errors' DETAIL,
# quoted values and SQL parameters from every record, on every handler and on the loggers that
# log exceptions and SQL. Django's mail_admins handler is left out: it would e-mail a request's
# form data with the traceback.
_SCRUBBED_LOGGERS = [
    "django",
    "django.request",
    "django.security",
    "django.server",
    "django.db.backends",
    "django.db.backends.schema",
    "django.tasks",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "confide",
    "py.warnings",
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "confide.core.logscrub.Scrub"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["scrub"]}},
    "root": {
        "handlers": ["console"],
        "level": env_str("DJANGO_LOG_LEVEL", "INFO"),
        "filters": ["scrub"],
    },
    "loggers": {
        **{name: {"filters": ["scrub"]} for name in _SCRUBBED_LOGGERS},
        # Request lines carry URLs only; no name or answer ever reaches a URL.
        "django.server": {
            "level": "INFO",
            "handlers": ["console"],
            "propagate": False,
            "filters": ["scrub"],
        },
    },
}

# Record retention (confide/practice/retention.py, docs/records.md): years after the last
# contact, and the age before which a record of someone seen as a minor is always kept.
# Defaults: the stricter of Connecticut (7 years) and New York (6 years; minors to age 22).
CONFIDE_RETENTION_YEARS = env_int("CONFIDE_RETENTION_YEARS", 7, minimum=6)
CONFIDE_RETENTION_MINOR_UNTIL_AGE = env_int("CONFIDE_RETENTION_MINOR_UNTIL_AGE", 22, minimum=18)

from .security import *  # noqa: E402, F403
