import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confide.settings.production")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402

from confide.practice.checks import refusals  # noqa: E402

# A production start refuses the demo practice's database, and published passwords.
if not settings.DEBUG and (refused := refusals()):
    raise ImproperlyConfigured(
        "Refusing to start: " + " ".join(f"{e.msg} {e.hint}" for e in refused)
    )
