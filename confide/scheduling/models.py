"""Availability, exceptions, appointments and calendar feeds.

The no-double-booking rule is enforced by the database: see migration 0002 (PostgreSQL
exclusion constraints) and actions.py (the serialized check used on SQLite, and the friendly
message everywhere).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from confide.accounts.models import Role
from confide.audit.actor import role_of
from confide.practice.hours import DAY_NAMES_LONG
from confide.practice.models import Client, Clinician, Location, Room

DEFAULT_ZONE = "America/New_York"


class Format(models.TextChoices):
    VIRTUAL = "virtual", "Virtual (video)"
    IN_PERSON = "in_person", "In person"


class AvailabilityFormats(models.TextChoices):
    BOTH = "both", "Virtual or in person"
    VIRTUAL = "virtual", "Virtual only"
    IN_PERSON = "in_person", "In person only"


class Kind(models.TextChoices):
    INTAKE_CONSULTATION = "intake_consultation", "Intake consultation"
    IPT_SESSION = "ipt_session", "IPT session"
    PARENT_SESSION = "parent_session", "Parent session"
    REVIEW = "review", "Review"


class Status(models.TextChoices):
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended"
    CANCELLED = "cancelled", "Cancelled"
    NO_SHOW = "no_show", "No-show"


class CancelledBy(models.TextChoices):
    CLIENT = "client", "The client"
    CLINICIAN = "clinician", "The clinician"
    PRACTICE = "practice", "The practice"


class Availability(models.Model):
    """A clinician's recurring weekly hours at a location (wall-clock time in its zone)."""

    clinician = models.ForeignKey(Clinician, on_delete=models.CASCADE, related_name="availability")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField(choices=list(enumerate(DAY_NAMES_LONG)))
    starts = models.TimeField()
    ends = models.TimeField()
    formats = models.CharField(
        max_length=10, choices=AvailabilityFormats.choices, default=AvailabilityFormats.BOTH
    )

    class Meta:
        ordering = ["clinician", "weekday", "starts"]
        verbose_name_plural = "availability"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="availability_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.clinician}: {self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"
        )

    @property
    def format_set(self) -> frozenset[str]:
        if self.formats == AvailabilityFormats.BOTH:
            return frozenset({Format.VIRTUAL, Format.IN_PERSON})
        return frozenset({self.formats})

    def clean(self) -> None:
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": "The end must be after the start."})
        if not self.location_id or self.weekday is None:
            return
        hours = self.location.opening_hours.filter(weekday=self.weekday).first()
        if hours is None:
            raise ValidationError({"weekday": f"{self.location} is closed on that day."})
        if self.starts < hours.opens or self.ends > hours.closes:
            raise ValidationError(
                {"starts": f"{self.location} is open {hours.opens:%H:%M}-{hours.closes:%H:%M}."}
            )


class AvailabilityException(models.Model):
    """Whole days a clinician (or, with no clinician, the whole practice) is not seeing clients."""

    class Reason(models.TextChoices):
        HOLIDAY = "holiday", "Holiday"
        LEAVE = "leave", "Leave"
        TRAINING = "training", "Training"
        OTHER = "other", "Other"

    clinician = models.ForeignKey(
        Clinician,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="availability_exceptions",
        help_text="Leave empty for a practice-wide closure such as a public holiday.",
    )
    first_day = models.DateField()
    last_day = models.DateField()
    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.LEAVE)
    note = models.CharField(max_length=100, blank=True, help_text="e.g. Thanksgiving")

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="exception_days_in_order"
            ),
        ]

    def __str__(self) -> str:
        who = self.clinician or "Practice"
        return f"{who}: {self.get_reason_display()} {self.first_day}–{self.last_day}"


