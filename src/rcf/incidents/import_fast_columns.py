"""The fast path's column readers: a whole column of a chunk checked and read at once (set, map
and regex calls over the column, each distinct value read once), into the values and the JSON
texts ``import_fast`` writes and hashes. A cell a reader cannot vouch for flags its row in
``bad``, and the row goes through ``IncidentIn`` instead (see ``import_fast``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from json.encoder import encode_basestring  # what pydantic's JSON writes for a string
from typing import Any, NamedTuple

from pydantic_core import to_json

from rcf.incidents.columns import COLUMN_NAMES
from rcf.incidents.import_cells import (
    DAY,
    DEGREES,
    READERS,
    REFERENCE,
    TEXT_LIMITS,
    Persons,
    Undecided,
)
from rcf.incidents.import_rows import RowSpec
from rcf.incidents.schemas import EARLIEST

BAD = object()  # a cell the fast path cannot vouch for
Values = tuple[list[Any], list[str]]  # a column's values, and each as JSON text
Bulk = Callable[[list[str], bytearray], Values]


def _joined(pattern: str, optional: bool = False) -> re.Pattern[str]:
    """A whole column, one cell a line, every cell matching ``pattern`` (or empty)."""
    cell = f"(?:{pattern})?" if optional else f"(?:{pattern})"
    return re.compile(f"{cell}(?:\n{cell})*")


def _all_match(pattern: re.Pattern[str], cells: list[str]) -> bool:
    """Every cell matches: one line a cell, so a cell holding a line break never does."""
    text = "\n".join(cells)
    return text.count("\n") == len(cells) - 1 and pattern.fullmatch(text) is not None


REFERENCES = _joined(REFERENCE.pattern)
DAYS = _joined(DAY.pattern)
DEGREES_COLUMN = _joined(DEGREES.pattern, optional=True)


def _json(value: Any) -> str:
    return to_json(value).decode()


def _persons_json(persons: Persons) -> str:
    return _json(
        [{"citizenship": c, "sex": s, "age_group": a, "count": n} for c, s, a, n in persons.groups]
    )


MEMO_SIZE = 100_000  # distinct cells of a column remembered across chunks, at most


def _distinct(
    read: Callable[[str], Any],
    default: Any,
    as_json: Callable[[Any], str],
    memo: dict[str, tuple[Any, str]] | None = None,
) -> Bulk:
    """Each distinct cell read once; a cell it cannot vouch for makes its rows undecided.
    With a ``memo``, the cells read well (value and JSON text) are also remembered for the next
    chunks: only for a column whose reading does not depend on the day (persons)."""
    placeholder = None if default is Undecided else default

    def bulk(cells: list[str], bad: bytearray) -> Values:
        parsed: dict[str, Any] = {}
        texts: dict[str, str] = {}
        fresh = set(cells)
        if memo:
            for text in list(fresh):
                if (found := memo.get(text)) is not None:  # get: safe beside other threads
                    parsed[text], texts[text] = found
                    fresh.discard(text)
        undecided = False
        for text in fresh:
            try:
                value = read(text) if text else default
                if value is Undecided:
                    raise Undecided
                texts[text] = as_json(value)
                if memo is not None:
                    memo[text] = (value, texts[text])
            except Undecided:
                value, texts[text], undecided = BAD, "null", True
            parsed[text] = value
        if memo is not None and len(memo) > MEMO_SIZE:
            memo.clear()
        values = list(map(parsed.__getitem__, cells))
        if undecided:
            for index, value in enumerate(values):
                if value is BAD:
                    bad[index], values[index] = 1, placeholder
        return values, list(map(texts.__getitem__, cells))

    return bulk


def _strings(limit: int, pattern: re.Pattern[str] | None, fallback: Bulk) -> Bulk:
    """Free text and references, nearly all different: checked as one column."""

    def bulk(cells: list[str], bad: bytearray) -> Values:
        if max(map(len, cells)) > limit or (pattern is not None and not _all_match(pattern, cells)):
            return fallback(cells, bad)
        return cells, list(map(encode_basestring, cells))

    return bulk


def _degrees(limit: int, fallback: Bulk) -> Bulk:
    def bulk(cells: list[str], bad: bytearray) -> Values:
        if not _all_match(DEGREES_COLUMN, cells):
            return fallback(cells, bad)
        values = [float(text) if text else None for text in cells]
        given = [value for value in values if value is not None]
        if given and not (-limit <= min(given) and max(given) <= limit):
            return fallback(cells, bad)
        return values, _json(values)[1:-1].split(",")  # a float's JSON holds no comma

    return bulk


def _occurred_on(fallback: Bulk) -> Bulk:
    def bulk(cells: list[str], bad: bytearray) -> Values:
        if not _all_match(DAYS, cells):
            return fallback(cells, bad)
        try:  # one date object a distinct day: ``import_fast`` converts each once
            days = {text: date.fromisoformat(text) for text in set(cells)}
        except ValueError:
            return fallback(cells, bad)
        values = list(map(days.__getitem__, cells))
        if min(values) < EARLIEST or max(values) > date.today():
            return fallback(cells, bad)
        return values, list(map('"{}"'.format, cells))

    return bulk


def _bulk(name: str) -> Bulk:
    read, default = READERS[name]
    if name == "persons":  # nearly every row's cell differs in a chunk, not in a file
        each = _distinct(read, default, _persons_json, {})
    else:
        each = _distinct(read, default, _json)
    if name == "reference":
        return _strings(64, REFERENCES, each)
    if name in TEXT_LIMITS:
        return _strings(TEXT_LIMITS[name], None, each)
    if name in ("latitude", "longitude"):
        return _degrees(90 if name == "latitude" else 180, each)
    if name == "occurred_on":
        return _occurred_on(each)
    return each


class FastSpec(NamedTuple):
    """Per column: (name, position in the file or -1, case, how to read the column)."""

    plan: tuple[tuple[str, int, Callable[[str], str] | None, Bulk], ...]
    width: int
    max_cell_chars: int


@lru_cache(maxsize=64)  # one per file layout and rate table: bounded, uploads vary
def fast_spec(spec: RowSpec) -> FastSpec:
    positions = {name: (index, case) for name, index, case in spec.plan}
    plan = tuple((name, *positions.get(name, (-1, None)), _bulk(name)) for name in COLUMN_NAMES)
    return FastSpec(plan, spec.width, spec.max_cell_chars)


def _cleaned(
    cells: Sequence[str], case: Callable[[str], str] | None, limit: int, bad: bytearray
) -> list[str]:
    """The cells as ``check_row`` and ``from_flat`` leave them: NFKC, case, stripped; a cell
    too long or holding a NUL makes its row undecided (``check_row`` reports it)."""
    joined = "".join(cells)
    if not joined:
        return list(cells)
    if "\x00" in joined or max(map(len, cells)) > limit:
        cells = list(cells)
        for index, cell in enumerate(cells):
            if len(cell) > limit or "\x00" in cell:
                bad[index], cells[index] = 1, ""
    if not joined.isascii():
        cells = [cell if cell.isascii() else unicodedata.normalize("NFKC", cell) for cell in cells]
    if case is not None:
        cells = list(map(case, cells))
    return list(map(str.strip, cells))


def _fitted(rows: list[list[str]], width: int, bad: bytearray) -> list[list[str]]:
    """Every row ``width`` cells long: short rows padded (a missing cell is an empty one), a
    row with values beyond the header undecided."""
    fitted = []
    for index, cells in enumerate(rows):
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        elif len(cells) > width:
            if any(cell.strip() for cell in cells[width:]):
                bad[index] = 1
            cells = cells[:width]
        fitted.append(cells)
    return fitted


def read_columns(
    spec: RowSpec, rows: list[list[str]], bad: bytearray
) -> tuple[dict[str, list[Any]], dict[str, list[str]]]:
    """Every column of ``rows``, by name: its values and their JSON texts. A row the readers
    cannot vouch for is flagged in ``bad`` (its values there are placeholders)."""
    fast = fast_spec(spec)
    columns = list(zip(*_fitted(rows, fast.width, bad), strict=True))
    values: dict[str, list[Any]] = {}
    texts: dict[str, list[str]] = {}
    for name, index, case, bulk in fast.plan:
        cells = columns[index] if index >= 0 else [""] * len(rows)
        values[name], texts[name] = bulk(_cleaned(cells, case, fast.max_cell_chars, bad), bad)
    return values, texts
