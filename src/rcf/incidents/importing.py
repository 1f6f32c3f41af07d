"""Bulk import of incident reports from CSV or XLSX: validate every row, then write all or none.

1. ``check_table`` reads the rows (``import_files`` has already refused unsafe files),
   normalises each cell (NFKC, codes upper-cased, code-list values lower-cased) and validates it
   through ``IncidentIn``, the schema of the form and the API. Every problem is kept with its
   row, column, value (shortened and made printable) and message. Nothing touches the database
   except one read of the member codes.
2. ``write_reports`` runs only when there is no problem, in the caller's single transaction:
   new references are bulk-inserted with Core (incidents, person counts, shares), changed ones go
   through ``service.save_imported`` (a version and an audit entry each), unchanged and
   withdrawn ones are left alone. Rows match by (owner member, reference), so the same file
   twice changes nothing; a process killed before the commit leaves nothing behind.

The import itself is audited as one ``record.created`` entry of object type ``incident_import``
whose object id is the file's SHA-256 and whose changes hold the counts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from pydantic import ValidationError
from sqlalchemy import Table as SqlTable
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, RecordShare, Visibility, require
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.db import utcnow
from rcf.errors import InvalidInput
from rcf.incidents.columns import COLUMNS, CellError, error_column, from_flat
from rcf.incidents.import_files import Table
from rcf.incidents.models import CurrencyRate, Incident, PersonCount
from rcf.incidents.schemas import IncidentIn
from rcf.incidents.service import (
    PLAIN_FIELDS,
    Outcome,
    content_hash,
    fee_usd_per_person,
    save_imported,
)
from rcf.members.models import Member
from rcf.schemas import field_errors_from_list
from rcf.spreadsheets import neutralise_cell

MAX_PROBLEMS = 10_000
SHOWN_VALUE_CHARS = 60
BATCH = 2_000
REQUIRED = tuple(column.name for column in COLUMNS if column.required)
KNOWN = frozenset(column.name for column in COLUMNS)
UPPER_CASE = frozenset(
    {"country", "origin_country", "destination_country", "transit_countries", "fee_currency"}
    | {"shared_with", "handling_code", "source_reliability"}
)
LOWER_CASE = frozenset(
    {"kind", "border_type", "transport_means", "methods", "smuggled", "fee_basis"}
    | {"payment_method", "trafficking_suspected", "impact_level", "visibility"}
)

ProgressFn = Callable[[str, int], None]


def _no_progress(phase: str, done: int) -> None:
    """Progress is optional: the web page has nothing to show it on."""


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        shown = f" ({self.value!r})" if self.value else ""
        return f"row {self.row}, column {self.column}{shown}: {self.message}"


@dataclass(frozen=True)
class CheckedReport:
    row: int
    report: IncidentIn
    content_hash: str


@dataclass
class Checked:
    """The outcome of validating a file: the valid reports and every problem found."""

    reports: list[CheckedReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    rows: int = 0

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


@dataclass
class ImportResult:
    checked: Checked
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return self.checked.problem_count == 0


# --- Validation (pure) --------------------------------------------------------------------------


def shown(value: str) -> str:
    """A cell value safe to show anywhere: shortened, control characters made visible."""
    short = value[:SHOWN_VALUE_CHARS] + ("…" if len(value) > SHOWN_VALUE_CHARS else "")
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in short
    )


def normalise(name: str, value: str) -> str:
    """NFKC (full-width and compatibility characters), then the case the code lists use."""
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value)
    if name in UPPER_CASE:
        return value.upper()
    if name in LOWER_CASE:
        return value.lower()
    return value


def header_positions(header: list[str], checked: Checked) -> dict[str, int]:
    """Column name -> position; header problems are reported on row 1."""
    names = [normalise("", name).strip().lower() for name in header]
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if name not in KNOWN:
            checked.add(Problem(1, shown(name) or "(empty)", "", "Unknown column."))
        elif name in positions:
            checked.add(Problem(1, name, "", "This column appears twice."))
        else:
            positions[name] = index
    for name in REQUIRED:
        if name not in positions:
            checked.add(Problem(1, name, "", "This required column is missing."))
    return positions


def check_table(
    table: Table,
    member_codes: frozenset[str],
    *,
    max_cell_chars: int = 10_000,
    progress: ProgressFn = _no_progress,
) -> Checked:
    """Validate every row of ``table``; the result lists every problem (up to MAX_PROBLEMS)."""
    checked = Checked()
    positions = header_positions(table.header, checked)
    if checked.problem_count:
        return checked
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        checked.rows += 1
        found = check_row(line, cells, positions, len(table.header), max_cell_chars)
        if isinstance(found, list):
            for problem in found:
                checked.add(problem)
        else:
            _check_references(found, seen, member_codes, checked)
        if checked.rows % BATCH == 0:
            progress("checked", checked.rows)
    progress("checked", checked.rows)
    return checked


def _check_references(
    found: CheckedReport, seen: dict[str, int], member_codes: frozenset[str], checked: Checked
) -> None:
    reference = found.report.reference
    if reference in seen:
        message = f"The same reference is already on row {seen[reference]}."
        checked.add(Problem(found.row, "reference", shown(reference), message))
        return
    seen[reference] = found.row
    unknown = sorted(set(found.report.sharing.shared_with) - member_codes)
    if unknown:
        message = f"Unknown member code: {', '.join(unknown)}."
        checked.add(Problem(found.row, "shared_with", shown("|".join(unknown)), message))
        return
    checked.reports.append(found)


def check_row(
    line: int, cells: list[str], positions: dict[str, int], width: int, max_cell_chars: int
) -> CheckedReport | list[Problem]:
    """One row as a validated report, or the list of its problems."""
    problems: list[Problem] = []
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        problems.append(Problem(line, "(row)", "", "More values than the header has columns."))
    row: dict[str, str] = {}
    for name, index in positions.items():
        value = cells[index] if index < len(cells) else ""
        if len(value) > max_cell_chars:
            message = f"Longer than {max_cell_chars:,} characters."
            problems.append(Problem(line, name, shown(value), message))
        elif "\x00" in value:
            problems.append(Problem(line, name, shown(value), "Contains a NUL character."))
        else:
            row[name] = normalise(name, value)
    if problems:
        return problems
    try:
        report = IncidentIn.model_validate(from_flat(row))
    except CellError as error:
        return [Problem(line, error.column, shown(row.get(error.column, "")), str(error))]
    except ValidationError as error:
        return _schema_problems(line, row, error)
    return CheckedReport(line, report, content_hash(report))


def _schema_problems(line: int, row: dict[str, str], error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"])
        column = error_column(location)
        message = next(iter(field_errors_from_list([item]).values()))
        problems.append(Problem(line, column, shown(row.get(column, "")), message))
    return problems


# --- Writing ------------------------------------------------------------------------------------


def write_reports(
    session: Session,
    actor: Actor,
    reports: list[CheckedReport],
    progress: ProgressFn = _no_progress,
) -> dict[Outcome, int]:
    """Create, amend or leave alone each report, in the caller's transaction (see module doc)."""
    require(actor, Incident.write_permission)
    if actor.member_id is None or actor.agency_id is None:
        raise InvalidInput({"__all__": "Only a member's user can import incidents."})
    counts = dict.fromkeys(Outcome, 0)
    existing = _existing(session, actor.member_id)
    new: list[CheckedReport] = []
    for item in reports:
        found = existing.get(item.report.reference)
        if found is None:
            new.append(item)
        elif found[1] is not None:
            counts[Outcome.WITHDRAWN] += 1
        elif found[0] == item.content_hash:
            counts[Outcome.UNCHANGED] += 1
        else:
            counts[Outcome.AMENDED] += 1
            save_imported(session, actor, item.report)
    _insert_new(session, actor, new, progress)
    counts[Outcome.CREATED] = len(new)
    return counts


