import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from confide.assessments.actions import record_assessment
from confide.assessments.models import Source
from confide.instruments import get
from tests.practice.personas import build_world


@pytest.fixture
def world(db):
    return build_world()


def add_scores(client, code, totals, *, start_days_ago=None, risk_last=False):
    """Weekly assessments whose totals are `totals` (PHQ-9/GAD-7 items filled to match)."""
    instrument = get(code)
    n = len(instrument.items)
    start = timezone.now() - timedelta(days=7 * (start_days_ago or len(totals)))
    made = []
    for i, total in enumerate(totals):
        responses = [0] * n
        remaining = total
        for j in range(n):
            responses[j] = min(3, remaining)
            remaining -= responses[j]
        if code == "phq9":
            # Keep item 9 at 0 unless a risk answer is wanted (it is the safety item).
            responses[8] = 0
            extra = total - sum(responses)
            for j in range(8):
                add = min(3 - responses[j], extra)
                responses[j] += add
                extra -= add
            if risk_last and i == len(totals) - 1:
                responses[8] = 1
                for j in range(8):
                    if responses[j] > 0:
                        responses[j] -= 1
                        break
        made.append(
            record_assessment(
                instrument, responses, source=Source.CLINICIAN, client=client,
                taken_at=start + timedelta(days=7 * i),
            )
        )  # fmt: skip
    return made


def link_token_from_outbox() -> str:
    body = mail.outbox[-1].body
    return re.search(r"/m/([A-Za-z0-9_\-]+)/", body).group(1)
