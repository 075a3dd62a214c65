"""What the diary tells the rest of Confide: one signal, sent by actions.py after each change.

    appointment_changed(sender=Appointment, appointment=..., change=..., actor=Actor)

`change` is one of BOOKED, MOVED, CANCELLED, ATTENDED, NO_SHOW. It is sent inside the change's
transaction where there is one, so a listener's rows commit with the change; a listener's error
is logged and never undoes it (confide/core/signals.py). Scheduling imports nobody's internals:
billing, for one, listens here to draft charges and Good Faith Estimates.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

from confide.audit.actor import Actor
from confide.core.signals import announce

BOOKED, MOVED, CANCELLED, ATTENDED, NO_SHOW = "booked", "moved", "cancelled", "attended", "no_show"

appointment_changed = Signal()


def changed(appointment: Any, change: str, actor: Actor) -> None:
    from confide.scheduling.models import Appointment

    announce(appointment_changed, Appointment, actor=actor, appointment=appointment, change=change)
