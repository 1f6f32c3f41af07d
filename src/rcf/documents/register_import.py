"""Bulk load of register records from CSV or XLSX, through the incident import machinery.

The file is opened by ``incidents.import_files`` (size, encoding, zip-bomb, macro and width
defences, D3-D5); every row is validated through ``RecordIn``, the schema of the form and the
API, and every problem is kept as an ``import_rows.Problem`` (row, column, value, message), so
the same ``problems_csv`` reports them. Nothing is written unless every row is valid; then, in
the caller's one transaction, new references are bulk-inserted (``register_bulk``), changed ones
amended through the service (audited each) and unchanged or withdrawn ones left alone. Rows
match by (member, national reference): the same file twice changes nothing, and a process killed
before the commit leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require
from rcf.audit.service import record_import
from rcf.documents import register
from rcf.documents.models import DocumentRecord
from rcf.documents.register import Outcome
from rcf.documents.register_bulk import insert_records
from rcf.documents.register_schemas import RecordIn
from rcf.errors import InvalidInput
from rcf.incidents.import_files import Table
from rcf.incidents.import_rows import Problem, ProblemTally, column_positions, shown
from rcf.schemas import field_errors_from_list

COLUMNS = (*register.PLAIN_FIELDS, "review_date")
REQUIRED = ("national_reference", "document_number", "issuing_state", "document_type", "status")


@dataclass
class RegisterImport(ProblemTally):
    records: list[RecordIn] = field(default_factory=list)
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))


def template_csv() -> str:
    return ",".join(COLUMNS) + "\r\n"


def _positions(header: list[str], found: RegisterImport) -> dict[str, int]:
    return column_positions(header, COLUMNS, REQUIRED, found.add)


def _row(
    line: int, cells: list[str], positions: dict[str, int], limit: int
) -> RecordIn | list[Problem]:
    values: dict[str, str] = {}
    problems: list[Problem] = []
    for name, index in positions.items():
        value = cells[index].strip() if index < len(cells) else ""
        if len(value) > limit:
            problems.append(Problem(line, name, shown(value), f"Longer than {limit:,} characters."))
        elif "\x00" in value:
            problems.append(Problem(line, name, shown(value), "Contains a NUL character."))
        elif value:
            values[name] = value
    if problems:
        return problems
    try:
        return RecordIn.model_validate(values)
    except ValidationError as error:
        return _schema_problems(line, values, error)


def _schema_problems(line: int, values: dict[str, str], error: ValidationError) -> list[Problem]:
    out = []
    for item in error.errors():
        column = str(item["loc"][0]) if item["loc"] else "(row)"
        message = next(iter(field_errors_from_list([item]).values()))
        out.append(Problem(line, column, shown(values.get(column, "")), message))
    return out


def check_rows(table: Table, issuer: str | None, *, max_cell_chars: int = 1_000) -> RegisterImport:
    """Validate every row; one problem per wrong cell, duplicates and other states included."""
    found = RegisterImport()
    positions = _positions(table.header, found)
    if not found.ok:
        return found
    seen: dict[str, int] = {}
    for line, cells in _rows(table):
        found.rows += 1
        result = _row(line, cells, positions, max_cell_chars)
        if isinstance(result, list):
            for problem in result:
                found.add(problem)
        elif result.issuing_state != issuer:
            message = (
                f"Your member can only report documents issued by {issuer or 'its own state'}."
            )
            found.add(Problem(line, "issuing_state", result.issuing_state, message))
        elif result.national_reference in seen:
            message = f"The same reference is already on row {seen[result.national_reference]}."
            found.add(
                Problem(line, "national_reference", shown(result.national_reference), message)
            )
        else:
            seen[result.national_reference] = line
            found.records.append(result)
    return found


def _rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    yield from table.rows


def import_register(
    session: Session, actor: Actor, table: Table, *, sha256: str, file_name: str, review_years: int
) -> RegisterImport:
    """Validate everything, write only if every row is valid. The caller commits."""
    require(actor, Permission.DOCUMENT_REGISTER_WRITE)
    if actor.member_id is None or actor.agency_id is None:
        raise InvalidInput({"__all__": "Only a member's agency can import documents."})
    found = check_rows(table, register.member_state(session, actor.member_id))
    if not found.ok:
        return found
    existing = _existing(session, actor.member_id)
    new = []
    for data in found.records:
        known = existing.get(data.national_reference)
        if known is None:
            new.append(data)
        elif known[1]:
            found.counts[Outcome.WITHDRAWN] += 1
        elif known[0] == register.content_hash(data):
            found.counts[Outcome.UNCHANGED] += 1
        else:
            found.counts[
                register.save_imported(session, actor, data, review_years=review_years)
            ] += 1
    insert_records(session, actor, new, review_years=review_years)
    found.counts[Outcome.CREATED] += len(new)
    record_import(
        session,
        actor=actor,
        object_type="document_import",
        sha256=sha256,
        file_name=shown(file_name),
        rows=found.rows,
        counts=found.counts,
    )
    return found


def _existing(session: Session, member_id: int) -> dict[str, tuple[str, bool]]:
    rows = session.execute(
        select(
            DocumentRecord.national_reference,
            DocumentRecord.content_hash,
            DocumentRecord.withdrawn_at,
        ).where(DocumentRecord.owner_member_id == member_id)
    )
    return {reference: (digest, withdrawn is not None) for reference, digest, withdrawn in rows}
