"""The practice's places: locations with their opening hours and rooms."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone

from confide.accounts.models import Role
from confide.audit.actor import role_of
from confide.practice.hours import DAY_NAMES_LONG, Opening, summarise

# How long an admin's break-glass grant to read one client's clinical record lasts.
BREAK_GLASS_DURATION = timedelta(hours=1)


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone.")


class Location(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    street = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    region = models.CharField("state", max_length=50)
    postal_code = models.CharField(max_length=20)
    phone = models.CharField(max_length=40, blank=True)
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address_lines(self) -> list[str]:
        return [self.street, f"{self.city}, {self.region} {self.postal_code}"]

    def hours_summary(self) -> list[str]:
        return summarise(Opening(h.weekday, h.opens, h.closes) for h in self.opening_hours.all())


class OpeningHours(models.Model):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=list(enumerate(DAY_NAMES_LONG)))
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["weekday"]
        verbose_name_plural = "opening hours"
        constraints = [
            models.UniqueConstraint(fields=["location", "weekday"], name="one_opening_per_day"),
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location}: {self.get_weekday_display()} {self.opens}-{self.closes}"


class Room(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["location", "name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="room_name_per_location")
        ]

    def __str__(self) -> str:
        return f"{self.location} – {self.name}"


class Tag(models.Model):
    """A fixed vocabulary entry (population, problem area, modality, language).

    Stored as rows, not JSON lists, so that the directory and matching can filter on them with
    plain joins on both SQLite and PostgreSQL.
    """

    slug = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["display_order", "label"]

    def __str__(self) -> str:
        return self.label


class Population(Tag):
    """Who a clinician sees: children, adolescents, adults, perinatal parents, professionals."""


class ProblemArea(Tag):
    """An IPT problem area a clinician focuses on."""


class Modality(Tag):
    class Meta(Tag.Meta):
        verbose_name_plural = "modalities"


class Language(Tag):
    """A language a clinician offers sessions in."""


class ClinicianQuerySet(models.QuerySet):
    def active(self) -> ClinicianQuerySet:
        return self.filter(active=True)

    def accepting(self) -> ClinicianQuerySet:
        return self.filter(active=True, accepting_new_clients=True)

    def with_profile(self) -> ClinicianQuerySet:
        """Everything a directory card or a match shows, in a fixed number of queries."""
        return self.prefetch_related(
            "populations", "problem_areas", "modalities", "languages", "locations"
        )


class Clinician(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinician",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    credentials = models.CharField(max_length=100, blank=True, help_text="e.g. PhD, LCSW")
    pronouns = models.CharField(max_length=30, blank=True)
    bio = models.TextField(blank=True)
    photo = models.FileField(
        upload_to="clinicians/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )
    populations = models.ManyToManyField(Population, blank=True, related_name="clinicians")
    problem_areas = models.ManyToManyField(ProblemArea, blank=True, related_name="clinicians")
    modalities = models.ManyToManyField(Modality, blank=True, related_name="clinicians")
    languages = models.ManyToManyField(Language, blank=True, related_name="clinicians")
    locations = models.ManyToManyField(Location, blank=True, related_name="clinicians")
    offers_virtual = models.BooleanField(default=True)
    offers_in_person = models.BooleanField(default=True)
    accepting_new_clients = models.BooleanField(default=True)
    caseload_limit = models.PositiveSmallIntegerField(default=25)
    active = models.BooleanField(default=True)

    objects = ClinicianQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self) -> str:
        return f"{self.full_name}, {self.credentials}" if self.credentials else self.full_name

    @property
    def formats(self) -> list[str]:
        offered = (("virtual", self.offers_virtual), ("in_person", self.offers_in_person))
        return [name for name, on in offered if on]


class ClientStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    ACTIVE = "active", "Active"
    DISCHARGED = "discharged", "Discharged"


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ClientQuerySet:
        """The one place that decides whose records a user may see (access.py has the rest).

        Admin and intake see every client's record (not clinical content: see
        `access.may_read_clinical`); a clinician only their assigned clients; a client only
        themself; a guardian the minors they are an active guardian of (what of the record:
        `access.may_see_answers`); anyone else, none.
        """
        role = role_of(user)
        if role in (Role.ADMIN, Role.INTAKE):
            return self
        if role == Role.CLINICIAN:
            return self.filter(assignments__clinician__user=user).distinct()
        if role == Role.CLIENT:
            return self.filter(user=user)
        if role == Role.GUARDIAN:
            # Only while the client is a minor: at 18 their record is theirs alone.
            return self.filter(
                guardians__user=user, guardians__active=True, date_of_birth__gt=adult_born_by()
            ).distinct()
        return self.none()


def adult_born_by() -> date:
    """Anyone born on or before this day is 18 or older today."""
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - 18)
    except ValueError:  # February 29
        return today.replace(year=today.year - 18, day=28)


class Client(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client",
        help_text="The client's own portal account, if any.",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    perinatal = models.BooleanField(
        default=False, help_text="Pregnant or in the first year after a birth."
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    preferred_contact = models.CharField(
        max_length=10,
        choices=[("phone", "Phone"), ("email", "Email"), ("text", "Text message")],
        default="phone",
    )
    emergency_contact_name = models.CharField(max_length=200, blank=True)
    emergency_contact_phone = models.CharField(max_length=40, blank=True)
    emergency_contact_relationship = models.CharField(max_length=100, blank=True)
    guardian_name = models.CharField(max_length=200, blank=True)
    guardian_phone = models.CharField(max_length=40, blank=True)
    guardian_email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=20, choices=ClientStatus.choices, default=ClientStatus.WAITING, db_index=True
    )
    clinicians: models.ManyToManyField[Clinician, Assignment] = models.ManyToManyField(
        Clinician, through="Assignment", related_name="clients", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    @property
    def population(self) -> str:
        """children, adolescents or adults, from age; 'perinatal' is a flag beside it."""
        return population_for_age(self.age)

    @property
    def is_minor(self) -> bool:
        return self.age < 18

    def clean(self) -> None:
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": "The date of birth is in the future."})
        if self.date_of_birth and self.age < 18 and not self.guardian_name:
            raise ValidationError({"guardian_name": "A client under 18 needs a guardian."})


def population_for_age(age: int) -> str:
    if age < 13:
        return "children"
    if age < 18:
        return "adolescents"
    return "adults"


class Assignment(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="assignments")
    clinician = models.ForeignKey(Clinician, on_delete=models.PROTECT, related_name="assignments")
    primary = models.BooleanField(default=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "clinician"], name="assigned_once"),
        ]

    def __str__(self) -> str:
        return f"{self.clinician} → {self.client}"


class BreakGlass(models.Model):
    """An admin's logged, time-limited access to one client's clinical record, with a reason."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="break_glass")
    reason = models.CharField(max_length=300)
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"Break-glass {self.user} → {self.client} until {self.expires_at:%H:%M}"


