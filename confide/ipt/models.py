"""The interpersonal inventory, the timeline, the formulation, the plan and session notes.

All free text a client tells their clinician is stored encrypted (EncryptedTextField); only
the fields queries need (dates, choices, numbers) are plain. Nothing here decides who may see
it: views and the API get the client through confide.practice.access first.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from confide.ipt import course
from confide.ipt.crypto import EncryptedTextField
from confide.ipt.problem_areas import AREAS, DISPUTE_STAGES

USER = settings.AUTH_USER_MODEL


class Ring(models.TextChoices):
    INNER = "inner", "Inner ring (closest)"
    MIDDLE = "middle", "Middle ring"
    OUTER = "outer", "Outer ring"


class Relationship(models.TextChoices):
    PARTNER = "partner", "Partner"
    PARENT = "parent", "Parent"
    CHILD = "child", "Child"
    SIBLING = "sibling", "Sibling"
    OTHER_FAMILY = "family", "Other family"
    FRIEND = "friend", "Friend"
    COLLEAGUE = "colleague", "Colleague"
    PEER = "peer", "Classmate or peer"
    OTHER = "other", "Other"


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    RARELY = "rarely", "Rarely"


class Conflict(models.TextChoices):
    NEVER = "never", "Never"
    RARELY = "rarely", "Rarely"
    SOMETIMES = "sometimes", "Sometimes"
    OFTEN = "often", "Often"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PARTLY = "partly", "Partly"
    UNKNOWN = "unknown", "Not known"


class Person(models.Model):
    """One important person in the client's interpersonal inventory."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="ipt_people"
    )
    name = EncryptedTextField("name or label")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    ring = models.CharField("closeness", max_length=10, choices=Ring.choices)
    contact = models.CharField(
        "contact frequency", max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    supportive = models.BooleanField("a source of support", default=False)
    satisfying = EncryptedTextField("what is satisfying", blank=True)
    unsatisfying = EncryptedTextField("what is not satisfying", blank=True)
    can_talk_about = EncryptedTextField("what they can talk about", blank=True)
    cannot_talk_about = EncryptedTextField("what they cannot talk about", blank=True)
    conflict = models.CharField(
        "conflicts: how often", max_length=10, choices=Conflict.choices, default=Conflict.NEVER
    )
    conflict_resolved = models.CharField(
        "conflicts resolved", max_length=10, choices=YesNo.choices, default=YesNo.UNKNOWN
    )
    reciprocal = models.CharField(
        "mutual expectations reciprocal",
        max_length=10,
        choices=YesNo.choices,
        default=YesNo.UNKNOWN,
    )
    knows_feelings = models.CharField(
        "knows how the client has been feeling",
        max_length=10,
        choices=YesNo.choices,
        default=YesNo.UNKNOWN,
    )
    recent_change = EncryptedTextField("recent change near symptom onset", blank=True)
    recent_change_on = models.DateField("date of that change", null=True, blank=True)
    wants_to_change = EncryptedTextField("what the client would like to change", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()} of client {self.client_id}"

    @property
    def in_conflict(self) -> bool:
        return self.conflict in (Conflict.SOMETIMES, Conflict.OFTEN) or (
            self.conflict == Conflict.RARELY and self.conflict_resolved == YesNo.NO
        )

    @property
    def mark(self) -> str:
        """How the circle marks this person: conflict, support, both or neither."""
        if self.in_conflict and self.supportive:
            return "both"
        return "conflict" if self.in_conflict else "support" if self.supportive else "neutral"


class EventKind(models.TextChoices):
    LOSS = "loss", "Death or loss of someone close"
    MOVE = "move", "Move"
    BIRTH = "birth", "Birth"
    NEW_JOB = "new_job", "New job or role at work"
    SEPARATION = "separation", "Separation"
    OTHER = "other", "Other life change"


class SymptomKind(models.TextChoices):
    ONSET = "onset", "Symptom onset"
    WORSE = "worse", "Symptoms worsened"
    BETTER = "better", "Symptoms improved"


class LifeEvent(models.Model):
    """A point on the client's timeline: a life event, or a change in their symptoms."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="ipt_events"
    )
    kind = models.CharField(
        max_length=12, choices=EventKind.choices + SymptomKind.choices, db_index=True
    )
    on = models.DateField("date")
    description = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"

    @property
    def is_symptom(self) -> bool:
        return self.kind in SymptomKind.values


AREA_CHOICES = [(a.slug, a.label) for a in AREAS.values()]
STAGE_CHOICES = [(k, k.title()) for k in DISPUTE_STAGES]


class Formulation(models.Model):
    """The interpersonal formulation and, once accepted, the treatment contract.

    An accepted version is locked; a change after acceptance is a new version, recording who
    made it and when.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="ipt_formulations"
    )
    version = models.PositiveSmallIntegerField(default=1)
    areas = models.JSONField("problem areas", default=list)
    dispute_stage = models.CharField(max_length=15, choices=STAGE_CHOICES, blank=True)
    text = EncryptedTextField("formulation")
    focus = EncryptedTextField("focus of treatment")
    sessions = models.PositiveSmallIntegerField(
        "number of sessions", validators=[MinValueValidator(8), MaxValueValidator(20)]
    )
    weeks = models.PositiveSmallIntegerField(
        "time frame (weeks)", validators=[MinValueValidator(8), MaxValueValidator(26)]
    )
    course = models.CharField(max_length=10, choices=list(course.COURSE_LABELS.items()))
    accepted_on = models.DateField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["client", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["client", "version"], name="ipt_formulation_version")
        ]

    def __str__(self) -> str:
        return f"Formulation v{self.version} of client {self.client_id}"

    @property
    def locked(self) -> bool:
        return self.accepted_on is not None

    def area_labels(self) -> list[str]:
        return [AREAS[a].label for a in self.areas if a in AREAS]


