"""The fast path of MRZ validation: a zone with nothing wrong, checked in a few C-level operations.

Most zones read at a desk or in a batch are right. For them this module gives exactly the
result the full validation (:mod:`rcf.documents.mrz`) would, without its per-field objects. The
lines joined by newlines meet one regular expression per layout (the shape, character set,
document code, name, sex, and which check digits may be a filler); the zone is translated to
character values once, and each check digit is three strided sums over its slices; dates and
codes are dictionary and set lookups. Valid zones with a warning that real documents often
carry take it too: a name that fills its field (may be truncated), a date of birth partly
unknown, an expired document. Anything unusual (a failing check, an illegal character, an
unknown code, a long TD1/TD2 number, a name that starts with a filler) returns None, and the
full validation runs to report and explain it. A property test pins the two paths to the same
results.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

from rcf.documents.mrz_checks import parse_date
from rcf.documents.mrz_codes import ICAO_CODES
from rcf.documents.mrz_layout import MRVA, MRVB, TD1, TD2, TD3, Layout, MrzFormat, Span
from rcf.documents.mrz_result import CHECKS, MrzFields, MrzResult, Problem

_new_fields = tuple.__new__  # MrzFields from a tuple in one C call, without its checks
# Each MRZ character's value (0-9, A-Z = 10-35, < = 0) as a byte, for bytes.translate.
_ALPHABET = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VALUES = bytes.maketrans(_ALPHABET + b"<", bytes(range(36)) + b"\0")
# Each code by the 3-character fields that may hold it: "UTO", and Germany's "D<<" (and "<D<",
# "<<D"). One lookup checks and trims a field.
CODES = {
    "<" * left + code + "<" * (3 - left - len(code)): code
    for code in ICAO_CODES
    if len(code) <= 3
    for left in range(4 - len(code))
}
# The fields read_fast takes from a zone's match, in this order: the order of the groups of
# TD2, TD3 and the visas, so that only TD1's are reordered (each date with its check digit:
# the key of the date tables).
FIELDS = (
    "document_type", "issuing_state", "name", "document_number", "nationality", "birth_date",
    "sex", "expiry_date", "optional_data", "optional_data_2",
)  # fmt: skip


@dataclass(frozen=True)
class FastLayout:
    """A layout's shape, whose groups are its fields, and its checks as slices of the zone."""

    format: MrzFormat
    line_count: int
    shape: re.Pattern[str]
    # The FIELDS of a zone from its match's groups ("" for a field the layout lacks), or None
    # when the groups are the FIELDS.
    reorder: Callable[[tuple[str, ...]], tuple[str, ...]] | None
    # The checks of one field (document number, optional data): three strided slices of the
    # zone's values (the characters weighed 7, 3 and 1) and the offset of its check digit.
    field_checks: tuple[tuple[slice, slice, slice, int], ...]
    # The composite check (None if the layout has none): the data's pieces in the zone's values
    # (joined, they are the data), and the offset of the check digit.
    composite: tuple[Callable[[bytes], tuple[bytes, ...]], int] | None
    passed: dict[str, bool | None]  # the checks of a zone with nothing wrong


def _shape(layout: Layout) -> tuple[re.Pattern[str], list[str]]:
    """One expression for the zone's lines joined by newlines, and the fields its groups hold in
    order. Every character legal, the document code one of the layout's, the name a plain one
    (a letter first), the sex a known code, the dates digits (a date of birth may end in
    fillers, a filler for its check digit when it is all fillers: Doc 9303's unknown date). A
    check digit is a digit, or a filler after a field of fillers alone (an unused optional
    field: the full validation's rule); a long TD1/TD2 number (a filler for its check digit) is
    left to the full validation. A date's group holds its check digit too (the key of the date
    tables); the last group is empty, for the fields the layout lacks."""
    parts, groups, line = [], [], 0
    for name, (span_line, start, end) in sorted(layout.spans.items(), key=lambda item: item[1]):
        if span_line != line:
            parts.append("\n")
            line = span_line
        parts.append(_field_pattern(layout, name, end - start))
        if not name.endswith("_check"):
            groups.append(name)
    return re.compile("".join(parts) + "()"), groups


