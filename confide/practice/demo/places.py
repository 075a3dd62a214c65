"""The demo practice's places: Greenwich CT and Manhattan NY, Monday-Saturday 8am-8pm."""

from __future__ import annotations

from datetime import time
from typing import Any

from confide.practice.models import Location, OpeningHours, Room

LOCATIONS: list[dict[str, Any]] = [
    {
        "slug": "greenwich",
        "name": "Greenwich, CT",
        "street": "15 Valley Drive, 1st Floor",
        "city": "Greenwich",
        "region": "CT",
        "postal_code": "06831",
        "phone": "(203) 555-0142",
        "display_order": 1,
        "rooms": ["Room 1", "Room 2", "Family room"],
    },
    {
        "slug": "manhattan",
        "name": "Manhattan, NY",
        "street": "250 West 57th Street, Suite 1200",
        "city": "New York",
        "region": "NY",
        "postal_code": "10107",
        "phone": "(212) 555-0188",
        "display_order": 2,
        "rooms": ["Room A", "Room B"],
    },
]
OPEN_DAYS = range(0, 6)  # Monday to Saturday
OPENS, CLOSES = time(8), time(20)


def load_places() -> list[Location]:
    """Create or update the demo locations, their hours and rooms; safe to run twice."""
    locations = []
    for spec in LOCATIONS:
        spec = dict(spec)
        rooms = list(spec.pop("rooms"))
        location, _ = Location.objects.update_or_create(
            slug=spec.pop("slug"), defaults={**spec, "time_zone": "America/New_York"}
        )
        for weekday in OPEN_DAYS:
            OpeningHours.objects.update_or_create(
                location=location, weekday=weekday, defaults={"opens": OPENS, "closes": CLOSES}
            )
        for name in rooms:
            Room.objects.get_or_create(location=location, name=name)
        locations.append(location)
    return locations