def _existing(session: Session, member_id: int) -> dict[str, tuple[str, Any]]:
    rows = session.execute(
        select(Incident.reference, Incident.content_hash, Incident.withdrawn_at).where(
            Incident.owner_member_id == member_id
        )
    )
    return {reference: (digest, withdrawn) for reference, digest, withdrawn in rows}


def _insert_new(
    session: Session, actor: Actor, new: list[CheckedReport], progress: ProgressFn
) -> None:
    # Every rate in the identity map (the service's lookup then runs no query) and a currency
    # without a rate answered here, as the service would: None.
    # (The dict holds the rows: the identity map alone keeps only weak references.)
    rated = {rate.currency: rate for rate in session.scalars(select(CurrencyRate))}
    members: dict[str, int] = dict(session.execute(select(Member.code, Member.id)).all())
    statement = insert(_table(Incident))
    now = utcnow()
    done = 0
    for start in range(0, len(new), BATCH):
        batch = new[start : start + BATCH]
        ids = _allocate_ids(session, len(batch))
        values = [
            _incident_values(session, actor, item, now, rated) | {"id": incident_id}
            for item, incident_id in zip(batch, ids, strict=True)
        ]
        session.execute(statement, values)  # a plain executemany: no RETURNING per row
        _insert_children(session, actor, batch, ids, members)
        done += len(batch)
        progress("written", done)


