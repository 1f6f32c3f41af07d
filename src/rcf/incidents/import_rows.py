"""One row of an incident file: its cells normalised, validated through ``IncidentIn`` and turned
into the values the database stores. Pure (no database, no I/O), so rows can be checked in worker
processes; ``importing`` reads the file and decides, ``import_writing`` writes.

A valid row becomes a ``CheckedReport``: plain values (str, int, float, None) in the order of
``ROW_COLUMNS``, already in the form the driver receives (what SQLAlchemy's bind processors of
the ``incidents`` columns would produce), plus its person counts, so that writing is a bare
executemany. The ``IncidentIn`` itself is kept only when asked (amendments need it).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from operator import attrgetter
from types import SimpleNamespace
from typing import Any, NamedTuple, cast

from pydantic import ValidationError
from sqlalchemy import JSON
from sqlalchemy.dialects.sqlite import DATE as SQLITE_DATE
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from rcf.access.policy import SHARING_FIELDS
from rcf.db import StrEnumType
from rcf.incidents.columns import COLUMNS, CellError, error_column, from_flat
from rcf.incidents.import_copy import copy_line, person_lines
from rcf.incidents.models import CurrencyRate, Incident
from rcf.incidents.schemas import IncidentIn
from rcf.incidents.service import PLAIN_FIELDS, content_hash, fee_usd_per_person
from rcf.schemas import field_errors_from_list
from rcf.spreadsheets import neutralise_cell

SHOWN_VALUE_CHARS = 60
UPPER_CASE = frozenset(
    {"country", "origin_country", "destination_country", "transit_countries", "fee_currency"}
    | {"shared_with", "handling_code", "source_reliability"}
)
LOWER_CASE = frozenset(
    {"kind", "border_type", "transport_means", "methods", "smuggled", "fee_basis"}
    | {"payment_method", "trafficking_suspected", "impact_level", "visibility"}
)
KNOWN = frozenset(column.name for column in COLUMNS)

DERIVED_FIELDS = (
    "facilitators",
    "fraudulent_documents",
    "persons_total",
    "children_total",
    "fee_usd_per_person",
    "content_hash",
)
# The columns of ``incidents`` a row fills; the writer adds id, owner, author, version, times.
ROW_COLUMNS = (*PLAIN_FIELDS, *SHARING_FIELDS, *DERIVED_FIELDS)
PERSON_COLUMNS = ("citizenship", "sex", "age_group", "count")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        shown = f" ({self.value!r})" if self.value else ""
        return f"row {self.row}, column {self.column}{shown}: {self.message}"


MAX_PROBLEMS = 10_000  # reported one by one; the rest are counted


@dataclass
class ProblemTally:
    """The rows of an import file read so far and every problem found in them: all counted,
    the first MAX_PROBLEMS kept for the report (a file of wrong rows must not exhaust memory)."""

    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


class CheckedReport(NamedTuple):
    """A valid row, ready to write (a tuple: cheap to pickle and ignored by the GC)."""

    row: int
    reference: str
    content_hash: str
    visibility: str
    shared_with: tuple[str, ...]
    # ROW_COLUMNS and PERSON_COLUMNS as the driver receives them; as COPY lines when the
    # target is PostgreSQL (``Target.copy``)
    incident: tuple[Any, ...] | str
    persons: tuple[tuple[Any, ...], ...] | tuple[str, ...]
    report: IncidentIn | None = None


@dataclass(frozen=True)
class Target:
    """What the values are prepared for: the database driver (``Engine.url.drivername``) and
    the rate table (currency -> US dollars per unit) that fees are normalised with."""

    drivername: str = "sqlite"
    rates: tuple[tuple[str, Decimal], ...] = ()

    @property
    def copy(self) -> bool:
        """PostgreSQL: rows are written by COPY, and prepared as its text (``import_copy``)."""
        return self.drivername.startswith("postgresql")


@dataclass(frozen=True)
class RowSpec:
    """How to read the rows of one file: (name, position, case) per known column."""

    plan: tuple[tuple[str, int, Callable[[str], str] | None], ...]
    width: int
    max_cell_chars: int
    target: Target


def shown(value: str) -> str:
    """A cell value safe to show anywhere: shortened, control characters made visible."""
    short = value[:SHOWN_VALUE_CHARS] + ("…" if len(value) > SHOWN_VALUE_CHARS else "")
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in short
    )


def _case(name: str) -> Callable[[str], str] | None:
    if name in UPPER_CASE:
        return str.upper
    if name in LOWER_CASE:
        return str.lower
    return None


def column_positions(
    header: list[str],
    known: Collection[str],
    required: Iterable[str],
    report: Callable[[Problem], None],
) -> dict[str, int]:
    """Column name -> position in a file's header (names NFKC, trimmed, lower case); unknown,
    repeated and missing columns are reported on row 1. Shared by every bulk import."""
    positions: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = normalise("", raw).strip().lower()
        if name not in known:
            report(Problem(1, shown(name) or "(empty)", "", "Unknown column."))
        elif name in positions:
            report(Problem(1, name, "", "This column appears twice."))
        else:
            positions[name] = index
    for name in required:
        if name not in positions:
            report(Problem(1, name, "", "This required column is missing."))
    return positions


def normalise(name: str, value: str) -> str:
    """NFKC (full-width and compatibility characters), then the case the code lists use."""
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value)
    case = _case(name)
    return case(value) if case else value


def row_spec(positions: dict[str, int], width: int, max_cell_chars: int, target: Target) -> RowSpec:
    plan = tuple((name, index, _case(name)) for name, index in positions.items())
    return RowSpec(plan, width, max_cell_chars, target)


def check_row(line: int, cells: list[str], spec: RowSpec) -> IncidentIn | list[Problem]:
    """One row as a validated report, or the list of its problems."""
    problems: list[Problem] = []
    width, limit = spec.width, spec.max_cell_chars
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        problems.append(Problem(line, "(row)", "", "More values than the header has columns."))
    row: dict[str, str] = {}
    count = len(cells)
    for name, index, case in spec.plan:
        value = cells[index] if index < count else ""
        if not value:
            continue  # an empty cell is a missing one to from_flat
        if len(value) > limit:
            message = f"Longer than {limit:,} characters."
            problems.append(Problem(line, name, shown(value), message))
        elif "\x00" in value:
            problems.append(Problem(line, name, shown(value), "Contains a NUL character."))
        else:
            if not value.isascii():
                value = unicodedata.normalize("NFKC", value)
            row[name] = case(value) if case else value
    if problems:
        return problems
    try:
        return IncidentIn.model_validate(from_flat(row))
    except CellError as error:
        return [Problem(line, error.column, shown(row.get(error.column, "")), str(error))]
    except ValidationError as error:
        return _schema_problems(line, row, error)


def _schema_problems(line: int, row: dict[str, str], error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"])
        column = error_column(location)
        message = next(iter(field_errors_from_list([item]).values()))
        problems.append(Problem(line, column, shown(row.get(column, "")), message))
    return problems


# --- The values stored ---------------------------------------------------------------------------


class _RateBook:
    """The rates as ``fee_usd_per_person`` looks them up (``session.get``), so the service's
    formula is the one used, without a database."""

    def __init__(self, rates: tuple[tuple[str, Decimal], ...]) -> None:
        self.rates = {code: SimpleNamespace(usd_per_unit=rate) for code, rate in rates}

    def get(self, model: type[CurrencyRate], currency: str) -> Any:
        return self.rates.get(currency)


@cache
def rate_book(rates: tuple[tuple[str, Decimal], ...]) -> Session:
    return cast(Session, _RateBook(rates))


_plain_fields = attrgetter(*PLAIN_FIELDS)
_sharing_fields = attrgetter(*SHARING_FIELDS)


def enum_value(value: Any) -> Any:
    """What StrEnumType's processor returns for a valid member (``_value_``: no descriptor)."""
    return getattr(value, "_value_", value)


