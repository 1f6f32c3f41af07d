"""The characters of one zone read through its layout: field values, long document numbers,
the check-digit-protected fields and single-character OCR substitutions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from rcf.documents.mrz_checks import (
    CHAR_VALUES,
    FILLER,
    WEIGHTS,
    check_matches,
    check_passes,
    confusable_substitutions,
    weighted_sum,
)
from rcf.documents.mrz_layout import Layout, MrzFormat, Position, Span, positions


@dataclass(frozen=True)
class CheckedField:
    """Characters protected by one check digit (``name`` is the key in ``checks``). A layout's
    are built once (see ``checked_fields``), so what is derived from them is cached."""

    name: str
    data: tuple[Span, ...]
    check: Position
    digits_only: bool = False  # dates: only digits may be suggested there
    # A long TD1/TD2 number checked the issuer's way: the filler after 9 characters included.
    variant: tuple[Span, ...] = ()
    # Where a misread may hide, when not the whole data (the composite: see _suspects).
    suspects: tuple[Position, ...] | None = None

    @cached_property
    def positions(self) -> tuple[Position, ...]:
        return positions(*self.data)

    @cached_property
    def weights(self) -> dict[Position, int]:
        """Each data position's weight (7, 3 or 1) in the check digit's sum."""
        return {position: WEIGHTS[i % 3] for i, position in enumerate(self.positions)}

    @cached_property
    def substitutable(self) -> tuple[tuple[Position, ...], frozenset[int]]:
        """The positions a substitution is tried at (the suspects, then the check digit), and
        the indexes among them where only digits may be suggested."""
        where = (*(self.positions if self.suspects is None else self.suspects), self.check)
        digits = range(len(where)) if self.digits_only else [len(where) - 1]
        return where, frozenset(digits)


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
        # Every span's text, sliced once: validation asks for most of them, some several times.
        self.texts = dict(zip(layout.spans, layout.span_texts("\n".join(lines)), strict=True))
        self.checked = checked_fields(layout, self._number_overflow())
        self.number = self.checked[0]
        self._sums: dict[str, tuple[str, int | None]] = {}

    # --- Characters and spans -------------------------------------------------------------------

    def char(self, position: Position) -> str:
        return self.lines[position[0]][position[1]]

    def text(self, spans: tuple[Span, ...]) -> str:
        return _text(self.lines, spans)

    def in_name(self, position: Position) -> bool:
        line, start, end = self.layout.spans["name"]
        return position[0] == line and start <= position[1] < end

    def field_at(self, position: Position) -> str:
        """The contract field of a position; in the name, surname or given names."""
        if not self.in_name(position):
            if position in self.number.weights or position == self.number.check:
                return "document_number"
            return self.layout.field_at(position)
        start = self.layout.spans["name"][1]
        separator = self.texts["name"].find(FILLER * 2)
        offset = position[1] - start
        return "surname" if separator < 0 or offset < separator else "given_names"

    # --- Check digits ---------------------------------------------------------------------------

    def checked_data(self, checked: CheckedField) -> tuple[str, int | None]:
        """A check digit's data and their weighted sum, computed once a zone: the checks, the
        suggestions and the composite of each suggestion ask again."""
        found = self._sums.get(checked.name)
        if found is None:
            data = self.text(checked.data)
            found = self._sums[checked.name] = (data, weighted_sum(data))
        return found

    def passes(self, checked: CheckedField) -> bool:
        """Whether a check digit is right (as Doc 9303 computes it: see ``variant_passes``)."""
        return check_matches(*self.checked_data(checked), self.char(checked.check))

    def variant_passes(self, checked: CheckedField) -> bool:
        """Whether a long number's check digit is right the issuer's way."""
        return bool(checked.variant) and check_passes(
            self.text(checked.variant), self.char(checked.check)
        )

    def all_checks_pass(self) -> bool:
        return all(self.passes(c) or self.variant_passes(c) for c in self.checked)

    def passes_with(self, checked: CheckedField, position: Position, replacement: str) -> bool:
        """``passes`` with one confusable character replaced, by arithmetic and without a
        trial zone: the weighted sum changes by the position's weight times the change in
        value."""
        data, total = self.checked_data(checked)
        if total is None:
            return False
        check, weight = self.char(checked.check), checked.weights.get(position)
        if position == checked.check:
            check = replacement
        elif weight is not None:
            total += weight * (CHAR_VALUES[replacement] - CHAR_VALUES[self.char(position)])
            # A filler check digit passes only over fillers, and no confusable is a filler.
            data = replacement
        return check_matches(data, total, check)

    # --- Document number and optional data ------------------------------------------------------

    def _number_overflow(self) -> int | None:
        """How many characters of a long TD1/TD2 number continue in the optional data before
        its check digit (Doc 9303 Part 5 note j, Part 6 note j); None for a number of 9."""
        if not self.layout.long_number or self.char(self.number_check) != FILLER:
            return None
        optional = self.texts["optional_data"]
        if optional[:1] == FILLER:
            return None
        return max(len(optional.split(FILLER, 1)[0]) - 1, 0)

    @property
    def number_check(self) -> Position:
        return _start(self.layout.spans["document_number_check"])

    @property
    def is_long_number(self) -> bool:
        return bool(self.number.variant)

    @property
    def document_number(self) -> str:
        return self.text(self.number.data).strip(FILLER)

    @property
    def optional_data(self) -> str:
        return self._optional_value(self.texts["optional_data"])

    def _optional_value(self, optional: str) -> str:
        """The optional data's value from its field: after a long number's check digit."""
        if self.is_long_number:
            start = self.layout.spans["optional_data"][1]
            optional = optional[self.number.check[1] - start + 1 :]
        return optional.strip(FILLER)

    # --- Substitutions --------------------------------------------------------------------------

    def substitutions(self, checked: CheckedField) -> Iterator[tuple[Position, str]]:
        """Each single confusable substitution worth trying for a failing check."""
        where, digits = checked.substitutable
        if checked.suspects is None:  # the data, then the check digit
            text = self.checked_data(checked)[0] + self.char(checked.check)
        else:
            text = "".join([self.lines[line][column] for line, column in where])
        for index, replacement in confusable_substitutions(text, digits_only=digits):
            yield where[index], replacement

    def value_with(self, position: Position, replacement: str) -> str:
        """The contract value of the field that holds ``position``, with ``replacement``
        there. A confusable is never a filler: the field's structure (a long number's length,
        the name's parts) stays that of this reading."""
        line, column = position
        lines = list(self.lines)
        lines[line] = lines[line][:column] + replacement + lines[line][column + 1 :]
        name = self.field_at(position)
        if name == "document_number":
            return _text(lines, self.number.data).strip(FILLER)
        if name == "optional_data":
            return self._optional_value(_text(lines, (self.layout.spans[name],)))
        if name in self.texts:
            return _text(lines, (self.layout.spans[name],)).strip(FILLER)
        return replacement

    def composite_passes_with(self, position: Position, replacement: str) -> bool | None:
        """Whether the composite check passes with one confusable character replaced (None
        where the layout has no composite)."""
        composite = self.checked[-1]
        if composite.name != "composite":
            return None
        return self.passes_with(composite, position, replacement)


