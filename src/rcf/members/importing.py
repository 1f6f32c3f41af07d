"""Import the members registry from its reference CSV files.

Every row of every file is validated before anything is written; one bad row means nothing is
written and the report names each problem by file, row and column. Importing the same files
again changes nothing (rows are matched by code), so the import is safe to re-run.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.errors import InvalidInput
from rcf.members.models import Member
from rcf.members.schemas import AgencyIn, MemberIn, ProcessIn
from rcf.members.service import save_agency, save_member, save_process
from rcf.schemas import field_errors

COLUMNS = {
    "members.csv": ["code", "name", "kind", "status", "joined_on"],
    "agencies.csv": ["member_code", "name", "kind"],
    "processes.csv": ["code", "name", "region", "established", "secretariat"],
}
FILES = tuple(COLUMNS)
MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class RowProblem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file} row {self.row}, column {self.column}: {self.message}"


@dataclass
class ImportReport:
    problems: list[RowProblem] = field(default_factory=list)
    members: int = 0
    agencies: int = 0
    processes: int = 0


def reference_texts(directory: Path | None) -> dict[str, str]:
    """The three CSV texts, from ``directory`` or the copy shipped with rcf."""
    texts = {}
    for name in FILES:
        if directory is None:
            texts[name] = resources.files("rcf.members").joinpath(f"data/{name}").read_text("utf-8")
            continue
        path = directory / name
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InvalidInput({name: "File is larger than 5 MB."})
        try:
            texts[name] = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput(
                {name: "The file is not UTF-8 text; save it as CSV UTF-8."}
            ) from None
    return texts


def _rows(
    name: str, text: str, expected: list[str], problems: list[RowProblem]
) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        if sorted(header) != sorted(expected):
            problems.append(RowProblem(name, 1, "header", _header_problem(header, expected)))
            return []
    except csv.Error as error:
        problems.append(RowProblem(name, 1, "header", f"not readable as CSV: {error}"))
        return []
    rows: list[dict[str, str]] = []
    try:
        rows.extend(reader)
    except csv.Error as error:  # e.g. a field beyond csv.field_size_limit()
        problems.append(RowProblem(name, len(rows) + 2, "-", f"not readable as CSV: {error}"))
        return []
    return rows


def _header_problem(header: Sequence[str], expected: list[str]) -> str:
    duplicated = sorted({column for column in header if header.count(column) > 1})
    if duplicated:
        return f"duplicate column {', '.join(duplicated)}"
    return f"expected columns {', '.join(expected)}"


def _row_problems(name: str, number: int, row: dict[Any, Any]) -> list[RowProblem]:
    """What the schema cannot see: surplus values and NUL characters (refused by PostgreSQL)."""
    found = []
    if None in row:
        found.append(RowProblem(name, number, "-", "more values than the header has columns"))
    for column, value in row.items():
        if column is not None and value and "\x00" in value:
            found.append(RowProblem(name, number, column, "contains a NUL character"))
    return found


def _validate(
    name: str,
    rows: list[dict[str, str]],
    schema: Any,
    problems: list[RowProblem],
    drop: tuple[str, ...] = (),
) -> list[Any]:
    valid = []
    for number, row in enumerate(rows, start=2):
        row_problems = _row_problems(name, number, row)
        if row_problems:
            problems.extend(row_problems)
            continue
        values = {
            k: (v or None) if k in ("joined_on", "established") else (v or "")
            for k, v in row.items()
            if k not in drop
        }
        try:
            valid.append((row, schema.model_validate(values)))
        except ValidationError as error:
            for column, message in field_errors(error).items():
                problems.append(RowProblem(name, number, column, message))
    return valid


def import_registry(session: Session, actor: Actor, texts: dict[str, str]) -> ImportReport:
    """Validate everything, then upsert; raises nothing, the report carries the problems."""
    report = ImportReport()
    problems = report.problems
    members = _checked("members.csv", texts, MemberIn, problems)
    agencies = _checked("agencies.csv", texts, AgencyIn, problems, drop=("member_code",))
    processes = _checked("processes.csv", texts, ProcessIn, problems)
    known = {m.code for _, m in members} | set(session.scalars(select(Member.code)))
    problems.extend(_unknown_members(agencies, known))
    if problems:
        return report
    for _, data in members:
        save_member(session, actor, data)
    session.flush()
    for row, data in agencies:
        member = session.scalars(
            select(Member).where(Member.code == row["member_code"].upper())
        ).one()
        save_agency(session, actor, member, data)
    for _, data in processes:
        save_process(session, actor, data)
    report.members, report.agencies, report.processes = len(members), len(agencies), len(processes)
    return report


def _checked(
    name: str,
    texts: dict[str, str],
    schema: Any,
    problems: list[RowProblem],
    drop: tuple[str, ...] = (),
) -> list[Any]:
    """The valid rows of one file, each with its cells; the problems of the others added."""
    rows = _rows(name, texts[name], COLUMNS[name], problems)
    return _validate(name, rows, schema, problems, drop)


def _unknown_members(agencies: list[Any], known: set[str]) -> list[RowProblem]:
    return [
        RowProblem("agencies.csv", number, "member_code", f"unknown member {row['member_code']!r}")
        for number, (row, _) in enumerate(agencies, start=2)
        if row["member_code"].upper() not in known
    ]
