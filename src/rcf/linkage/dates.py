"""Dates as members write them: ISO, day-first, month-first, dotted, month names or year only.

A source state keeps one convention, so the order of an ambiguous ``03/04/1990`` is inferred from
the same source's other values: a first part above 12 proves day-first, a second part above 12
proves month-first. With no proof either way (or proof split between the two) the day and month
stay unordered, and comparison treats either reading as agreeing.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$")
_NUMERIC = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_NAMED = re.compile(r"^(\d{1,2})?\s*([A-Za-z]{3,9})\.?\s*(\d{1,2})?,?\s*(\d{4})$")
# Share of a source's order-proving dates that must agree for the order to count as proved.
ORDER_MAJORITY = 0.9
_MONTHS = {name.upper()[:3]: i for i, name in enumerate(calendar.month_abbr) if name}


class DateOrder(StrEnum):
    """How a source writes numeric day and month."""

    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day; ``unordered`` when day and month may be
    swapped (``month`` and ``day`` then hold the two parts as written)."""

    year: int
    month: int | None = None
    day: int | None = None
    unordered: bool = False

    def readings(self) -> tuple[tuple[int, int], ...]:
        """The (month, day) pairs this value may mean."""
        if self.month is None or self.day is None:
            return ()
        if self.unordered and self.day <= 12 and self.month != self.day:
            return ((self.month, self.day), (self.day, self.month))
        return ((self.month, self.day),)

    def to_date(self) -> date | None:
        """The calendar date when the value is complete and unambiguous."""
        if self.month is None or self.day is None or len(self.readings()) != 1:
            return None
        return _safe_date(self.year, self.month, self.day)


def infer_order(values: Iterable[str]) -> DateOrder:
    """The numeric order one source uses, proved by parts above 12 (unknown if unproved).

    A clerk now and then writes one date the other way round: the order is the one at least
    ``ORDER_MAJORITY`` of the proving values show, so a few slips do not unsettle a whole
    source, while an even split (a source that mixes conventions) stays unknown.
    """
    day_first = month_first = 0
    for value in values:
        match = _NUMERIC.match(value.strip())
        if match:
            first, second = int(match.group(1)), int(match.group(3))
            day_first += first > 12 >= second
            month_first += second > 12 >= first
    proofs = day_first + month_first
    if proofs and max(day_first, month_first) >= ORDER_MAJORITY * proofs:
        return DateOrder.DAY_FIRST if day_first > month_first else DateOrder.MONTH_FIRST
    return DateOrder.UNKNOWN


def parse_date(text: str, order: DateOrder = DateOrder.UNKNOWN) -> PartialDate | None:
    """Parse one value in the source's ``order``; None when empty or not a date.

    Examples:
        >>> parse_date("14.03.1985")
        PartialDate(year=1985, month=3, day=14, unordered=False)
        >>> parse_date("1985")
        PartialDate(year=1985, month=None, day=None, unordered=False)
    """
    value = text.strip()
    if not value:
        return None
    for parser in (_parse_iso, _parse_year, _parse_named):
        parsed = parser(value)
        if parsed is not None:
            return parsed
    return _parse_numeric(value, order)


def _parse_iso(value: str) -> PartialDate | None:
    match = _ISO.match(value)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3)) if match.group(3) else None
    return _checked(year, month, day)


def _parse_year(value: str) -> PartialDate | None:
    match = _YEAR.match(value)
    return PartialDate(int(match.group(1))) if match and 1800 < int(match.group(1)) < 2200 else None


def _parse_named(value: str) -> PartialDate | None:
    match = _NAMED.match(value)
    if not match or match.group(2).upper()[:3] not in _MONTHS:
        return None
    day_text = match.group(1) or match.group(3)
    month = _MONTHS[match.group(2).upper()[:3]]
    return _checked(int(match.group(4)), month, int(day_text) if day_text else None)


def _parse_numeric(value: str, order: DateOrder) -> PartialDate | None:
    match = _NUMERIC.match(value)
    if not match:
        return None
    first, second, year = int(match.group(1)), int(match.group(3)), _full_year(match.group(4))
    if first > 12 or second > 12:  # the value proves its own order, whatever its source's
        return _checked(year, min(first, second), max(first, second))
    dotted = order is DateOrder.UNKNOWN and match.group(2) == "."
    if order is DateOrder.DAY_FIRST or dotted:  # dotted dates are day-first wherever used
        return _checked(year, second, first)
    if order is DateOrder.MONTH_FIRST:
        return _checked(year, first, second)
    return PartialDate(year, second, first, unordered=True)


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 4:
        return year
    return year + (1900 if year > 30 else 2000)


def _checked(year: int, month: int, day: int | None) -> PartialDate | None:
    if not 1 <= month <= 12:
        return None
    if day is not None and _safe_date(year, month, day) is None:
        return None
    return PartialDate(year, month, day)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
