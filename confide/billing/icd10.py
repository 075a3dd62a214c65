"""ICD-10-CM diagnosis codes, checked against the CDC's current release.

The maintained `simple-icd-10-cm` package ships the CDC tabular list (its data file names the
release). Only billable codes are accepted: a category with subdivisions (F32) cannot be billed,
its leaves can (F32.1, F32.A). Plain Python, no Django. The code table is loaded on first use
(about a second), not at start-up.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

_SHAPE = re.compile(r"^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$")


class CodeError(ValueError):
    """A code that is malformed, unknown to ICD-10-CM, or not billable."""


@dataclass(frozen=True)
class Diagnosis:
    code: str  # with its dot: F32.1
    description: str


@lru_cache(maxsize=1)
def _cm() -> ModuleType:
    # The package reads its data with an importlib API that warns about deprecation.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    return simple_icd_10_cm


def release() -> str:
    """The CDC release the code table comes from, e.g. "April 2026"."""
    name = getattr(_cm().simple_icd_10_cm, "_all_codes_package_file_name", "")
    found = re.search(r"([A-Z][a-z]+-\d{4})", name)
    return found.group(1).replace("-", " ") if found else "unknown"


def normalise(code: str) -> str:
    """Upper case with the dot after the third character: 'f321' -> 'F32.1'."""
    code = (code or "").strip().upper().replace(" ", "")
    if len(code) > 3 and "." not in code:
        code = f"{code[:3]}.{code[3:]}"
    return code


def check(code: str) -> Diagnosis:
    """Return the billable diagnosis for `code`, or raise CodeError saying why not."""
    code = normalise(code)
    if not _SHAPE.match(code):
        raise CodeError(
            "An ICD-10-CM code is a letter, two characters, and up to four more (F32.1)."
        )
    cm = _cm()
    if not cm.is_valid_item(code) or cm.is_chapter_or_block(code):
        raise CodeError(f"{code} is not an ICD-10-CM code in the {release()} release.")
    if not cm.is_leaf(code):
        raise CodeError(
            f"{code} is not billable: it has more specific codes (such as "
            f"{cm.get_children(code)[0]}); choose one of them."
        )
    return Diagnosis(code, cm.get_description(code))
