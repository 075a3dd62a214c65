"""What the public check keeps: anonymous counts always, a result only when the person asks."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.db import models

# No 0/O or 1/I/L: the code is read aloud and typed by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def hash_code(code: str) -> str:
    normalised = code.replace("-", "").replace(" ", "").upper()
    return hashlib.sha256(normalised.encode()).hexdigest()


class ScreeningTally(models.Model):
    """How many checks ended in each band each week. Nothing about any one person."""

    instrument = models.CharField(max_length=20)
    severity = models.CharField(max_length=30)
    week = models.DateField(help_text="The Monday of the week.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instrument", "severity", "week"], name="one_tally")
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.instrument} {self.severity}: {self.count}"


class KeptScreening(models.Model):
    """A result the person chose to keep, found again only by its one-time code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code_hash = models.CharField(max_length=64, unique=True)
    audience = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Kept screening {self.id}"
