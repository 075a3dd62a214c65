"""Kept for code written before the page door moved to confide/core/doors.py: import from there."""

from confide.core.doors import STAFF, role_required

__all__ = ["STAFF", "role_required"]
