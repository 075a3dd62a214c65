"""Forms for booking, moving and cancelling; times are typed in the location's local time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from confide.core.forms import set_queryset
from confide.practice.models import Client, Clinician, Location, Room
from confide.scheduling.models import CancelledBy, Format, Kind, zone_for_clinician

LENGTHS = [(45, "45 minutes"), (50, "50 minutes"), (60, "1 hour"), (90, "1 hour 30 minutes")]


class _TimesMixin(forms.Form):
    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
        help_text="In the location's local time (virtual: the clinician's).",
    )
    minutes = forms.TypedChoiceField(label="Length", choices=LENGTHS, coerce=int, initial=50)
    format = forms.ChoiceField(choices=Format.choices, initial=Format.IN_PERSON)
    location = forms.ModelChoiceField(
        queryset=Location.objects.all(),
        required=False,
        help_text="Needed for an in-person session.",
    )
    room = forms.ModelChoiceField(
        queryset=Room.objects.select_related("location"),
        required=False,
        help_text="Leave empty to take the first free room.",
    )

    def times(self, clinician: Clinician) -> tuple[datetime, datetime]:
        """The aware start and end, from the local date and time in the right zone."""
        data = self.cleaned_data
        place = data.get("location")
        zone = place.time_zone if place else zone_for_clinician(clinician)
        start = datetime.combine(data["day"], data["time"], ZoneInfo(zone))
        return start, start + timedelta(minutes=data["minutes"])


class BookingForm(_TimesMixin):
    clinician = forms.ModelChoiceField(queryset=Clinician.objects.active())
    client = forms.ModelChoiceField(queryset=Client.objects.none())
    kind = forms.ChoiceField(
        label="Kind of appointment", choices=Kind.choices, initial=Kind.IPT_SESSION
    )
    session_number = forms.IntegerField(
        label="Session number in the course", required=False, min_value=1, max_value=99
    )
    video_link = forms.URLField(label="Video link", required=False, assume_scheme="https")
    weeks = forms.IntegerField(
        label="Repeat weekly for",
        min_value=1,
        max_value=20,
        initial=1,
        help_text="Number of weekly sessions to book (1 for a single appointment). Times that "
        "clash are skipped and listed.",
    )

    field_order = [
        "clinician",
        "client",
        "kind",
        "session_number",
        "day",
        "time",
        "minutes",
        "format",
        "location",
        "room",
        "video_link",
        "weeks",
    ]

    def __init__(self, *args: Any, user: Any, clinicians: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "clinician", clinicians)
        set_queryset(self, "client", Client.objects.visible_to(user).exclude(status="discharged"))


class MoveForm(_TimesMixin):
    """A new time (and format or location) for a booked appointment."""


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=200, label="Reason")
    by = forms.ChoiceField(label="Cancelled by", choices=CancelledBy.choices)