def json_value(value: Any) -> str:
    """SQLAlchemy's default JSON serializer (``json.dumps``); most lists here are empty."""
    return "[]" if value == [] else json.dumps(value)


@cache
def converters(drivername: str) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    """(position in ROW_COLUMNS, conversion) for each column whose value the driver does not
    take as the model holds it: the column type's bind processor for the dialect; the value of
    an enum (StrEnumType); ``json.dumps`` for JSON."""
    dialect = make_url(f"{drivername}://").get_dialect()()
    table = Incident.__table__
    found: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(ROW_COLUMNS):
        column_type = table.c[name].type
        if isinstance(column_type, StrEnumType):
            found.append((index, enum_value))
        elif isinstance(column_type, JSON):
            found.append((index, json_value))
        elif _iso_date(column_type.dialect_impl(dialect)):
            found.append((index, date.isoformat))
        elif processor := column_type.dialect_impl(dialect).bind_processor(dialect):
            found.append((index, processor))
    return tuple(found)


def _iso_date(impl: Any) -> bool:
    """SQLite's DATE in its default format, which is ``date.isoformat`` (in C, several times
    faster than the processor's formatting of a dict)."""
    return isinstance(impl, SQLITE_DATE) and impl._storage_format == SQLITE_DATE._storage_format


def prepare(line: int, report: IncidentIn, target: Target, *, keep_report: bool) -> CheckedReport:
    """The stored values of a valid report (see ``service._fill``, which the ORM path runs)."""
    digest = content_hash(report)
    sharing = report.sharing
    fee = fee_usd_per_person(rate_book(target.rates), report)
    values: list[Any] = [*_plain_fields(report), *_sharing_fields(sharing)]
    values += [
        [f.model_dump(mode="json") for f in report.facilitators],
        [d.model_dump(mode="json") for d in report.fraudulent_documents],
        report.persons_total,
        report.children_total,
        fee,
        digest,
    ]
    for index, convert in converters(target.drivername):
        if values[index] is not None:
            values[index] = convert(values[index])
    persons = tuple(
        (p.citizenship, p.sex._value_, p.age_group._value_, p.count) for p in report.persons
    )
    copy = target.copy
    return CheckedReport(
        line,
        report.reference,
        digest,
        sharing.visibility.value,
        tuple(sharing.shared_with),
        copy_line(values) if copy else tuple(values),
        person_lines(persons) if copy else persons,
        report if keep_report else None,
    )


def problems_csv(problems: Iterable[Problem]) -> str:
    """Every problem as CSV (row, column, value, message), safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["row", "column", "value", "message"])
    for problem in problems:
        writer.writerow(
            [
                problem.row,
                neutralise_cell(problem.column),
                neutralise_cell(problem.value),
                neutralise_cell(problem.message),
            ]
        )
    return out.getvalue()