class AppointmentQuerySet(models.QuerySet):
    def live(self) -> AppointmentQuerySet:
        """Appointments that hold their slot: anything not cancelled."""
        return self.exclude(status=Status.CANCELLED)

    def overlapping(self, start: datetime, end: datetime) -> AppointmentQuerySet:
        return self.filter(start__lt=end, end__gt=start)

    def with_people(self) -> AppointmentQuerySet:
        # The clinician's locations give a virtual session its time zone.
        return self.select_related("clinician", "client", "location", "room").prefetch_related(
            "clinician__locations"
        )

    def upcoming_for(self, person: Clinician | Client) -> AppointmentQuerySet:
        """Live appointments from now on for a clinician or a client, soonest first."""
        key = "clinician" if isinstance(person, Clinician) else "client"
        return (
            self.live()
            .filter(**{key: person}, end__gt=timezone.now())
            .with_people()
            .order_by("start")
        )

    def past_for(self, person: Clinician | Client) -> AppointmentQuerySet:
        key = "clinician" if isinstance(person, Clinician) else "client"
        return (
            self.filter(**{key: person}, end__lte=timezone.now()).with_people().order_by("-start")
        )

    def visible_to(self, user: Any) -> AppointmentQuerySet:
        """Appointments of clients the user may see; a clinician sees only their own diary."""
        role = role_of(user)
        if role in (Role.ADMIN, Role.INTAKE):
            return self
        if role == Role.CLINICIAN:
            return self.filter(clinician__user=user)
        if role == Role.CLIENT:
            return self.filter(client__user=user)
        if role == "guardian":
            # A minor's guardian sees the minor's appointments (access.visible_clients).
            return self.filter(client__in=Client.objects.visible_to(user))
        return self.none()


class Appointment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinician = models.ForeignKey(Clinician, on_delete=models.PROTECT, related_name="appointments")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="appointments")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    format = models.CharField(max_length=10, choices=Format.choices)
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )
    video_link = models.URLField(blank=True)
    # Its own room on the practice's video service (confide/telehealth), named at random when
    # first opened: never the client's name, never another appointment's.
    video_room = models.CharField(max_length=40, blank=True, default="", editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.IPT_SESSION)
    session_number = models.PositiveSmallIntegerField(null=True, blank=True)
    series = models.UUIDField(
        null=True, blank=True, db_index=True, help_text="Shared by a weekly series."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.BOOKED, db_index=True
    )
    cancel_reason = models.CharField(max_length=200, blank=True)
    cancelled_by = models.CharField(max_length=10, choices=CancelledBy.choices, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        indexes = [
            models.Index(fields=["clinician", "start"]),
            models.Index(fields=["client", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="appointment_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["video_room"], condition=~Q(video_room=""), name="video_room_once"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} {self.start:%Y-%m-%d %H:%M} ({self.get_status_display()})"
        )

    @property
    def zone(self) -> str:
        """The zone this appointment is shown in: its location's, else the clinician's."""
        if self.location is not None:
            return self.location.time_zone
        return zone_for_clinician(self.clinician)

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(ZoneInfo(self.zone))

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(ZoneInfo(self.zone))

    @property
    def is_live(self) -> bool:
        return self.status != Status.CANCELLED

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def title(self) -> str:
        """What calendars and reminders say: no clinical detail."""
        name = self.clinician.full_name
        return (
            f"Appointment with {name}"
            if self.kind != Kind.PARENT_SESSION
            else (f"Parent session with {name}")
        )


def primary_location(clinician: Clinician) -> Location | None:
    """The clinician's first location (by the practice's display order), if any."""
    places = list(clinician.locations.all())
    return min(places, key=lambda p: (p.display_order, p.name)) if places else None


def zone_for_clinician(clinician: Clinician) -> str:
    place = primary_location(clinician)
    return place.time_zone if place else DEFAULT_ZONE


class CalendarFeed(models.Model):
    """A clinician's secret calendar URL. Only the SHA-256 of the token is stored."""

    clinician = models.ForeignKey(
        Clinician, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Shown to the clinician, so that a link read from somewhere unexpected gets replaced.
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)
    reads = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"Calendar feed of {self.clinician} ({state})"
