"""Reading linkage input files: structure checked strictly, field values leniently.

A file whose structure is wrong (no id or name column, a repeated column, a row of the wrong
width, an empty or repeated id, a malformed JSON list, bytes that are not UTF-8 or not CSV) is
refused with the row and column of every problem; another missing column is a warning and reads
as empty. A value that cannot be read (a date like ``31/31/1990``, an unknown country) is a
warning: it is treated as missing, because one clerk's slip must not stop a whole linkage, and
``strict`` turns warnings into errors for those who prefer to fix the file first.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rcf.linkage.countries import parse_country
from rcf.linkage.dates import parse_date
from rcf.linkage.event_fields import parse_list

MAX_PROBLEMS = 50  # reported in full; the rest counted


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem at a row (1 = the header) and column (empty for the whole row)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Table:
    """The rows of a file (header names lower-cased), and the warnings about its values."""

    rows: list[dict[str, str]]
    warnings: list[Problem] = field(default_factory=list)


class LinkageInputError(Exception):
    """The file cannot be linked; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems[:3]))


@dataclass(frozen=True)
class Layout:
    """What a kind of file must hold: its id column, required columns, value checks."""

    id_column: str
    required: tuple[str, ...]
    expected: tuple[str, ...] = ()
    either: tuple[tuple[str, ...], ...] = ()
    checks: dict[str, Callable[[str], str | None]] = field(default_factory=dict)


def _date_problem(value: str) -> str | None:
    return None if parse_date(value) is not None else f"{value!r} is not a date"


def _country_problem(value: str) -> str | None:
    return None if parse_country(value) else f"{value!r} is not a known country"


def _countries_problem(value: str) -> str | None:
    try:
        unknown = [v for v in parse_list(value) if not parse_country(v)]
    except ValueError as error:
        return f"not a list of countries ({error})"
    return f"unknown countries {unknown}" if unknown else None


def _names_problem(value: str) -> str | None:
    try:
        parse_list(value)
    except ValueError as error:
        return f"not a list of names ({error})"
    return None


PERSONS = Layout(
    "record_id",
    ("record_id",),
    expected=(
        "source_state",
        "birth_date",
        "nationality",
        "gender",
        "document_number",
        "place_of_birth",
    ),
    either=(("full_name",), ("given_name", "family_name")),
    checks={"birth_date": _date_problem, "nationality": _country_problem},
)
EVENTS = Layout(
    "report_id",
    ("report_id",),
    expected=(
        "source_state",
        "event_date",
        "location",
        "vessel_name",
        "persons_on_board",
        "passenger_nationalities",
        "facilitator_names",
    ),
    checks={"event_date": _date_problem, "passenger_nationalities": _countries_problem},
)
# Values whose problem is structural (the rest of the row cannot be trusted): always errors.
_STRUCTURAL = {"facilitator_names": _names_problem}


def read_table(path: Path, layout: Layout, *, strict: bool = False) -> Table:
    """Read and check ``path``; raises ``LinkageInputError`` listing every structural problem."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise LinkageInputError(
            [Problem(line, "", "not UTF-8 text: save it as CSV UTF-8")]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    errors: list[Problem] = []
    table = Table([])
    seen: dict[str, int] = {}
    number = 0  # the last row read
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        number = 1
        table.warnings += _check_header(header, layout)
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            row = _row(number, header, cells, errors)
            if row is not None:
                _check_row(number, row, layout, seen, errors, table.warnings)
                table.rows.append(row)
    except csv.Error as error:  # a field over the csv module's limit, or a NUL in some versions
        errors.append(Problem(number + 1, "", f"not CSV ({error})"))
    if strict:
        errors += table.warnings
    if errors:
        raise LinkageInputError(sorted(errors, key=lambda p: p.row))
    return table


def _delimiter(text: str) -> str:
    """A comma, or the semicolon or tab of a header that has no comma (spreadsheets set to a
    locale whose decimal mark is the comma save CSV with semicolons)."""
    header = text.split("\n", 1)[0]
    if "," in header:
        return ","
    return next((d for d in (";", "\t", "|") if d in header), ",")


def _check_header(header: list[str], layout: Layout) -> list[Problem]:
    """Raise for a missing required or a repeated column; warn about a missing expected one."""
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:  # which of the two holds the value? Reading either would lose the other
        raise LinkageInputError(
            [Problem(1, name, "this column appears twice") for name in repeated]
        )
    missing = [name for name in layout.required if name not in header]
    if layout.either and not any(all(c in header for c in group) for group in layout.either):
        missing.append(" or ".join("+".join(group) for group in layout.either))
    if missing:
        raise LinkageInputError([Problem(1, name, "missing column") for name in missing])
    absent = [name for name in layout.expected if name not in header]
    return [Problem(1, name, "missing column, treated as empty") for name in absent]


def _row(
    number: int, header: list[str], cells: list[str], errors: list[Problem]
) -> dict[str, str] | None:
    if len(cells) != len(header):
        errors.append(Problem(number, "", f"{len(cells)} values, the header has {len(header)}"))
        return None
    return {name: cell.strip() for name, cell in zip(header, cells, strict=True)}


def _check_row(
    number: int,
    row: dict[str, str],
    layout: Layout,
    seen: dict[str, int],
    errors: list[Problem],
    warnings: list[Problem],
) -> None:
    key = row[layout.id_column]
    if not key:
        errors.append(Problem(number, layout.id_column, "empty"))
    elif key in seen:
        errors.append(Problem(number, layout.id_column, f"{key!r} repeats row {seen[key]}"))
    else:
        seen[key] = number
    for column, check in {**layout.checks, **_STRUCTURAL}.items():
        message = check(row[column]) if row.get(column) else None
        if message:
            target = errors if column in _STRUCTURAL else warnings
            target.append(Problem(number, column, message))
