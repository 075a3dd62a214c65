"""Answer lists shared by several instruments, with their LOINC answer codes."""

from __future__ import annotations

from confide.instruments.model import Item, Option

LOINC = "http://loinc.org"

# LOINC answer list LL358-3, used by the PHQ-9, PHQ-2, GAD-7 and GAD-2 (instruments.md §1.1).
FREQUENCY: tuple[Option, ...] = (
    Option("Not at all", 0, "LA6568-5"),
    Option("Several days", 1, "LA6569-3"),
    Option("More than half the days", 2, "LA6570-1"),
    Option("Nearly every day", 3, "LA6571-9"),
)

# Answers to the PHQ difficulty question (LOINC 69722-7). Note the LOINC order: LA6575-0
# "Very difficult" comes before LA6574-3 "Extremely difficult". Not scored; the values only
# order the answers.
DIFFICULTY: tuple[Option, ...] = (
    Option("Not difficult at all", 0, "LA6572-7"),
    Option("Somewhat difficult", 1, "LA6573-5"),
    Option("Very difficult", 2, "LA6575-0"),
    Option("Extremely difficult", 3, "LA6574-3"),
)


def unlabelled(options: tuple[Option, ...]) -> tuple[Option, ...]:
    """Return the options with their labels blanked, for licensed wording not yet loaded."""
    return tuple(Option("", o.value, o.code) for o in options)


def frequency_item(
    number: int, text: str, loinc: str | None = None, *, safety: bool = False
) -> Item:
    """An item answered on the LL358-3 frequency scale (0-3)."""
    return Item(
        number=number,
        key=f"q{number}",
        text=text,
        options=FREQUENCY,
        loinc=loinc,
        safety=safety,
    )