def _text(lines: list[str], spans: tuple[Span, ...]) -> str:
    if len(spans) == 1:
        line, start, end = spans[0]
        return lines[line][start:end]
    return "".join([lines[line][start:end] for line, start, end in spans])


# The checked fields of each layout, by the overflow of a long number (None: 9 characters).
_CHECKED: dict[tuple[MrzFormat, int | None], tuple[CheckedField, ...]] = {}


def checked_fields(layout: Layout, overflow: int | None) -> tuple[CheckedField, ...]:
    """Every check digit of the layout, the composite last. Built once a layout and number
    length: a zone asks for them several times, and their positions and weights are cached."""
    key = (layout.format, overflow)
    found = _CHECKED.get(key)
    if found is None:
        found = _CHECKED[key] = _build_checked_fields(layout, overflow)
    return found


def _build_checked_fields(layout: Layout, overflow: int | None) -> tuple[CheckedField, ...]:
    spans = layout.spans
    found = [_document_number(layout, overflow)]
    for name in ("birth_date", "expiry_date"):
        check = _start(spans[f"{name}_check"])
        found.append(CheckedField(name, (spans[name],), check, digits_only=True))
    if "optional_data_check" in spans:
        check = _start(spans["optional_data_check"])
        found.append(CheckedField("optional_data", (spans["optional_data"],), check))
    if layout.composite:
        found.append(_composite(layout, found))
    return tuple(found)


def _document_number(layout: Layout, overflow: int | None) -> CheckedField:
    """The number's characters and check digit; a long number's continue in the optional data,
    followed by its check digit."""
    number, check = layout.spans["document_number"], layout.spans["document_number_check"]
    if overflow is None:
        return CheckedField("document_number", (number,), _start(check))
    line, start, _ = layout.spans["optional_data"]
    extension = (line, start, start + overflow)
    return CheckedField(
        "document_number",
        (number, extension),
        (line, start + overflow),
        variant=(number, check, extension),
    )


def _composite(layout: Layout, others: list[CheckedField]) -> CheckedField:
    """The composite check digit. A misread may hide only where no other check digit looks
    (the optional data of TD1 and TD2): the others' failures point at theirs."""
    covered = {p for other in others for p in (*other.positions, other.check)}
    data = layout.composite
    suspects = tuple(p for p in positions(*data) if p not in covered)
    check = _start(layout.spans["composite_check"])
    return CheckedField("composite", data, check, suspects=suspects)
