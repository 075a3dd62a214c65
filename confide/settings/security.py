"""Accounts and sessions: lockout, second factor, session lifetimes (imported by base.py;
Confide's own session middleware is placed in base.py's MIDDLEWARE)."""

from __future__ import annotations

from datetime import timedelta

from .env import env_int, env_str

LOGIN_URL = "accounts:login"
# A small view sends staff to /staff/ and clients to /portal/.
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"


# Sessions: idle logoff by role, and an absolute limit whatever the activity.
CONFIDE_STAFF_IDLE_MINUTES = env_int("CONFIDE_STAFF_IDLE_MINUTES", 15, minimum=1)
CONFIDE_CLIENT_IDLE_MINUTES = env_int("CONFIDE_CLIENT_IDLE_MINUTES", 60, minimum=1)
CONFIDE_SESSION_MAX_HOURS = env_int("CONFIDE_SESSION_MAX_HOURS", 12, minimum=1)
# The store drops a session at the absolute limit at the latest; the cookie dies with the browser.
SESSION_COOKIE_AGE = CONFIDE_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# API tokens.
CONFIDE_API_TOKEN_HOURS = env_int("CONFIDE_API_TOKEN_HOURS", 8, minimum=1)

# Lockout (django-axes): 5 failures for one username from one address lock that pair for a fixed
# 15 minutes. Tries during the lockout do not extend it: a stranger's guesses must not keep a
# colleague out all day.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CONFIDE_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "confide.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Masked in Axes' logs (the password always is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp", "code"]
# The address the practice's own proxies vouch for (CONFIDE_TRUSTED_PROXIES), never one a client
# wrote; failures are kept in the database, so every app server sees every other one's.
AXES_CLIENT_IP_CALLABLE = "confide.core.addresses.client_address"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# Second factor (django-otp).
OTP_TOTP_ISSUER = env_str("CONFIDE_OTP_ISSUER", "Confide")

# Invitations (a one-time link to set a first password) and password reset links.
CONFIDE_INVITE_DAYS = env_int("CONFIDE_INVITE_DAYS", 7, minimum=1)
PASSWORD_RESET_TIMEOUT = env_int("CONFIDE_PASSWORD_RESET_HOURS", 2, minimum=1) * 3600
# Reset requests: per address and per e-mail address asked about, in a window.
CONFIDE_RESET_LIMIT = env_int("CONFIDE_RESET_LIMIT", 5, minimum=1)
CONFIDE_RESET_WINDOW_SECONDS = env_int("CONFIDE_RESET_WINDOW_SECONDS", 3600, minimum=60)