def _field_pattern(layout: Layout, name: str, width: int) -> str:
    if name == "document_type":  # Doc 9303 Parts 5 and 6: a TD1/TD2 code never ends in V
        return f"([{layout.document_types}][{'A-UW-Z' if layout.long_number else 'A-Z'}0-9<])"
    if name == "name":
        return f"([A-Z][A-Z<]{{{width - 1}}})"
    if name == "sex":
        return "([MFX<])"
    if name == "birth_date":  # and the check digit that follows it
        return "([0-9]{2}(?:[0-9]{4}|[0-9]{2}<<|<<<<)[0-9]|<<<<<<[0-9<])"
    if name == "expiry_date":
        return "([0-9]{7})"
    if _filler_may_check(layout, name):  # the field, then a digit or a filler after fillers
        return f"([A-Z0-9<]{{{width}}})(?:[0-9]|(?<=<{{{width}}})<)"
    if name.endswith("_check"):
        field = name.removesuffix("_check")
        return "" if _filler_may_check(layout, field) or field.endswith("_date") else "[0-9]"
    return f"([A-Z0-9<]{{{width}}})"


def _filler_may_check(layout: Layout, name: str) -> bool:
    """Whether the field has a check digit of its own that a filler may be (the number's is
    the start of a long number in TD1 and TD2)."""
    if name == "document_number":
        return not layout.long_number
    return name == "optional_data" and "optional_data_check" in layout.spans


def _slice(layout: Layout, span: Span) -> slice:
    """The span's slice of the zone joined by newlines (one more character a line)."""
    line, start, end = span
    offset = line * (layout.line_length + 1)
    return slice(offset + start, offset + end)


def _strided(at: slice) -> tuple[slice, slice, slice]:
    return (
        slice(at.start, at.stop, 3),
        slice(at.start + 1, at.stop, 3),
        slice(at.start + 2, at.stop, 3),
    )


def compile_layout(layout: Layout) -> FastLayout:
    spans = layout.spans
    for name in ("birth_date", "expiry_date"):  # the shape reads a date with its check digit
        assert spans[f"{name}_check"] == (spans[name][0], spans[name][2], spans[name][2] + 1)
    at = {name: _slice(layout, span) for name, span in spans.items()}
    field_checks = tuple(
        (*_strided(at[name]), at[f"{name}_check"].start)
        for name in ("document_number", "optional_data")
        if f"{name}_check" in spans
    )
    composite = None
    if "composite_check" in spans:
        pieces = itemgetter(*(_slice(layout, span) for span in layout.composite))
        composite = (pieces, at["composite_check"].start)
    shape, groups = _shape(layout)
    order = [groups.index(name) if name in groups else len(groups) for name in FIELDS]
    reorder = None if order == sorted(order) else itemgetter(*order)
    passed = {name: True if f"{name}_check" in spans else None for name in CHECKS}
    return FastLayout(
        layout.format, layout.line_count, shape, reorder, field_checks, composite, passed
    )


def check_digit_of(values: bytes) -> int:
    """The 7-3-1 check digit of MRZ character values, in C: three strided sums."""
    return (7 * sum(values[0::3]) + 3 * sum(values[1::3]) + sum(values[2::3])) % 10


# The layouts by the length of the zone joined by newlines and its first character (the
# document code's, which also tells a visa from a card or a passport of the same size).
FAST_LAYOUTS: dict[tuple[int, str], FastLayout] = {
    (layout.line_count * (layout.line_length + 1) - 1, first): compile_layout(layout)
    for layout in (TD1, TD2, TD3, MRVA, MRVB)
    for first in layout.document_types
}


def read_fast(lines: Sequence[str], today: date) -> MrzResult | None:
    """The result of a zone when everything is right, or None to let the full validation run.

    Lines are taken as given first: a zone that meets the shape has no whitespace to strip. A
    blank line, or a line with a newline inside, makes a zone of the wrong shape or count and
    is left to the full validation."""
    zone = "\n".join(lines)
    fast = FAST_LAYOUTS.get((len(zone), zone[:1]))
    match = fast.shape.fullmatch(zone) if fast is not None else None
    if match is None:
        zone = "\n".join(map(str.strip, lines))
        fast = FAST_LAYOUTS.get((len(zone), zone[:1]))
        match = fast.shape.fullmatch(zone) if fast is not None else None
    if fast is None or match is None or len(lines) != fast.line_count:
        return None
    fields = match.groups() if fast.reorder is None else fast.reorder(match.groups())
    state, nationality = CODES.get(fields[1]), CODES.get(fields[4])
    if state is None or nationality is None:
        return None
    values = zone.encode().translate(_VALUES)  # the shape leaves ASCII only
    # check_digit_of, inline: a call would cost a tenth of the loop.
    for by7, by3, by1, check_at in fast.field_checks:
        total = 7 * sum(values[by7]) + 3 * sum(values[by3]) + sum(values[by1])
        if total % 10 != values[check_at]:
            return None
    if fast.composite is not None:
        pieces, check_at = fast.composite
        data = b"".join(pieces(values))
        if (7 * sum(data[0::3]) + 3 * sum(data[1::3]) + sum(data[2::3])) % 10 != values[check_at]:
            return None
    births, expiries = _DATE_TABLES.get(today) or _date_tables(today)
    birth = births.get(fields[5]) or _read_date(births, fields[5], True, today)
    expiry = expiries.get(fields[7]) or _read_date(expiries, fields[7], False, today)
    if not (birth[3] and expiry[3]):
        return None
    return _result(fields, fast, (state, nationality), birth, expiry)


