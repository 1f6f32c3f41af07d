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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import itemgetter

from rcf.documents.mrz_checks import parse_date
from rcf.documents.mrz_codes import ICAO_CODES
from rcf.documents.mrz_layout import Layout, MrzFormat, Span
from rcf.documents.mrz_result import CHECKS, MrzFields, MrzResult, Problem

# Each MRZ character's value (0-9, A-Z = 10-35, < = 0) as a byte, for bytes.translate.
_ALPHABET = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VALUES = bytes.maketrans(_ALPHABET + b"<", bytes(range(36)) + b"\0")
_CHARACTERS = _ALPHABET.decode() + "<"
# Each code as a 3-character field may hold it: "UTO", and Germany's "D<<" (and "<D<", "<<D").
RAW_CODES = frozenset(
    "<" * left + code + "<" * (3 - left - len(code))
    for code in ICAO_CODES
    if len(code) <= 3
    for left in range(4 - len(code))
)


def _shape(layout: Layout) -> re.Pattern[str]:
    """One expression for the zone's lines joined: every character legal, the name a plain one
    (a letter first, a filler last: not truncated) and the sex a known code."""
    parts = []
    for name, (_line, start, end) in sorted(layout.spans.items(), key=lambda item: item[1]):
        width = end - start
        if name == "name":
            parts.append(f"[A-Z][A-Z<]{{{width - 2}}}<")
        elif name == "sex":
            parts.append("[MFX<]")
        else:
            parts.append(f"[A-Z0-9<]{{{width}}}")
    return re.compile("".join(parts))


def _document_codes(layout: Layout) -> frozenset[str]:
    """The 2-character fields the full validation accepts as this layout's document code."""
    return frozenset(
        first + second
        for first in layout.document_types
        for second in _CHARACTERS
        if not (layout.long_number and second == "V")
    )


# The fields read_fast takes from a zone, in this order, by one itemgetter call.
FIELDS = (
    "document_type", "issuing_state", "nationality", "name", "birth_date", "sex", "expiry_date",
    "document_number", "optional_data", "optional_data_2",
)  # fmt: skip


@dataclass(frozen=True)
class FastLayout:
    """A layout's fields as slices of the zone's lines joined into one string."""

    layout: Layout
    shape: re.Pattern[str]
    # The FIELDS of a zone (dates with their check digit; "" for a field the layout lacks).
    fields: Callable[[str], tuple[str, ...]]
    number_check: int
    long_number: bool
    document_codes: frozenset[str]
    # Each check but the dates': the data's pieces (joined, they are the data), whether a '<'
    # check digit may pass (one field alone), the check digit's offset.
    checks: tuple[tuple[Callable[[str], tuple[str, ...]], bool, int], ...]
    passed: dict[str, bool | None]  # the checks of a zone with nothing wrong


def _slice(layout: Layout, span: Span) -> slice:
    line, start, end = span
    return slice(line * layout.line_length + start, line * layout.line_length + end)


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
            # A trailing empty piece: the getter gives a tuple even for one field.
            pieces = itemgetter(*data, slice(0, 0))
            checks.append((pieces, len(data) == 1, at[f"{name}_check"].start))
    passed = {name: True if f"{name}_check" in spans else None for name in CHECKS}
    # Each date is read with its check digit right after it.
    at["birth_date"] = slice(at["birth_date"].start, at["birth_date"].stop + 1)
    at["expiry_date"] = slice(at["expiry_date"].start, at["expiry_date"].stop + 1)
    empty = slice(0, 0)
    return FastLayout(
        layout, _shape(layout), itemgetter(*(at.get(name, empty) for name in FIELDS)),
        at["document_number_check"].start, layout.long_number, _document_codes(layout),
        tuple(checks), passed,
    )  # fmt: skip


def check_digit_of(data: str) -> int:
    """The 7-3-1 check digit of legal MRZ characters, in C: translate, then three sums."""
    values = data.encode("ascii").translate(_VALUES)
    return (7 * sum(values[0::3]) + 3 * sum(values[1::3]) + sum(values[2::3])) % 10


def read_fast(lines: list[str], fast: FastLayout, today: date) -> MrzResult | None:
    """The result of a zone when everything is right, or None to let the full validation run."""
    zone = "".join(lines)
    if fast.shape.fullmatch(zone) is None:
        return None
    fields = fast.fields(zone)
    document_type, state, nationality, _, birth_raw, _, expiry_raw, _, _, _ = fields
    if (
        document_type not in fast.document_codes
        or state not in RAW_CODES
        or nationality not in RAW_CODES
        or (fast.long_number and zone[fast.number_check] == "<")  # the full reading follows it
    ):
        return None
    for pieces, alone, check_at in fast.checks:
        data, check = "".join(pieces(zone)), zone[check_at]
        if check == "<":  # right only on one field of fillers alone (an unused optional field)
            if not alone or data.strip("<"):
                return None
        elif ord(check) - 48 != check_digit_of(data):  # letters fail too: they exceed 9
            return None
    # A date and its check digit together: one cached lookup (a batch repeats dates).
    birth = _checked_date(birth_raw, True, today)
    expiry = _checked_date(expiry_raw, False, today)
    if birth is None or expiry is None:
        return None
    return _result(fields, fast, birth, expiry, today)


def _result(
    fields: tuple[str, ...], at: FastLayout, birth: date, expiry: date, today: date
) -> MrzResult:
    """The result the full validation gives for a zone with nothing wrong."""
    document_type, state, nationality, name, birth_raw, sex, expiry_raw, number, optional, more = (
        fields
    )
    # The name matched the shape: it starts with a letter, so the part before the first "<<"
    # neither starts nor ends with a filler and holds no "<<": its fillers are single spaces.
    primary, _, secondary = name.partition("<<")
    secondary = secondary.strip("<")
    if "<<" in secondary:
        secondary = " ".join(secondary.replace("<", " ").split())
    contract = MrzFields(
        document_type.strip("<"),
        state.strip("<"),
        primary.replace("<", " "),
        secondary.replace("<", " "),
        number.strip("<"),
        nationality.strip("<"),
        birth_raw[:6],
        sex,
        expiry_raw[:6],
        optional.strip("<"),
        more.strip("<"),
    )
    warnings = _expired(expiry) if expiry < today else ()
    return MrzResult(True, at.layout.format, contract, birth, expiry, dict(at.passed), (), warnings)


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
