"""The full MRZ validation as it was before the per-layout plans (branch mrz-slow): the oracle
that test_mrz_full_oracle.py pins the current one to. A frozen copy: do not improve it."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator
from dataclasses import dataclass

from rcf.documents.mrz_checks import CHAR_VALUES, DIGITS, FILLER, WEIGHTS, confusable_substitutions
from rcf.documents.mrz_layout import Layout, Position, Span, positions


def weighted_sum(data: str) -> int | None:
    try:
        values = map(CHAR_VALUES.__getitem__, data)
        total: int = sum(map(operator.mul, values, itertools.cycle(WEIGHTS)))
        return total
    except KeyError:
        return None


def check_passes(data: str, check: str) -> bool:
    total = weighted_sum(data)
    if total is None:
        return False
    expected = total % 10
    if check == FILLER:
        return expected == 0 and set(data) <= {FILLER}
    return check in DIGITS and int(check) == expected


@dataclass(frozen=True)
class CheckedField:
    """Characters protected by one check digit (``name`` is the key in ``checks``)."""

    name: str
    data: tuple[Span, ...]
    check: Position
    digits_only: bool = False  # dates: only digits may be suggested there
    # A long TD1/TD2 number checked the issuer's way: the filler after 9 characters included.
    variant: tuple[Span, ...] = ()

    @property
    def positions(self) -> tuple[Position, ...]:
        return positions(*self.data)


def split_name(raw: str) -> tuple[str, str]:
    """(primary, secondary) identifiers: split at the first ``<<``, each ``<`` a space.

    Examples:
        >>> split_name("ERIKSSON<<ANNA<MARIA<<<<<<")
        ('ERIKSSON', 'ANNA MARIA')
    """
    primary, _, secondary = raw.partition(FILLER * 2)
    return _words(primary), _words(secondary)


def _words(part: str) -> str:
    return " ".join(part.replace(FILLER, " ").split())


def _start(span: Span) -> Position:
    return span[0], span[1]


class Reading:
    """A zone of known layout. ``lines`` must match the layout's shape."""

    def __init__(self, lines: list[str], layout: Layout) -> None:
        self.lines = lines
        self.layout = layout
        self.number = self._document_number()

    # --- Characters and spans -------------------------------------------------------------------

    def char(self, position: Position) -> str:
        return self.lines[position[0]][position[1]]

    def text(self, spans: tuple[Span, ...]) -> str:
        return "".join(self.lines[line][start:end] for line, start, end in spans)

    def has(self, name: str) -> bool:
        return name in self.layout.spans

    def span(self, name: str) -> str:
        line, start, end = self.layout.spans[name]
        return self.lines[line][start:end]

    def in_name(self, position: Position) -> bool:
        line, start, end = self.layout.spans["name"]
        return position[0] == line and start <= position[1] < end

    def field_at(self, position: Position) -> str:
        """The contract field of a position; in the name, surname or given names."""
        if not self.in_name(position):
            if position in self.number.positions or position == self.number.check:
                return "document_number"
            return self.layout.field_at(position)
        start = self.layout.spans["name"][1]
        separator = self.span("name").find(FILLER * 2)
        offset = position[1] - start
        return "surname" if separator < 0 or offset < separator else "given_names"

    # --- Document number and optional data ------------------------------------------------------

    def _document_number(self) -> CheckedField:
        """The number's characters and check digit; a long TD1/TD2 number continues in the
        optional data, followed by its check digit (Doc 9303 Part 5 note j, Part 6 note j)."""
        spans = self.layout.spans
        number, check = spans["document_number"], _start(spans["document_number_check"])
        optional = self.span("optional_data")
        if not (self.layout.long_number and self.char(check) == FILLER and optional[:1] != FILLER):
            return CheckedField("document_number", (number,), check)
        line, start, _ = spans["optional_data"]
        rest = len(optional.split(FILLER, 1)[0]) - 1  # characters before the check digit
        extension = (line, start, start + max(rest, 0))
        return CheckedField(
            "document_number",
            (number, extension),
            (line, start + max(rest, 0)),
            variant=(number, spans["document_number_check"], extension),
        )

    @property
    def is_long_number(self) -> bool:
        return bool(self.number.variant)

    @property
    def document_number(self) -> str:
        return self.text(self.number.data).strip(FILLER)

    @property
    def optional_data(self) -> str:
        optional = self.span("optional_data")
        if self.is_long_number:
            start = self.layout.spans["optional_data"][1]
            optional = optional[self.number.check[1] - start + 1 :]
        return optional.strip(FILLER)

    # --- Substitutions --------------------------------------------------------------------------

    def substitutions(self, checked: CheckedField) -> Iterator[tuple[Position, str]]:
        """Each single confusable substitution worth trying for a failing check."""
        where = (*self._suspects(checked), checked.check)
        digits = range(len(where)) if checked.digits_only else [len(where) - 1]
        text = "".join(self.char(position) for position in where)
        for index, replacement in confusable_substitutions(text, digits_only=frozenset(digits)):
            yield where[index], replacement

    def _suspects(self, checked: CheckedField) -> tuple[Position, ...]:
        """Where a misread may hide: the data, or for the composite only what no other check
        digit covers (the optional data of TD1 and TD2)."""
        if checked.name != "composite":
            return checked.positions
        others = checked_fields(self)[:-1]
        covered = {p for other in others for p in (*other.positions, other.check)}
        return tuple(p for p in checked.positions if p not in covered)

    def substituted(self, position: Position, replacement: str) -> Reading:
        line, column = position
        lines = list(self.lines)
        lines[line] = lines[line][:column] + replacement + lines[line][column + 1 :]
        return Reading(lines, self.layout)

    def field_value(self, position: Position) -> str:
        """The contract value of the field that holds ``position``."""
        name = self.field_at(position)
        if name == "document_number":
            return self.document_number
        if name == "optional_data":
            return self.optional_data
        return self.span(name).strip(FILLER) if self.has(name) else self.char(position)

    def composite_passes(self) -> bool | None:
        composite = _composite(self)
        if composite is None:
            return None
        return check_passes(self.text(composite.data), self.char(composite.check))


def _composite(reading: Reading) -> CheckedField | None:
    layout = reading.layout
    if not layout.composite:
        return None
    return CheckedField("composite", layout.composite, _start(layout.spans["composite_check"]))


def checked_fields(reading: Reading) -> list[CheckedField]:
    """Every check digit of the layout, the composite last."""
    spans = reading.layout.spans
    found = [reading.number]
    for name in ("birth_date", "expiry_date"):
        check = _start(spans[f"{name}_check"])
        found.append(CheckedField(name, (spans[name],), check, digits_only=True))
    if "optional_data_check" in spans:
        check = _start(spans["optional_data_check"])
        found.append(CheckedField("optional_data", (spans["optional_data"],), check))
    composite = _composite(reading)
    return [*found, composite] if composite is not None else found