def _result(
    fields: tuple[str, ...], fast: FastLayout, codes: tuple[str, str], birth: _Date, expiry: _Date
) -> MrzResult:
    """The result the full validation gives for a zone with nothing wrong.

    ``split_name`` of a name that matched the shape, inline: it starts with a letter, so the
    part before the first "<<" neither starts nor ends with a filler and holds no "<<": its
    fillers are single spaces."""
    document_type, _, name, number, _, _, sex, _, optional, more = fields
    warnings = birth[1] + expiry[1]
    if name[-1] != "<":
        warnings = (_TRUNCATED_GIVEN if "<<" in name else _TRUNCATED_SURNAME, *warnings)
    surname, _, given_names = name.partition("<<")
    given_names = given_names.strip("<")
    if "<<" in given_names:
        given_names = " ".join(given_names.replace("<", " ").split())
    contract = _new_fields(
        MrzFields,
        (
            document_type.strip("<"),
            codes[0],
            surname.replace("<", " "),
            given_names.replace("<", " "),
            number.strip("<"),
            codes[1],
            birth[2],
            sex,
            expiry[2],
            optional.strip("<"),
            more.strip("<"),
        ),
    )
    return MrzResult(
        True, fast.format, contract, birth[0], expiry[0], dict(fast.passed), (), warnings
    )


# --- Dates: a batch repeats them, so each date with its check digit is read once a day --------

# A date field's reading: the date (None when unknown, or when its check digit or the date is
# wrong), the warnings it brings (an expiry date in the past, a date of birth partly unknown),
# the field without its check digit, and whether the field is valid.
_Date = tuple[date | None, tuple[Problem, ...], str, bool]
_TRUNCATED = "The name fills its field: it may be truncated."
_TRUNCATED_SURNAME = Problem("surname", "name_truncated", _TRUNCATED)
_TRUNCATED_GIVEN = Problem("given_names", "name_truncated", _TRUNCATED)
_TABLE_SIZE = 100_000  # about 15 MB a table at most
_DATE_TABLES: dict[date, tuple[dict[str, _Date], dict[str, _Date]]] = {}


def _date_tables(today: date) -> tuple[dict[str, _Date], dict[str, _Date]]:
    """The readings of birth and expiry dates (``YYMMDD`` and check digit) as of ``today``."""
    _DATE_TABLES.clear()  # one day at a time: the tables of other days are not read again
    tables: tuple[dict[str, _Date], dict[str, _Date]] = ({}, {})
    _DATE_TABLES[today] = tables
    return tables


def _read_date(table: dict[str, _Date], raw: str, birth: bool, today: date) -> _Date:
    if len(table) >= _TABLE_SIZE:
        table.clear()
    text = raw[:6]
    values = raw.encode().translate(_VALUES)  # the shape leaves digits and fillers only
    if check_digit_of(values[:6]) != values[6]:
        reading: _Date = (None, (), text, False)
    elif "<" in text:  # the shape lets only a date of birth end in fillers
        unknown = Problem(
            "birth_date", "date_unknown", f"The date of birth is partly unknown ({text})."
        )
        reading = (None, (unknown,), text, True)
    else:
        found = parse_date(text, birth=birth, today=today)
        expired = not birth and found is not None and found < today
        warnings = (Problem("expiry_date", "expired", f"The document expired on {found}."),)
        reading = (found, warnings if expired else (), text, found is not None)
    table[raw] = reading
    return reading
