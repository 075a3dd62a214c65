"""One FHIR bulk export in a process of its own, so its peak memory can be read cleanly."""

import json
import sys

import django

django.setup()

from bench.export import _export  # noqa: E402
from confide.accounts.models import User  # noqa: E402


def peak_kb() -> int:
    """This process's own peak resident memory. Not getrusage's ru_maxrss, which survives
    exec and so reports the parent's size at fork: VmHWM belongs to this address space."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("No VmHWM in /proc/self/status (Linux only).")


exporter = User.objects.get(username=sys.argv[1])
exported, took = _export(exporter)
print(json.dumps({"count": exported, "seconds": took, "max_rss": peak_kb()}))
