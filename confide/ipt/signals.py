"""What the IPT record tells the rest of Confide, without importing anyone's internals.

    formulation_accepted(sender=Formulation, formulation=..., actor=Actor)

Sent by `accept_formulation` inside its transaction when a formulation becomes the treatment
contract (billing re-drafts the Good Faith Estimate when the course changes). A listener's error
is logged and never undoes the acceptance (confide/core/signals.py).
"""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

from confide.audit.actor import Actor
from confide.core.signals import announce

formulation_accepted = Signal()


def accepted(formulation: Any, actor: Actor) -> None:
    from confide.ipt.models import Formulation

    announce(formulation_accepted, Formulation, actor=actor, formulation=formulation)
