"""What the portal tells a client about their own scores, in plain words (pure Python).

One sentence per questionnaire, from the same statistics the clinician sees: where they
started, where they are, and whether the change is bigger than everyday ups and downs.
"""

from __future__ import annotations

from confide.outcomes.stats import ReliableChange, SeriesStats

IMPROVED = "That is a reliable improvement: a real change for the better."
DETERIORATED = (
    "That is a bigger change than everyday ups and downs, in the harder direction. It is worth "
    "talking about with your clinician; there are often good ways to adjust the plan."
)
NO_CHANGE = (
    "That is the same as where you started. Scores often take a few weeks to move, and your "
    "clinician will talk it through with you."
)
WITHIN_NOISE = (
    "So far the change is within the usual ups and downs. That is common early on, and your "
    "clinician will talk it through with you."
)
NO_RULE = (
    "There is no published rule for when a change on this questionnaire is a real one, so your "
    "clinician will talk it through with you."
)


def progress_sentence(stats: SeriesStats) -> str:
    """The portal's sentence for one questionnaire: first score, or the change since it."""
    if stats.measured == 1:
        return (
            f"Your first score is {stats.baseline}. This is your starting point: each score "
            "from now on is compared with it."
        )
    start = f"Your first score was {stats.baseline} and your latest is {stats.latest}."
    if stats.change == 0:
        return f"{start} {NO_CHANGE}"
    if stats.reliable == ReliableChange.IMPROVED:
        return f"{start} {IMPROVED}"
    if stats.reliable == ReliableChange.DETERIORATED:
        return f"{start} {DETERIORATED}"
    better = stats.change < 0 if stats.rule.lower_is_better else stats.change > 0
    direction = "a little better" if better else "a little harder"
    if stats.reliable == ReliableChange.NO_RULE:
        return f"{start} That looks {direction}. {NO_RULE}"
    return f"{start} {WITHIN_NOISE}"
