"""How other areas learn that a scored questionnaire now sits on a client's record.

Sent by `record_assessment()` and `attach_screening()`, the only two ways an assessment comes
to belong to a client, inside their transaction. Outcomes listens (risk alerts, the stored
course); assessments never imports outcomes, so the arrow points one way.
"""

from __future__ import annotations

from django.dispatch import Signal

# Keyword arguments: assessment (an Assessment with a client), actor (an Actor, or None).
assessment_stored = Signal()
