"""The fast path of MRZ validation: a zone with nothing wrong, checked in a few C-level operations.

Most zones read at a desk or in a batch are right. For them this module gives exactly the
result the full validation (:mod:`rcf.documents.mrz`) would, without its per-field objects: the
character set by one regular expression, each check digit from ``bytes.translate`` and three
strided sums, dates, codes and names by plain lookups. Anything unusual (a failing check, an
illegal character, an unknown code, a partly unknown date, a long TD1/TD2 number, a name that
may be truncated) returns None, and the full validation runs to report and explain it. A property
test pins the two paths to the same results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rcf.documents.mrz_checks import parse_date
from rcf.documents.mrz_codes import ICAO_CODES
from rcf.documents.mrz_layout import Layout, MrzFormat, Span
from rcf.documents.mrz_result import CHECKS, MrzFields, MrzResult, Problem

# Each MRZ character's value (0-9, A-Z = 10-35, < = 0) as a byte, for bytes.translate.
_ALPHABET = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VALUES = bytes.maketrans(_ALPHABET + b"<", bytes(range(36)) + b"\0")
_LEGAL = re.compile(r"[A-Z0-9<]*")
# A plain name: a surname first, letters and fillers, a filler last (not truncated).
_NAME = re.compile(r"[A-Z][A-Z<]*<")
SEXES = frozenset("MFX<")
_CHARACTERS = _ALPHABET.decode() + "<"
# Each code as a 3-character field may hold it: "UTO", and Germany's "D<<" (and "<D<", "<<D").
RAW_CODES = frozenset(
    "<" * left + code + "<" * (3 - left - len(code))
    for code in ICAO_CODES
    if len(code) <= 3
    for left in range(4 - len(code))
)


def _document_codes(layout: Layout) -> frozenset[str]:
    """The 2-character fields the full validation accepts as this layout's document code."""
    return frozenset(
        first + second
        for first in layout.document_types
        for second in _CHARACTERS
        if not (layout.long_number and second == "V")
    )


Slice = tuple[int, int]
Terms = tuple[tuple[slice, int], ...]


@dataclass(frozen=True)
class FastLayout:
    """A layout's fields as slices of the zone's lines joined into one string."""

    layout: Layout
    document_type: slice
    issuing_state: slice
    name: slice
    document_number: slice
    number_check: int
    nationality: slice
    birth_date: slice  # with its check digit
    sex: int
    expiry_date: slice  # with its check digit
    optional_data: slice
    optional_data_2: slice | None
    long_number: bool
    document_codes: frozenset[str]
    # Each check but the dates': first span's slices, the other spans' weighted slices, the data
    # when one span, check offset.
    checks: tuple[tuple[tuple[slice, slice, slice], Terms, slice | None, int], ...]
    passed: dict[str, bool | None]  # the checks of a zone with nothing wrong


def _slice(layout: Layout, span: Span) -> slice:
    line, start, end = span
    return slice(line * layout.line_length + start, line * layout.line_length + end)


def _weighted(spans: tuple[slice, ...]) -> tuple[tuple[slice, slice, slice], Terms, slice | None]:
    """The 7-3-1 sum over ``spans`` as strided slices (``sum`` of a bytes slice runs in C): the
    first span's three slices (weights 7, 3, 1), then the other spans' slices with their weights
    (which run on across spans); and the data slice when it is one span (only then may a '<'
    check digit pass)."""
    first = spans[0]
    head = tuple(slice(first.start + shift, first.stop, 3) for shift in range(3))
    terms, phase = [], first.stop - first.start
    for span in spans[1:]:
        for shift in range(3):
            weight = (7, 3, 1)[(phase + shift) % 3]
            terms.append((slice(span.start + shift, span.stop, 3), weight))
        phase += span.stop - span.start
    return (head[0], head[1], head[2]), tuple(terms), first if len(spans) == 1 else None


def compile_layout(layout: Layout) -> FastLayout:
    spans = layout.spans
    at = {name: _slice(layout, span) for name, span in spans.items()}
    checks = []
    for name in ("document_number", "optional_data", "composite"):
        if f"{name}_check" in spans:
            data = (
                (at[name],)
                if name != "composite"
                else tuple(_slice(layout, span) for span in layout.composite)
            )
            checks.append((*_weighted(data), at[f"{name}_check"].start))
    passed = {name: True if f"{name}_check" in spans else None for name in CHECKS}
    # Each date is read with its check digit right after it.
    at["birth_date"] = slice(at["birth_date"].start, at["birth_date"].stop + 1)
    at["expiry_date"] = slice(at["expiry_date"].start, at["expiry_date"].stop + 1)
    return FastLayout(
        layout, at["document_type"], at["issuing_state"], at["name"], at["document_number"],
        at["document_number_check"].start, at["nationality"], at["birth_date"], at["sex"].start,
        at["expiry_date"], at["optional_data"], at.get("optional_data_2"), layout.long_number,
        _document_codes(layout), tuple(checks), passed,
    )  # fmt: skip


