"""Sending a domain signal (appointment changed, formulation accepted) the same way everywhere.

A listener in another area must never undo the change that was announced: errors are caught by
`send_robust`, logged without content, and the sender carries on.
"""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import Signal

from confide.audit.actor import Actor

logger = logging.getLogger(__name__)

# Sent with `worker_id` when `manage.py worker` starts: whatever a worker of that id was running
# before died with it (the areas that run long jobs connect to this).
worker_started = Signal()


def announce(signal: Signal, sender: Any, *, actor: Actor, **kwargs: Any) -> None:
    """Send `signal` with the `actor` of the change it announces."""
    for receiver, result in signal.send_robust(sender=sender, actor=actor, **kwargs):
        if isinstance(result, Exception):
            logger.error(
                "Listener %s failed: %s",
                getattr(receiver, "__qualname__", receiver),
                type(result).__name__,
                exc_info=result,
            )