class GuardianQuerySet(models.QuerySet):
    def active(self) -> GuardianQuerySet:
        return self.filter(active=True)


class Guardian(models.Model):
    """A parent or legal guardian of a minor client, with (once invited) a portal account.

    A minor may have several; one account may be the guardian of several minors (one row
    each). What a guardian sees of the minor's record is decided in access.py.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="guardians")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guardianships",
        help_text="The guardian's portal account, once invited.",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    relationship = models.CharField(max_length=100, blank=True, help_text="e.g. mother, father")
    may_consent = models.BooleanField(
        default=True, help_text="Has legal authority to consent to the minor's treatment."
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = GuardianQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "user"],
                condition=models.Q(user__isnull=False),
                name="guardian_account_once_per_client",
            )
        ]

    def __str__(self) -> str:
        return f"Guardian of client {self.client_id}"


class Sharing(models.Model):
    """What the clinician shares beyond the defaults, per client (changes are audited).

    Defaults: a minor's guardians see appointments, the paperwork addressed to them and their
    messages, never the minor's answers, scores or notes; the client sees their own scores and
    treatment plan; psychotherapy (session) notes are never shared through the portal.
    """

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="sharing")
    guardians_see_answers = models.BooleanField(
        default=False,
        help_text="The minor's guardians see the minor's questionnaires and scores (and the "
        "treatment plan, where the client sees it).",
    )
    client_sees_plan = models.BooleanField(
        default=True,
        help_text="The client's own record includes the IPT problem areas and treatment plan.",
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Sharing for client {self.client_id}"


def sharing_for(client: Client) -> Sharing:
    """The client's sharing choices, or the defaults (unsaved) when none were made."""
    try:
        return client.sharing
    except Sharing.DoesNotExist:
        return Sharing(client=client)


class DemoData(models.Model):
    """Present only in a database that `manage.py load_demo` filled: production refuses to start
    on it (confide/practice/checks.py), whatever has been renamed since."""

    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "demo data marker"

    def __str__(self) -> str:
        return f"Demo data loaded {self.loaded_at:%Y-%m-%d %H:%M}"