def check_digit_of(data: str) -> int:
    """The 7-3-1 check digit of legal MRZ characters, in C: translate, then three sums."""
    values = data.encode("ascii").translate(_VALUES)
    return (7 * sum(values[0::3]) + 3 * sum(values[1::3]) + sum(values[2::3])) % 10


def read_fast(lines: list[str], fast: FastLayout, today: date) -> MrzResult | None:
    """The result of a zone when everything is right, or None to let the full validation run."""
    zone = "".join(lines)
    if (
        _LEGAL.fullmatch(zone) is None
        or zone[fast.document_type] not in fast.document_codes
        or zone[fast.issuing_state] not in RAW_CODES
        or zone[fast.nationality] not in RAW_CODES
        or zone[fast.sex] not in SEXES
        or (fast.long_number and zone[fast.number_check] == "<")  # the full reading follows it
        or _NAME.fullmatch(zone[fast.name]) is None
    ):
        return None
    values = zone.encode("ascii").translate(_VALUES)
    for (sevens, threes, ones), terms, single, check_at in fast.checks:
        check = zone[check_at]
        if check == "<":  # right only on one field of fillers alone (an unused optional field)
            if single is None or zone[single].strip("<"):
                return None
            continue
        total = 7 * sum(values[sevens]) + 3 * sum(values[threes]) + sum(values[ones])
        for where, weight in terms:
            total += weight * sum(values[where])
        if ord(check) - 48 != total % 10:  # letters fail too: their values exceed 9
            return None
    # A date and its check digit together: one cached lookup (a batch repeats dates).
    birth = _checked_date(zone[fast.birth_date], True, today)
    expiry = _checked_date(zone[fast.expiry_date], False, today)
    if birth is None or expiry is None:
        return None
    return _result(zone, fast, birth, expiry, today)


def _result(zone: str, at: FastLayout, birth: date, expiry: date, today: date) -> MrzResult:
    """The result the full validation gives for a zone with nothing wrong."""
    # The name matched _NAME: it starts with a letter, so the part before the first "<<" neither
    # starts nor ends with a filler and holds no "<<": its fillers are single spaces.
    primary, _, secondary = zone[at.name].partition("<<")
    secondary = secondary.strip("<")
    if "<<" in secondary:
        secondary = " ".join(secondary.replace("<", " ").split())
    surname, given_names = primary.replace("<", " "), secondary.replace("<", " ")
    fields = MrzFields(
        zone[at.document_type].strip("<"),
        zone[at.issuing_state].strip("<"),
        surname,
        given_names,
        zone[at.document_number].strip("<"),
        zone[at.nationality].strip("<"),
        zone[at.birth_date][:6],
        zone[at.sex],
        zone[at.expiry_date][:6],
        zone[at.optional_data].strip("<"),
        zone[at.optional_data_2].strip("<") if at.optional_data_2 else "",
    )
    warnings = _expired(expiry) if expiry < today else ()
    return MrzResult(True, at.layout.format, fields, birth, expiry, dict(at.passed), (), warnings)


@lru_cache(maxsize=10_000)  # Problem is immutable: one per expiry date is shared
def _expired(expiry: date) -> tuple[Problem, ...]:
    return (Problem("expiry_date", "expired", f"The document expired on {expiry}."),)


@lru_cache(maxsize=100_000)
def _checked_date(raw: str, birth: bool, today: date) -> date | None:
    """The date of ``YYMMDD`` + check digit, or None when the check fails or the date is wrong."""
    if raw[6:] != str(check_digit_of(raw[:6])):
        return None
    return parse_date(raw[:6], birth=birth, today=today)


FAST_LAYOUTS: dict[MrzFormat, FastLayout] = {}


def fast_layout(layout: Layout) -> FastLayout:
    found = FAST_LAYOUTS.get(layout.format)
    if found is None:
        found = FAST_LAYOUTS[layout.format] = compile_layout(layout)
    return found
