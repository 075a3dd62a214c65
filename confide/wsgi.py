import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confide.settings.production")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402

from confide.practice.checks import demo_accounts_present  # noqa: E402

# A production start refuses a database that holds the demo's published-password accounts.
if not settings.DEBUG and demo_accounts_present():
    raise ImproperlyConfigured("Demo accounts exist in this database; refusing to start.")
