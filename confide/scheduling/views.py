"""Schedule pages: a clinician's week, a location's day (rooms as columns), and the forms to
book, move and cancel. Every list of appointments is audited as a read of each client's record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from confide.audit.actor import Actor, role_of
from confide.audit.log import record_many
from confide.audit.models import Action
from confide.core.doors import STAFF, page_actor, role_required, run_with_message, submit
from confide.core.timefmt import long_when
from confide.practice.models import Clinician, Location
from confide.scheduling import feeds
from confide.scheduling.access import appointment_for
from confide.scheduling.actions import (
    SeriesResult,
    book_appointment,
    book_series,
    cancel_appointment,
    move_appointment,
    set_calendar_feed,
    set_outcome,
)
from confide.scheduling.forms import BookingForm, CancelForm, MoveForm
from confide.scheduling.models import (
    Appointment,
    Format,
    primary_location,
    zone_for_clinician,
)

HOURS = range(8, 20)
DAYS = 6  # Monday to Saturday


def _clinicians_for(user: Any) -> Any:
    """Whose diaries this user may open: their own (a clinician), or everyone's."""
    if role_of(user) == "clinician":
        return Clinician.objects.filter(user=user)
    return Clinician.objects.active()


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _parse_day(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


@dataclass
class Cell:
    day: date
    hour: int
    appointments: list[Appointment]
    book_url: str = ""


def _grid(
    appointments: list[Appointment], days: list[date], zone: str, book: str
) -> list[tuple[int, list[Cell]]]:
    """Rows of hours, one cell per day; an appointment sits in the hour it starts."""
    tz = ZoneInfo(zone)
    now = timezone.now()
    by_slot: dict[tuple[date, int], list[Appointment]] = {}
    for appt in appointments:
        local = appt.start.astimezone(tz)
        by_slot.setdefault((local.date(), local.hour), []).append(appt)
    rows = []
    for hour in HOURS:
        cells = []
        for day in days:
            found = by_slot.get((day, hour), [])
            live = [a for a in found if a.is_live]
            url = ""
            if book and not live and datetime.combine(day, time(hour), tz) > now:
                url = f"{book}&day={day.isoformat()}&time={hour:02d}:00"
            cells.append(Cell(day, hour, found, url))
        rows.append((hour, cells))
    return rows


@role_required(*STAFF)
def week(request: HttpRequest) -> HttpResponse:
    clinicians = _clinicians_for(request.user)
    wanted = request.GET.get("clinician")
    if wanted:
        try:
            clinician = clinicians.get(pk=wanted)
        except (Clinician.DoesNotExist, ValidationError):
            raise Http404("No such clinician.") from None
    else:
        clinician = clinicians.first()
    if clinician is None:
        return render(request, "scheduling/week.html", {"clinician": None})
    zone = zone_for_clinician(clinician)
    today = timezone.now().astimezone(ZoneInfo(zone)).date()
    monday = _monday(_parse_day(request.GET.get("week"), today))
    days = [monday + timedelta(days=i) for i in range(DAYS)]
    tz = ZoneInfo(zone)
    start = datetime.combine(monday, time(0), tz)
    appointments = list(
        Appointment.objects.filter(
            clinician=clinician, start__gte=start, start__lt=start + timedelta(days=7)
        )
        .with_people()
        .order_by("start")
    )
    record_many(
        Action.READ, appointments, actor=page_actor(request), client_of=lambda a: a.client_id
    )
    book = f"{reverse('scheduling:book')}?clinician={clinician.pk}"
    context = {
        "clinician": clinician,
        "clinicians": clinicians if role_of(request.user) != "clinician" else None,
        "days": days,
        "rows": _grid(appointments, days, zone, book),
        "zone": zone,
        "previous": (monday - timedelta(weeks=1)).isoformat(),
        "next": (monday + timedelta(weeks=1)).isoformat(),
        "this_week": monday == _monday(today),
        "cancelled": [a for a in appointments if not a.is_live],
        "count": sum(1 for a in appointments if a.is_live),
    }
    return render(request, "scheduling/week.html", context)


@role_required(*STAFF)
def day(request: HttpRequest, slug: str) -> HttpResponse:
    location = get_object_or_404(Location, slug=slug)
    tz = ZoneInfo(location.time_zone)
    the_day = _parse_day(request.GET.get("day"), timezone.now().astimezone(tz).date())
    rooms = list(location.rooms.all())
    start = datetime.combine(the_day, time(0), tz)
    appointments = list(
        Appointment.objects.live()
        .filter(location=location, start__gte=start, start__lt=start + timedelta(days=1))
        .with_people()
        .order_by("start")
    )
    # A clinician sees which rooms are taken, but only their own clients' names.
    mine = set(
        Appointment.objects.visible_to(request.user)
        .filter(pk__in=[a.pk for a in appointments])
        .values_list("pk", flat=True)
    )
    shown = [a for a in appointments if a.pk in mine]
    record_many(Action.READ, shown, actor=page_actor(request), client_of=lambda a: a.client_id)
    rows = []
    for hour in HOURS:
        cells = []
        for room in rooms:
            found = [
                (a, a.pk in mine)
                for a in appointments
                if a.room_id == room.pk and a.start.astimezone(tz).hour == hour
            ]
            cells.append(found)
        rows.append((hour, cells))
    context = {
        "location": location,
        "locations": Location.objects.all(),
        "day": the_day,
        "rooms": rooms,
        "rows": rows,
        "previous": (the_day - timedelta(days=1)).isoformat(),
        "next": (the_day + timedelta(days=1)).isoformat(),
    }
    return render(request, "scheduling/day.html", context)


# The form asks for a time and a length where the actions speak of a start and an end.
TIME_FIELDS = {"start": "time", "end": "minutes"}


@role_required(*STAFF)
def book(request: HttpRequest) -> HttpResponse:
    actor = page_actor(request)
    clinicians = _clinicians_for(request.user)
    initial: dict[str, Any] = {
        k: v for k, v in request.GET.items() if k in ("clinician", "client", "day", "time")
    }
    chosen = (
        clinicians.filter(pk=initial.get("clinician")).first() if initial.get("clinician") else None
    )
    if chosen is None and role_of(request.user) == "clinician":
        chosen = clinicians.first()
    if chosen is not None:
        initial["clinician"] = chosen.pk
        place = primary_location(chosen)
        if place is not None:
            initial["location"] = place.pk
        if not chosen.offers_in_person:
            initial["format"] = Format.VIRTUAL
    form = BookingForm(
        request.POST or None, initial=initial, user=request.user, clinicians=clinicians
    )
    done = submit(request, form, lambda data: _book(actor, form, data), rename=TIME_FIELDS)
    if isinstance(done.value, Appointment):
        messages.success(request, f"Booked {_when(done.value)}.")
        return redirect(_week_url(done.value))
    report = done.value
    status = done.status
    if isinstance(report, SeriesResult) and not report.booked:
        status = 409
    return render(request, "scheduling/book.html", {"form": form, "report": report}, status=status)


def _book(actor: Actor, form: BookingForm, data: dict[str, Any]) -> Appointment | SeriesResult:
    """One appointment, or a weekly series (which reports the weeks it had to skip)."""
    clinician = data["clinician"]
    start, end = form.times(clinician)
    in_person = data["format"] == Format.IN_PERSON
    common: dict[str, Any] = dict(
        clinician=clinician,
        client=data["client"],
        format=data["format"],
        location=data["location"] if in_person else None,
        room=data["room"] if in_person else None,
        kind=data["kind"],
        video_link=data["video_link"],
    )
    if data["weeks"] == 1:
        return book_appointment(
            actor, start=start, end=end, session_number=data["session_number"], **common
        )
    return book_series(
        actor,
        first_start=start,
        duration=end - start,
        weeks=data["weeks"],
        first_session_number=data["session_number"],
        **common,
    )


def _when(appt: Appointment) -> str:
    return long_when(appt.start, appt.zone)


def _week_url(appt: Appointment) -> str:
    monday = _monday(appt.local_start.date())
    return f"{reverse('scheduling:week')}?clinician={appt.clinician_id}&week={monday.isoformat()}"


def _detail(request: HttpRequest, appt: Appointment, **forms: Any) -> dict[str, Any]:
    local = appt.local_start
    move = forms.get("move") or MoveForm(
        initial={
            "day": local.date(),
            "time": local.time().replace(second=0),
            "minutes": appt.minutes,
            "format": appt.format,
            "location": appt.location_id,
            "room": appt.room_id,
        }
    )
    return {
        "appt": appt,
        "move_form": move,
        "cancel_form": forms.get("cancel") or CancelForm(),
        "week_url": _week_url(appt),
        "started": appt.start <= timezone.now(),
    }


@role_required(*STAFF)
def detail(request: HttpRequest, appointment_id: Any) -> HttpResponse:
    appt = appointment_for(page_actor(request), appointment_id)
    return render(request, "scheduling/appointment.html", _detail(request, appt))


@require_POST
@role_required(*STAFF)
def move(request: HttpRequest, appointment_id: Any) -> HttpResponse:
    actor = page_actor(request)
    appt = appointment_for(actor, appointment_id)
    form = MoveForm(request.POST)

    def change(data: dict[str, Any]) -> Appointment:
        start, end = form.times(appt.clinician)
        return move_appointment(
            actor,
            appt,
            start=start,
            end=end,
            format=data["format"],
            location=data["location"],
            room=data["room"] if data["format"] == Format.IN_PERSON else None,
        )

    done = submit(request, form, change, rename=TIME_FIELDS)
    if done.ok:
        messages.success(request, f"Moved to {_when(appt)}.")
        return redirect(_week_url(appt))
    context = _detail(request, appt, move=form)
    return render(request, "scheduling/appointment.html", context, status=done.status)


@require_POST
@role_required(*STAFF)
def cancel(request: HttpRequest, appointment_id: Any) -> HttpResponse:
    actor = page_actor(request)
    appt = appointment_for(actor, appointment_id)
    form = CancelForm(request.POST)
    done = submit(
        request, form, lambda data: cancel_appointment(actor, appt, data["reason"], data["by"])
    )
    if done.ok:
        messages.success(request, f"Cancelled {_when(appt)}; the time is free again.")
        return redirect(_week_url(appt))
    return render(
        request, "scheduling/appointment.html", _detail(request, appt, cancel=form), status=422
    )


@require_POST
@role_required(*STAFF)
def outcome(request: HttpRequest, appointment_id: Any) -> HttpResponse:
    actor = page_actor(request)
    appt = appointment_for(actor, appointment_id)
    status = request.POST.get("status", "")
    if run_with_message(request, lambda: set_outcome(actor, appt, status)).ok:
        messages.success(request, f"Marked {appt.get_status_display().lower()}.")
    return redirect("scheduling:appointment", appointment_id=appt.pk)


@role_required("clinician")
def feed_settings(request: HttpRequest) -> HttpResponse:
    """The clinician's own calendar link: make or replace it (the old one stops at once), or
    turn it off; with how often, and from where, it was last read."""
    clinician = get_object_or_404(Clinician, user=request.user)
    token = None
    if request.method == "POST":
        on = request.POST.get("action") == "create"
        token = set_calendar_feed(page_actor(request), clinician, on=on)
        if on:
            messages.success(request, "New calendar link made. Any older link has stopped working.")
        else:
            messages.success(request, "Calendar link turned off.")
    active = feeds.active_feed(clinician)
    url = request.build_absolute_uri(reverse("calendar:feed", args=[token])) if token else None
    return render(
        request, "scheduling/feed.html", {"active": active, "url": url, "clinician": clinician}
    )
