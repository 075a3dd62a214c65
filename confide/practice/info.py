"""The practice as public pages show it: name and contact from settings, places from the DB."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from confide.practice.models import Location


@dataclass(frozen=True)
class PracticeInfo:
    name: str
    phone: str
    email: str
    locations: list[Location]


def practice_info() -> PracticeInfo:
    conf = settings.CONFIDE_PRACTICE
    locations = list(Location.objects.prefetch_related("opening_hours"))
    return PracticeInfo(
        name=conf["name"], phone=conf["phone"], email=conf["email"], locations=locations
    )
