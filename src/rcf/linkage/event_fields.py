"""An incident report made comparable, and the comparison of two reports field by field."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from rcf.linkage.countries import parse_country
from rcf.linkage.dates import DateOrder, parse_date
from rcf.linkage.names import name_similarity, person_tokens
from rcf.linkage.places import place_key
from rcf.linkage.scoring import MISSING, Comparison, Vector
from rcf.linkage.vessels import vessel_key, vessel_similarity

_LIST_SEPARATORS = re.compile(r"[;,|/]")
_FIRST_NUMBER = re.compile(r"\d{1,3}(?:[,.]\d{3})+(?!\d)|\d+")

# m priors: how reports of one boat differ. Members date an event by departure, interception or
# landing (a few days apart), spell the place and the boat their own way and count the people on
# board differently (those found, those rescued, those landed).
EVENT_COMPARISONS = (
    Comparison(
        "event_date",
        ("same day", "1 day", "2-3 days", "4-7 days", "further"),
        (0.45, 0.25, 0.18, 0.08, 0.04),
        (0.0003, 0.0006, 0.001, 0.003, 0.9951),
    ),
    Comparison(
        "location", ("same", "similar", "different"), (0.75, 0.12, 0.13), (0.05, 0.02, 0.93)
    ),
    Comparison(
        "vessel",
        ("same", "close", "similar", "different"),
        (0.60, 0.25, 0.08, 0.07),
        (0.001, 0.002, 0.01, 0.987),
    ),
    Comparison(
        "persons_on_board",
        ("within 5%", "within 20%", "within 50%", "further"),
        (0.45, 0.35, 0.14, 0.06),
        (0.05, 0.15, 0.35, 0.45),
    ),
    Comparison(
        "nationalities", ("same", "overlap", "disjoint"), (0.60, 0.33, 0.07), (0.1, 0.3, 0.6)
    ),
    Comparison("facilitators", ("shared", "none shared"), (0.60, 0.40), (0.01, 0.99)),
)
# Below this similarity two vessel names are two boats, whatever else agrees.
DIFFERENT_VESSELS = 0.7


@dataclass(frozen=True, slots=True)
class Event:
    """One report, normalised: day number, place and vessel keys, count, codes and names."""

    report_id: str
    source_state: str
    day: tuple[int, ...]
    place: str
    vessel: str
    count: int | None
    nationalities: frozenset[str]
    facilitators: tuple[tuple[str, ...], ...]


def prepare_event(row: Mapping[str, str], order: DateOrder) -> Event:
    """Normalise one input row; ``order`` is its source's inferred date order."""
    return Event(
        report_id=row["report_id"],
        source_state=row.get("source_state", "").strip().upper(),
        day=_day_numbers(row.get("event_date", ""), order),
        place=place_key(row.get("location", "")),
        vessel=vessel_key(row.get("vessel_name", "")),
        count=parse_count(row.get("persons_on_board", "")),
        nationalities=frozenset(
            code
            for code in map(parse_country, _lenient_list(row.get("passenger_nationalities", "")))
            if code
        ),
        facilitators=tuple(
            tokens
            for tokens in map(person_tokens, _lenient_list(row.get("facilitator_names", "")))
            if tokens
        ),
    )


def parse_list(text: str) -> list[str]:
    """A JSON list of strings, or values separated by ``; , | /``; empty for an empty cell."""
    value = text.strip()
    if value.startswith("["):
        items = json.loads(value)
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ValueError("expected a JSON list of strings")
        return [item for item in items if item.strip()]
    return [part.strip() for part in _LIST_SEPARATORS.split(value) if part.strip()]


def _lenient_list(text: str) -> list[str]:
    """``parse_list``, or nothing when the cell is not a list (the reader has reported it)."""
    try:
        return parse_list(text)
    except ValueError:
        return []


def parse_count(text: str) -> int | None:
    """The first whole number in the cell (``about 120``, ``120+``, ``1,200``, ``45 (3 crew)``)."""
    match = _FIRST_NUMBER.search(text)
    return int(re.sub(r"[^0-9]", "", match.group())) if match else None


def _day_numbers(text: str, order: DateOrder) -> tuple[int, ...]:
    parsed = parse_date(text, order)
    if parsed is None:
        return ()
    readings = (_ordinal(parsed.year, month, day) for month, day in parsed.readings())
    return tuple(day for day in readings if day is not None)


def _ordinal(year: int, month: int, day: int) -> int | None:
    try:
        return date(year, month, day).toordinal()
    except ValueError:
        return None


def vessels_conflict(a: Event, b: Event) -> bool:
    """Two plainly different boat names: two events, whatever else agrees."""
    return bool(a.vessel and b.vessel) and vessel_similarity(a.vessel, b.vessel) < DIFFERENT_VESSELS


def compare_events(a: Event, b: Event) -> Vector:
    """The comparison level of every field (``MISSING`` when either side lacks it)."""
    return (
        _date_level(a.day, b.day),
        _place_level(a.place, b.place),
        _vessel_level(a.vessel, b.vessel),
        _count_level(a.count, b.count),
        _set_level(a.nationalities, b.nationalities),
        _facilitator_level(a.facilitators, b.facilitators),
    )


def _date_level(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    if not a or not b:
        return MISSING
    gap = min(abs(x - y) for x in a for y in b)
    for level, most in enumerate((0, 1, 3, 7)):
        if gap <= most:
            return level
    return 4


def _place_level(a: str, b: str) -> int:
    if not a or not b:
        return MISSING
    if a == b:
        return 0
    return 1 if name_similarity(tuple(a.split()), tuple(b.split())) >= 0.85 else 2


def _vessel_level(a: str, b: str) -> int:
    if not a or not b:
        return MISSING
    similarity = vessel_similarity(a, b)
    return 0 if similarity == 1.0 else 1 if similarity >= 0.9 else 2 if similarity >= 0.8 else 3


def _count_level(a: int | None, b: int | None) -> int:
    if not a or not b:
        return MISSING
    gap = abs(a - b) / max(a, b)
    return 0 if gap <= 0.05 else 1 if gap <= 0.2 else 2 if gap <= 0.5 else 3


def _set_level(a: frozenset[str], b: frozenset[str]) -> int:
    if not a or not b:
        return MISSING
    return 0 if a == b else 1 if a & b else 2


def _facilitator_level(a: tuple[tuple[str, ...], ...], b: tuple[tuple[str, ...], ...]) -> int:
    if not a or not b:
        return MISSING
    shared = any(name_similarity(x, y) >= 0.9 for x in a for y in b)
    return 0 if shared else 1
