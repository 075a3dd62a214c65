"""An instrument described as data: items, options, bands, rules and licence.

Everything here is frozen and checked when it is built, so a definition with a gap between
bands, a duplicated option value or a rule naming an item that does not exist fails at import
time rather than producing a wrong score later. Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any, Literal

# Next steps ordered from least to most urgent; a band names one of them.
NEXT_STEPS: tuple[str, ...] = (
    "self_care",
    "consider_consultation",
    "recommend_clinician",
    "reach_out_today",
)


@dataclass(frozen=True)
class Option:
    """One answer as shown to a person; `value` is what it scores."""

    label: str
    value: int
    code: str | None = None  # LOINC answer code (LA...), only where the reference gives one


@dataclass(frozen=True)
class Item:
    """One question. `options` are listed top to bottom as shown to a person."""

    number: int
    key: str
    text: str
    options: tuple[Option, ...]
    loinc: str | None = None
    safety: bool = False
    scored: bool = True
    # A safety item is positive at this value or above (PHQ-9 item 9, EPDS item 10: any
    # answer other than the no-risk one; a PHQ-A yes/no suicide question: "Yes" = 1).
    safety_from: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", tuple(self.options))
        where = f"item {self.number} ({self.key})"
        if self.number < 1:
            raise ValueError(f"{where}: numbers start at 1")
        if not self.key or not self.key.replace("_", "").isalnum():
            raise ValueError(f"{where}: the key must be a plain identifier")
        if len(self.options) < 2:
            raise ValueError(f"{where}: needs at least two options")
        values = [o.value for o in self.options]
        if any(isinstance(v, bool) or not isinstance(v, int) for v in values):
            raise ValueError(f"{where}: option values must be whole numbers")
        ascending = all(a < b for a, b in pairwise(values))
        descending = all(a > b for a, b in pairwise(values))
        # Options are an ordered scale: a shuffled or repeated value is a typo, not a design.
        if not (ascending or descending):
            raise ValueError(f"{where}: option values must run steadily up or down: {values}")
        if self.safety and not self.min_value < self.safety_from <= self.max_value:
            raise ValueError(f"{where}: safety_from must fall inside the option values")

    @property
    def values(self) -> tuple[int, ...]:
        """The scored values, top to bottom."""
        return tuple(o.value for o in self.options)

    @property
    def reverse(self) -> bool:
        """True when the top option scores highest (EPDS items 3 and 5-10, WHO-5)."""
        return self.options[0].value > self.options[-1].value

    @property
    def min_value(self) -> int:
        return min(self.values)

    @property
    def max_value(self) -> int:
        return max(self.values)

    @property
    def display_name(self) -> str:
        """'Item 4 (Feeling tired or having little energy)', or 'Item 4' without wording."""
        return f"Item {self.number} ({self.text})" if self.text else f"Item {self.number}"

    def position_of(self, value: int) -> int:
        """Return the position, from the top and from 0, of the option scoring `value`."""
        for position, option in enumerate(self.options):
            if option.value == value:
                return position
        raise ValueError(f"{self.display_name} has no option scoring {value}")

    def is_safety_positive(self, value: int | None) -> bool:
        return self.safety and value is not None and value >= self.safety_from


@dataclass(frozen=True)
class Band:
    """A severity band over the total, both ends included."""

    slug: str
    low: int
    high: int
    label: str  # plain words: "Moderate"
    meaning: str  # one or two kind sentences on what this usually means; never a diagnosis
    next_step: str  # one of NEXT_STEPS

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"band {self.slug}: low {self.low} is above high {self.high}")
        if self.next_step not in NEXT_STEPS:
            raise ValueError(f"band {self.slug}: unknown next step {self.next_step!r}")

    def covers(self, total: int) -> bool:
        return self.low <= total <= self.high


@dataclass(frozen=True)
class Subscale:
    """A named sum of some items (PCL-5 clusters B-E)."""

    key: str
    label: str
    items: tuple[int, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))


def _pairs(value: Any) -> tuple[tuple[Any, int], ...]:
    """Accept a dict or pairs; store sorted pairs, so the rule stays frozen and hashable."""
    pairs = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((k, v) for k, v in pairs))


@dataclass(frozen=True)
class CountRule:
    """A flag raised by counting endorsed items, e.g. the PHQ-9 diagnostic algorithm.

    An item is endorsed when its scored value is at least its threshold in `endorsed_at`
    (item number, lowest value that counts). The flag is raised when the number endorsed lies in
    [min_count, max_count], at least one of `require_any_of` is endorsed, and each named
    subscale has at least its minimum endorsed. `endorsed_at` and `group_minimums` may be
    given as dicts ({9: 1}, {"D": 2}); they are stored as sorted pairs.
    """

    flag: str
    label: str
    endorsed_at: tuple[tuple[int, int], ...]
    min_count: int = 0
    max_count: int | None = None
    require_any_of: tuple[int, ...] = ()
    group_minimums: tuple[tuple[str, int], ...] = ()
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "endorsed_at", _pairs(self.endorsed_at))
        object.__setattr__(self, "group_minimums", _pairs(self.group_minimums))
        object.__setattr__(self, "require_any_of", tuple(self.require_any_of))
        numbers = [n for n, _ in self.endorsed_at]
        if len(set(numbers)) != len(numbers):
            raise ValueError(f"count rule {self.flag}: an item is listed twice")
        if not set(self.require_any_of) <= set(numbers):
            raise ValueError(f"count rule {self.flag}: require_any_of names an uncounted item")
        if self.max_count is not None and self.max_count < self.min_count:
            raise ValueError(f"count rule {self.flag}: max_count is below min_count")

    @property
    def thresholds(self) -> dict[int, int]:
        """Item number -> lowest scored value that counts as endorsed."""
        return dict(self.endorsed_at)


@dataclass(frozen=True)
class MissingRule:
    """How many scored items may be missing, and how the total is completed."""

    max_missing: int
    method: Literal["prorate"] = "prorate"
    # Shown with every prorated result, so the reader knows where the rule comes from.
    note: str = ""
    source: str = ""
    # False when no published rule exists and this is Confide's own convention (GAD-7).
    published: bool = True


@dataclass(frozen=True)
class TotalTransform:
    """A linear rescaling of the raw sum (WHO-5: x4 gives 0-100). The raw sum is kept too."""

    multiply: int
    description: str

    def apply(self, raw: int) -> int:
        return raw * self.multiply


@dataclass(frozen=True)
class Cutoff:
    """A cut-off a practice may move within its published range (PCL-5: 31-33)."""

    band: str  # the slug of the band that starts at the cut-off
    default: int
    minimum: int
    maximum: int
    note: str = ""

    def __post_init__(self) -> None:
        if not self.minimum <= self.default <= self.maximum:
            raise ValueError(f"cut-off for {self.band}: default outside its range")


@dataclass(frozen=True)
class Licence:
    """Who holds the rights, on what terms, and where that was found."""

    holder: str
    text: str
    free: bool
    source: str
    permission: str = ""  # for licensed wording: who granted permission, and when


@dataclass(frozen=True, kw_only=True)
class Instrument:
    """A questionnaire as data; the scoring engine reads nothing else."""

    code: str
    name: str
    short_name: str
    description: str
    recall_days: int | None
    recall_text: str | None
    stem: str  # empty when the instrument has none or its wording is licensed and not loaded
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    licence: Licence
    sources: tuple[str, ...]
    subscales: tuple[Subscale, ...] = ()
    count_rules: tuple[CountRule, ...] = ()
    missing_rule: MissingRule | None = None  # None: every scored item must be answered
    loinc_panel: str | None = None
    loinc_total: str | None = None
    licensed_wording: bool = False
    available: bool = True
    total_transform: TotalTransform | None = None
    extra_items: tuple[Item, ...] = ()
    cutoff: Cutoff | None = None
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Lists are accepted for convenience but stored as tuples: frozen all the way down.
        for name in (
            "items",
            "bands",
            "subscales",
            "count_rules",
            "extra_items",
            "sources",
            "notes",
        ):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        self._check_items()
        self._check_bands(self.bands)
        self._check_rules()
        self._check_wording()

    # --- checks -------------------------------------------------------------------------

    def _check_items(self) -> None:
        if [i.number for i in self.items] != list(range(1, len(self.items) + 1)):
            raise ValueError(f"{self.code}: scored items must be numbered 1..n in order")
        if not all(i.scored for i in self.items):
            raise ValueError(f"{self.code}: every item in `items` must be scored")
        if any(i.scored for i in self.extra_items):
            raise ValueError(f"{self.code}: extra items are never scored")
        keys = [i.key for i in self.all_items]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.code}: item keys must be unique")

    def _check_bands(self, bands: tuple[Band, ...]) -> None:
        # Bands must tile [min_total, max_total] exactly: no gap, no overlap, nothing beyond.
        if not bands:
            raise ValueError(f"{self.code}: needs at least one band")
        if len({b.slug for b in bands}) != len(bands):
            raise ValueError(f"{self.code}: band slugs must be unique")
        if bands[0].low != self.min_total or bands[-1].high != self.max_total:
            raise ValueError(
                f"{self.code}: bands must run from {self.min_total} to {self.max_total}"
            )
        for before, after in pairwise(bands):
            if after.low != before.high + 1:
                raise ValueError(f"{self.code}: bands {before.slug} and {after.slug} do not meet")

    def _check_rules(self) -> None:
        numbers = {i.number for i in self.items}
        subscale_keys = {s.key for s in self.subscales}
        for subscale in self.subscales:
            if not set(subscale.items) <= numbers:
                raise ValueError(f"{self.code}: subscale {subscale.key} names a missing item")
        for rule in self.count_rules:
            if not set(rule.thresholds) <= numbers:
                raise ValueError(f"{self.code}: count rule {rule.flag} names a missing item")
            if not {k for k, _ in rule.group_minimums} <= subscale_keys:
                raise ValueError(f"{self.code}: count rule {rule.flag} names a missing subscale")
        if self.missing_rule and not 0 <= self.missing_rule.max_missing < len(self.items):
            raise ValueError(f"{self.code}: max_missing must leave at least one item answered")
        if self.cutoff:
            slugs = [b.slug for b in self.bands]
            if self.cutoff.band not in slugs[1:]:
                raise ValueError(f"{self.code}: the cut-off must start a band after the first")
            if self.band_by_slug(self.cutoff.band).low != self.cutoff.default:
                raise ValueError(f"{self.code}: the cut-off default must match its band")
            # Every allowed cut-off must still leave both neighbouring bands non-empty.
            self._check_bands(self.bands_with_cutoff(self.cutoff.minimum))
            self._check_bands(self.bands_with_cutoff(self.cutoff.maximum))

    def _check_wording(self) -> None:
        if not self.licensed_wording and not self.available:
            raise ValueError(f"{self.code}: only licensed wording can be unavailable")
        if self.available:
            for item in self.all_items:
                if not item.text.strip() or not all(o.label.strip() for o in item.options):
                    raise ValueError(f"{self.code}: {item.key} has no wording but is available")

    # --- derived facts ------------------------------------------------------------------

    @property
    def item_count(self) -> int:
        """Number of scored items."""
        return len(self.items)

    @property
    def all_items(self) -> tuple[Item, ...]:
        """Scored items, then extra (unscored) items."""
        return self.items + self.extra_items

    @property
    def raw_min_total(self) -> int:
        return sum(i.min_value for i in self.items)

    @property
    def raw_max_total(self) -> int:
        return sum(i.max_value for i in self.items)

    @property
    def min_total(self) -> int:
        """Lowest possible total, on the scale the bands use."""
        return self._transform(self.raw_min_total)

    @property
    def max_total(self) -> int:
        """Highest possible total, on the scale the bands use."""
        return self._transform(self.raw_max_total)

    @property
    def safety_items(self) -> tuple[Item, ...]:
        """Items (scored or extra) whose positive answer raises the risk flag."""
        return tuple(i for i in self.all_items if i.safety)

    def _transform(self, raw: int) -> int:
        return self.total_transform.apply(raw) if self.total_transform else raw

    def item(self, number: int) -> Item:
        """Return scored item `number` (from 1)."""
        return self.items[number - 1]

    def band_by_slug(self, slug: str) -> Band:
        for band in self.bands:
            if band.slug == slug:
                return band
        raise KeyError(slug)

    def bands_with_cutoff(self, value: int) -> tuple[Band, ...]:
        """Return the bands with the adjustable cut-off moved to `value` (range not checked)."""
        if self.cutoff is None:
            return self.bands
        at = [b.slug for b in self.bands].index(self.cutoff.band)
        bands = list(self.bands)
        bands[at - 1] = replace(bands[at - 1], high=value - 1)
        bands[at] = replace(bands[at], low=value)
        return tuple(bands)

    def summary(self) -> dict[str, Any]:
        """The fields of the public instrument list (API.md)."""
        return {
            "code": self.code,
            "name": self.name,
            "recall_days": self.recall_days,
            "item_count": self.item_count,
            "available": self.available,
        }


@dataclass(frozen=True)
class Result:
    """A scored answer set. `total` is on the banded scale (WHO-5: 0-100), `raw_total` is not."""

    instrument: str
    total: int | None
    raw_total: int | None
    max_total: int
    severity: str | None
    band: Band | None
    flags: tuple[str, ...]
    prorated: bool
    scorable: bool
    subscales: dict[str, int]
    item_values: tuple[int | None, ...]
    extras: dict[str, int | None]
    answered: int
    notes: tuple[str, ...]
    cutoff: int | None = None  # the adjustable cut-off in force, where the instrument has one

    @property
    def risk(self) -> bool:
        return "risk" in self.flags

    @property
    def next_step(self) -> str | None:
        """The band's next step, raised to 'reach_out_today' by a positive safety item."""
        if self.risk:
            return "reach_out_today"
        return self.band.next_step if self.band else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict with the API fields first (API.md) and the detail after."""
        return {
            "instrument": self.instrument,
            "total": self.total,
            "max_total": self.max_total,
            "severity": self.severity,
            "flags": list(self.flags),
            "prorated": self.prorated,
            "scorable": self.scorable,
            "subscales": dict(self.subscales),
            "raw_total": self.raw_total,
            "band_label": self.band.label if self.band else None,
            "next_step": self.next_step,
            "item_values": list(self.item_values),
            "extras": dict(self.extras),
            "answered": self.answered,
            "notes": list(self.notes),
            "cutoff": self.cutoff,
        }
