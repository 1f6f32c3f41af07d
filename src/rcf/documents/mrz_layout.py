"""Where each field sits in the five MRZ formats of ICAO Doc 9303 (Parts 4 to 7).

A span is ``(line, start, end)``, 0-based and end-exclusive, as in Python slices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from operator import itemgetter

Span = tuple[int, int, int]
Position = tuple[int, int]  # (line, column), 0-based


class MrzFormat(StrEnum):
    TD1 = "TD1"  # identity cards, 3 lines of 30
    TD2 = "TD2"  # identity cards, 2 lines of 36
    TD3 = "TD3"  # passports, 2 lines of 44
    MRVA = "MRVA"  # visas, 2 lines of 44
    MRVB = "MRVB"  # visas, 2 lines of 36


@dataclass(frozen=True)
class Layout:
    format: MrzFormat
    line_length: int
    line_count: int
    spans: dict[str, Span]
    composite: tuple[Span, ...] = ()  # what the composite check digit covers; none on visas
    document_types: str = ""  # the allowed first characters of the document code
    long_number: bool = False  # TD1/TD2: a number over 9 characters overflows into optional data

    @cached_property
    def span_texts(self) -> Callable[[str], tuple[str, ...]]:
        """Every span's text, in the order of ``spans``, from the lines joined by newlines: one
        C call, where slicing each line by name costs a Python call a span."""
        width = self.line_length + 1
        spans = self.spans.values()
        return itemgetter(
            *(slice(line * width + start, line * width + end) for line, start, end in spans)
        )

    def field_at(self, position: Position) -> str:
        """The contract field that holds a position (a check digit belongs to its field)."""
        return self._fields_at.get(position, "mrz")

    @cached_property
    def _fields_at(self) -> dict[Position, str]:
        """The field of each position that one holds (the first span listed, where two do)."""
        found: dict[Position, str] = {}
        for name, (line, start, end) in self.spans.items():
            for column in range(start, end):
                found.setdefault((line, column), FIELD_OF_SPAN.get(name, name))
        return found


FIELD_OF_SPAN = {
    "name": "surname",
    "document_number_check": "document_number",
    "birth_date_check": "birth_date",
    "expiry_date_check": "expiry_date",
    "optional_data_check": "optional_data",
    "composite_check": "composite",
}


def _line1(name_end: int) -> dict[str, Span]:
    return {"document_type": (0, 0, 2), "issuing_state": (0, 2, 5), "name": (0, 5, name_end)}


def _line2(optional_end: int) -> dict[str, Span]:
    """Line 2 of TD2, TD3 and the visas, up to and including the optional data."""
    return {
        "document_number": (1, 0, 9),
        "document_number_check": (1, 9, 10),
        "nationality": (1, 10, 13),
        "birth_date": (1, 13, 19),
        "birth_date_check": (1, 19, 20),
        "sex": (1, 20, 21),
        "expiry_date": (1, 21, 27),
        "expiry_date_check": (1, 27, 28),
        "optional_data": (1, 28, optional_end),
    }


TD1 = Layout(
    MrzFormat.TD1,
    30,
    3,
    {
        "document_type": (0, 0, 2),
        "issuing_state": (0, 2, 5),
        "document_number": (0, 5, 14),
        "document_number_check": (0, 14, 15),
        "optional_data": (0, 15, 30),
        "birth_date": (1, 0, 6),
        "birth_date_check": (1, 6, 7),
        "sex": (1, 7, 8),
        "expiry_date": (1, 8, 14),
        "expiry_date_check": (1, 14, 15),
        "nationality": (1, 15, 18),
        "optional_data_2": (1, 18, 29),
        "composite_check": (1, 29, 30),
        "name": (2, 0, 30),
    },
    composite=((0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)),
    document_types="ACI",
    long_number=True,
)
TD2 = Layout(
    MrzFormat.TD2,
    36,
    2,
    {**_line1(36), **_line2(35), "composite_check": (1, 35, 36)},
    composite=((1, 0, 10), (1, 13, 20), (1, 21, 35)),
    document_types="ACI",
    long_number=True,
)
TD3 = Layout(
    MrzFormat.TD3,
    44,
    2,
    {
        **_line1(44),
        **_line2(42),
        "optional_data_check": (1, 42, 43),
        "composite_check": (1, 43, 44),
    },
    composite=((1, 0, 10), (1, 13, 20), (1, 21, 43)),
    document_types="P",
)
MRVA = Layout(MrzFormat.MRVA, 44, 2, {**_line1(44), **_line2(44)}, document_types="V")
MRVB = Layout(MrzFormat.MRVB, 36, 2, {**_line1(36), **_line2(36)}, document_types="V")


def detect_layout(lines: list[str]) -> Layout | None:
    """The layout the lines' count and lengths call for; a visa when the code starts with V."""
    if len(lines) == 3:
        first, second, third = lines
        if len(first) == len(second) == len(third) == 30:
            return TD1
        return None
    if len(lines) != 2 or len(lines[0]) != len(lines[1]):
        return None
    width, visa = len(lines[0]), lines[0][:1] == "V"
    if width == 36:
        return MRVB if visa else TD2
    if width == 44:
        return MRVA if visa else TD3
    return None


def positions(*spans: Span) -> tuple[Position, ...]:
    """Every (line, column) of the spans, in order."""
    return tuple((line, column) for line, start, end in spans for column in range(start, end))
