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
from confide.practice.models import Clinician
from confide.scheduling.models import Appointment


def may_manage_diary(user: Any, clinician: Clinician) -> bool:
    """Intake and admin book for anyone; a clinician books only in their own diary."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.INTAKE):
        return True
    return role == Role.CLINICIAN and clinician.user_id == user.pk


def appointment_for(actor: Actor, appointment_id: Any, *, action: str = Action.READ) -> Appointment:
    """The appointment if this actor may see it, audited on the client's record; else 404,
    whether it exists or not."""
    try:
        appt = Appointment.objects.visible_to(actor.user).with_people().get(pk=appointment_id)
    except (Appointment.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such appointment.") from None
    record(action, actor=actor, obj=appt, client_id=appt.client_id)
    return appt