def _allocate_ids(session: Session, count: int) -> list[int]:
    """Ids for ``count`` new reports, taken before inserting so the rows can go in one
    executemany (RETURNING makes SQLite insert row by row)."""
    if session.get_bind().dialect.name == "postgresql":
        sequence = text(
            "SELECT nextval(pg_get_serial_sequence('incidents', 'id')) "
            "FROM generate_series(1, :count)"
        )
        return list(session.scalars(sequence, {"count": count}))
    # SQLite: a write statement first takes the database's write lock, so no other writer can
    # take the same ids between reading the maximum and inserting.
    session.execute(text("UPDATE incidents SET id = id WHERE 0"))
    start = (session.scalar(select(func.max(Incident.id))) or 0) + 1
    return list(range(start, start + count))


def _table(model: Any) -> SqlTable:
    table: SqlTable = model.__table__
    return table


def _incident_values(
    session: Session, actor: Actor, item: CheckedReport, now: Any, rated: dict[str, CurrencyRate]
) -> Any:
    data = item.report
    fee = fee_usd_per_person(session, data) if data.fee_currency in rated else None
    values = data.model_dump(include=set(PLAIN_FIELDS))
    values.update(data.sharing.model_dump(exclude={"shared_with"}))
    values.update(
        owner_member_id=actor.member_id,
        owner_agency_id=actor.agency_id,
        created_by_id=actor.user_id,
        version=1,
        facilitators=[f.model_dump(mode="json") for f in data.facilitators],
        fraudulent_documents=[d.model_dump(mode="json") for d in data.fraudulent_documents],
        persons_total=data.persons_total,
        children_total=data.children_total,
        fee_usd_per_person=fee,
        content_hash=item.content_hash,
        created_at=now,
        updated_at=now,
        withdrawn_at=None,
    )
    return values


def _insert_children(
    session: Session,
    actor: Actor,
    batch: list[CheckedReport],
    ids: list[int],
    members: dict[str, int],
) -> None:
    persons, shares = [], []
    for item, incident_id in zip(batch, ids, strict=True):
        for person in item.report.persons:
            persons.append({"incident_id": incident_id, **person.model_dump()})
        sharing = item.report.sharing
        if sharing.visibility is Visibility.MEMBERS:
            for code in sharing.shared_with:
                if members[code] != actor.member_id:
                    shares.append(
                        {
                            "record_type": "incident",
                            "record_id": incident_id,
                            "member_id": members[code],
                        }
                    )
    if persons:
        session.execute(insert(_table(PersonCount)), persons)
    if shares:
        session.execute(insert(_table(RecordShare)), shares)


# --- The whole import ---------------------------------------------------------------------------


def file_sha256(stream: IO[bytes]) -> str:
    """The SHA-256 of the whole stream, which is left at its start."""
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def import_table(
    session: Session,
    actor: Actor,
    table: Table,
    *,
    sha256: str,
    file_name: str,
    max_cell_chars: int = 10_000,
    progress: ProgressFn = _no_progress,
) -> ImportResult:
    """Validate everything; write only if every row is valid. The caller commits."""
    require(actor, Permission.INCIDENT_WRITE)
    codes = frozenset(session.scalars(select(Member.code)))
    checked = check_table(table, codes, max_cell_chars=max_cell_chars, progress=progress)
    result = ImportResult(checked, sha256=sha256)
    if not result.ok:
        return result
    result.counts = write_reports(session, actor, checked.reports, progress)
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_CREATED,
        object_type="incident_import",
        object_id=sha256,
        object_member_id=actor.member_id,
        changes={
            "file_name": shown(file_name),
            "sha256": sha256,
            "rows": checked.rows,
            **{str(outcome): count for outcome, count in result.counts.items()},
        },
    )
    return result


# --- Reporting problems -------------------------------------------------------------------------


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
