"""Check digits, dates and OCR confusions of the MRZ (ICAO Doc 9303 Part 3, section 4.9).

Pure functions over strings: no I/O, nothing raises on any input.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from datetime import date

FILLER = "<"
LEGAL = frozenset(string.ascii_uppercase + string.digits + FILLER)
DIGITS = frozenset(string.digits)
WEIGHTS = (7, 3, 1)

# Digits keep their value, A-Z count 10-35 and the filler 0. Characters outside the MRZ set
# have no value (explicitly: ``int()`` would accept other scripts' digits such as U+0663).
CHAR_VALUES = {
    **{c: int(c) for c in string.digits},
    **{c: 10 + i for i, c in enumerate(string.ascii_uppercase)},
    FILLER: 0,
}

# Characters OCR engines confuse in OCR-B; each maps to what it may have been.
_PAIRS = (
    ("0", "O"),
    ("0", "Q"),
    ("0", "D"),
    ("1", "I"),
    ("2", "Z"),
    ("5", "S"),
    ("6", "G"),
    ("8", "B"),
)
CONFUSABLE: dict[str, tuple[str, ...]] = {}
for _digit, _letter in _PAIRS:
    CONFUSABLE[_digit] = (*CONFUSABLE.get(_digit, ()), _letter)
    CONFUSABLE[_letter] = (*CONFUSABLE.get(_letter, ()), _digit)


# Each MRZ character's value as a byte, for ``bytes.translate``.
_VALUE_BYTES = bytes.maketrans(
    (string.digits + string.ascii_uppercase + FILLER).encode(), bytes(range(36)) + b"\0"
)


def weighted_sum(data: str) -> int | None:
    """The 7-3-1 weighted sum of ``data``'s character values, or None when it holds a character
    outside the MRZ set; its last digit is the check digit. Three strided sums of the values
    translated in C: a loop in Python costs more than the rest of most checks."""
    if not LEGAL.issuperset(data):
        return None
    values = data.encode().translate(_VALUE_BYTES)
    return 7 * sum(values[0::3]) + 3 * sum(values[1::3]) + sum(values[2::3])


def check_digit(data: str) -> int | None:
    """The 7-3-1 check digit of ``data``, or None when it holds a character outside the MRZ set.

    Args:
        data: the characters the check digit protects, fillers included.

    Returns:
        The digit 0-9, or None.

    Examples:
        >>> check_digit("L898902C3")
        6
        >>> check_digit("740812")
        2
    """
    total = weighted_sum(data)
    return None if total is None else total % 10


def check_passes(data: str, check: str) -> bool:
    """Whether ``check`` is the right check digit of ``data``.

    A filler in the check position stands for 0 only when the data is all fillers (an unused
    optional field, Doc 9303 Part 4 section 4.2.2).
    """
    return check_matches(data, weighted_sum(data), check)


def check_matches(data: str, total: int | None, check: str) -> bool:
    """``check_passes`` for data whose weighted sum is known."""
    if total is None:
        return False
    if check == FILLER:
        return total % 10 == 0 and set(data) <= {FILLER}
    return check in DIGITS and int(check) == total % 10


def is_filler_only(value: str) -> bool:
    return set(value) <= {FILLER}


# --- Dates --------------------------------------------------------------------------------------


def birth_year(yy: int, month: int, day: int, today: date) -> int:
    """The year of a birth date ``YYMMDD``: within the last 100 years, never in the future."""
    century = today.year - today.year % 100
    year = century + yy
    return year if (year, month, day) <= (today.year, today.month, today.day) else year - 100


def expiry_year(yy: int, month: int, day: int, today: date) -> int:
    """The year of an expiry date ``YYMMDD``: at most 20 years ahead, else in the 80 years past."""
    century = today.year - today.year % 100
    year = century + yy
    if (year, month, day) > (today.year + 20, today.month, today.day):
        return year - 100
    if (year, month, day) <= (today.year - 80, today.month, today.day):
        return year + 100
    return year


def parse_date(raw: str, *, birth: bool, today: date) -> date | None:
    """The date of a ``YYMMDD`` field, or None when it is not six digits or impossible.

    Examples:
        >>> parse_date("740812", birth=True, today=date(2026, 11, 29))
        datetime.date(1974, 8, 12)
        >>> parse_date("120415", birth=False, today=date(2026, 11, 29))
        datetime.date(2012, 4, 15)
        >>> parse_date("260230", birth=False, today=date(2026, 11, 29)) is None
        True
    """
    if len(raw) != 6 or not set(raw) <= DIGITS:
        return None
    yy, month, day = int(raw[:2]), int(raw[2:4]), int(raw[4:])
    year = (birth_year if birth else expiry_year)(yy, month, day, today)
    try:
        return date(year, month, day)
    except ValueError:
        return None


# Dates read, by text, kind and day: a batch repeats them. Cleared when full (about 6 MB).
_READ_DATES: dict[tuple[str, bool, date], date | None] = {}


def read_date(raw: str, birth: bool, today: date) -> date | None:
    """``parse_date``, each date read once."""
    key = (raw, birth, today)
    if key not in _READ_DATES:
        if len(_READ_DATES) >= 50_000:
            _READ_DATES.clear()
        _READ_DATES[key] = parse_date(raw, birth=birth, today=today)
    return _READ_DATES[key]


# --- OCR confusions -----------------------------------------------------------------------------


def confusable_substitutions(
    chars: str, *, digits_only: frozenset[int] = frozenset()
) -> Iterator[tuple[int, str]]:
    """Every (index, replacement) that swaps one character of ``chars`` for a confusable one.

    Indexes in ``digits_only`` (date and check positions) are only offered digits.
    """
    for index, char in enumerate(chars):
        for replacement in CONFUSABLE.get(char, ()):
            if index in digits_only and replacement not in DIGITS:
                continue
            yield index, replacement