class Plan(models.Model):
    """The integrated treatment plan: the course, the goals and the adjunct decisions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.OneToOneField(
        "practice.Client", on_delete=models.CASCADE, related_name="ipt_plan"
    )
    professional = models.BooleanField(
        "works in a demanding career (tailor for professionals)", default=False
    )
    indicators = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Plan of client {self.client_id}"


class Goal(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    area = models.CharField(max_length=30, choices=AREA_CHOICES)
    text = EncryptedTextField("goal")
    progress = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(4)],
        help_text="0 not started, 1 a little, 2 some, 3 much, 4 achieved",
    )
    position = models.PositiveSmallIntegerField(default=0)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Goal ({self.area}) of plan {self.plan_id}"


PROGRESS_LABELS = ["Not started", "A little", "Some", "Much", "Achieved"]


class Decision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    EDITED = "edited", "Accepted with changes"
    DECLINED = "declined", "Declined"


class Adjunct(models.Model):
    """The clinician's decision on one suggested modality (or "IPT alone"), and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="adjuncts")
    modality = models.CharField(max_length=30)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = EncryptedTextField()
    suggested = models.BooleanField(default=True, help_text="Was it among Confide's suggestions?")
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "modality"], name="ipt_one_decision_each")
        ]

    def __str__(self) -> str:
        return f"{self.modality}: {self.decision}"


class Note(models.Model):
    """A session note. Signed notes are locked; they are amended only by addenda."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="ipt_notes"
    )
    session = models.PositiveSmallIntegerField(
        "session number", validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    phase = models.CharField(max_length=12, choices=list(course.PHASE_LABELS.items()))
    held_on = models.DateField("session date")
    agenda = models.JSONField(default=list, blank=True)
    body = EncryptedTextField("note")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-session"]

    def __str__(self) -> str:
        return f"Session {self.session} note of client {self.client_id}"

    @property
    def locked(self) -> bool:
        return self.signed_at is not None


class Addendum(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="addenda")
    body = EncryptedTextField("addendum")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "addenda"

    def __str__(self) -> str:
        return f"Addendum to {self.note_id}"
