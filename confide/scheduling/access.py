"""Who may see and change appointments: decided here, beside the clients' gate (practice/access).

Which appointment rows a user sees is `Appointment.objects.visible_to(user)` (models.py): a
clinician their own diary, intake and admin everyone's, a client their own. `appointment_for`
is the one lookup every page, API route and calendar file goes through.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404

from confide.accounts.models import Role
from confide.audit.actor import Actor, role_of
from confide.audit.log import record
from confide.audit.models import Action
from confide.practice.access import portal_party
from confide.practice.models import Clinician
from confide.scheduling.models import Appointment


def may_manage_diary(user: Any, clinician: Clinician) -> bool:
    """Intake and admin book for anyone; a clinician books only in their own diary."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.INTAKE):
        return True
    return role == Role.CLINICIAN and clinician.user_id == user.pk


def may_join_video(user: Any, appointment: Appointment) -> bool:
    """A session's video room is for its clinician and its client (a guardian joins a minor's
    session through `practice.access.portal_party`, once issue 17 adds them); not for the rest
    of the staff, who see the diary but do not sit in the session."""
    if role_of(user) == Role.CLINICIAN:
        return appointment.clinician.user_id == user.pk
    return bool(portal_party(user, appointment.client))


def visible_appointment(actor: Actor, appointment_id: Any) -> Appointment:
    """The appointment if this actor may see it, else 404; not audited, for an action that
    audits what it then does (opening the video room)."""
    try:
        return Appointment.objects.visible_to(actor.user).with_people().get(pk=appointment_id)
    except (Appointment.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such appointment.") from None


def appointment_for(actor: Actor, appointment_id: Any, *, action: str = Action.READ) -> Appointment:
    """The appointment if this actor may see it, audited on the client's record; else 404,
    whether it exists or not."""
    appt = visible_appointment(actor, appointment_id)
    record(action, actor=actor, obj=appt, client_id=appt.client_id)
    return appt
