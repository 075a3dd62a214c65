"""One FHIR bulk export in a process of its own, so its peak memory can be read cleanly."""

import json
import resource
import sys

import django

django.setup()

from bench.export import _export  # noqa: E402
from confide.accounts.models import User  # noqa: E402

exporter = User.objects.get(username=sys.argv[1])
exported, took = _export(exporter)
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"count": exported, "seconds": took, "max_rss": peak_kb}))
