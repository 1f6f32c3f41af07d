"""Bulk load of watchlist entries: CSV or XLSX through the incident import machinery (the file
opened by ``incidents.import_files`` with its D3-D5 defences, problems as
``import_rows.Problem``, reported by the same ``problems_csv``), or FollowTheMoney entities, one
JSON object per line (``ftm.py``). Every row is validated through ``WatchlistPersonIn``, the
schema of the form and the API; nothing is written unless every row is valid, and then every
entry goes through the service (audited, links checked). Rows match by (member, reference) and
content hash: the same file twice changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import SHARING_FIELDS, Actor, require
from rcf.audit.service import record_import
from rcf.documents.register import Outcome
from rcf.errors import InvalidInput
from rcf.incidents.import_files import Table
from rcf.incidents.import_rows import Problem, ProblemTally, column_positions, shown
from rcf.runtime import Runtime
from rcf.schemas import field_errors_from_list
from rcf.screening import service
from rcf.screening.live_index import bump_watchlist_version
from rcf.screening.models import WatchlistPerson
from rcf.screening.schemas import WatchlistPersonIn

LIST_COLUMNS = ("aliases", "birth_dates", "nationalities", "phones", "roles")
COLUMNS = (
    "reference", "primary_name", *LIST_COLUMNS, "gender", "documents", "links", "remarks",
    *SHARING_FIELDS, "shared_with",
)  # fmt: skip
REQUIRED = ("reference", "primary_name")
LINK_KINDS = {"incident": "incident", "case": "trafficking_case"}  # and the values themselves


@dataclass
class WatchlistImport(ProblemTally):
    entries: list[tuple[int, WatchlistPersonIn]] = field(default_factory=list)
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))


def template_csv() -> str:
    return ",".join(COLUMNS) + "\r\n"


def split_list(cell: str) -> list[str]:
    """A list cell: a JSON list (``["a", "b"]``) or values separated by semicolons."""
    if cell.startswith("["):
        try:
            values = json.loads(cell)
        except ValueError:
            values = None
        if isinstance(values, list):
            return [str(v).strip() for v in values if str(v).strip()]
    return [part.strip() for part in cell.split(";") if part.strip()]


def documents_cell(cell: str) -> list[dict[str, str]]:
    out = []
    for item in split_list(cell):
        number, _, state = item.rpartition(" ") if " " in item else (item, "", "")
        out.append({"number": number, "issuing_state": state})
    return out


def links_cell(cell: str) -> list[dict[str, str]]:
    out = []
    for item in split_list(cell):
        kind, _, number = item.partition(" ")
        kind = LINK_KINDS.get(kind.lower(), kind.lower())
        out.append({"record_type": kind, "record_id": number.strip()})
    return out


def row_input(values: dict[str, str]) -> dict[str, Any]:
    """The cells of one row in the API's shape (blank cells left out: the schema's defaults)."""
    data: dict[str, Any] = {
        name: split_list(value) if name in LIST_COLUMNS else value
        for name, value in values.items()
        if name in ("reference", "primary_name", "gender", "remarks", *LIST_COLUMNS)
    }
    if "documents" in values:
        data["documents"] = documents_cell(values["documents"])
    if "links" in values:
        data["links"] = links_cell(values["links"])
    sharing: dict[str, Any] = {k: v for k, v in values.items() if k in SHARING_FIELDS}
    if "shared_with" in values:
        sharing["shared_with"] = split_list(values["shared_with"])
    data["sharing"] = sharing
    return data


def validate(line: int, data: dict[str, Any], shown_values: dict[str, str]) -> Any:
    """A valid entry, or its problems (one per wrong cell)."""
    try:
        return WatchlistPersonIn.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            loc = [str(part) for part in item["loc"]]
            column = loc[1] if loc[:1] == ["sharing"] and len(loc) > 1 else (loc or ["(row)"])[0]
            message = next(iter(field_errors_from_list([item]).values()))
            problems.append(Problem(line, column, shown(shown_values.get(column, "")), message))
        return problems


def _positions(header: list[str], found: WatchlistImport) -> dict[str, int]:
    return column_positions(header, COLUMNS, REQUIRED, found.add)


def _cells(
    line: int, cells: list[str], positions: dict[str, int], limit: int
) -> dict[str, str] | list[Problem]:
    values: dict[str, str] = {}
    problems = []
    for name, index in positions.items():
        value = cells[index].strip() if index < len(cells) else ""
        if len(value) > limit:
            problems.append(Problem(line, name, shown(value), f"Longer than {limit:,} characters."))
        elif "\x00" in value:
            problems.append(Problem(line, name, shown(value), "Contains a NUL character."))
        elif value:
            values[name] = value
    return problems or values


def check_table(table: Table, *, max_cell_chars: int = 10_000) -> WatchlistImport:
    """Validate every row of a CSV or XLSX table."""
    found = WatchlistImport()
    positions = _positions(table.header, found)
    if not found.ok:
        return found
    rows = ((line, _cells(line, cells, positions, max_cell_chars)) for line, cells in table.rows)
    collect(found, ((line, v, row_input(v) if isinstance(v, dict) else v) for line, v in rows))
    return found


def collect(found: WatchlistImport, rows: Iterable[tuple[int, Any, Any]]) -> None:
    """Validate (line, shown values, input or problems) rows into ``found``; references once."""
    seen: dict[str, int] = {}
    for line, values, data in rows:
        found.rows += 1
        result = data if isinstance(data, list) else validate(line, data, values)
        if isinstance(result, list):
            for problem in result:
                found.add(problem)
        elif result.reference in seen:
            message = f"The same reference is already on row {seen[result.reference]}."
            found.add(Problem(line, "reference", shown(result.reference), message))
        else:
            seen[result.reference] = line
            found.entries.append((line, result))


def import_entries(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    found: WatchlistImport,
    *,
    sha256: str,
    file_name: str,
) -> WatchlistImport:
    """Write the checked entries if all are valid (the caller commits, or rolls back when a
    link is refused here: the result is then not ``ok``)."""
    require(actor, Permission.SCREENING_WRITE)
    if actor.member_id is None or actor.agency_id is None:
        raise InvalidInput({"__all__": "Only a member's agency can import persons of interest."})
    if not found.ok:
        return found
    existing = _existing(session, actor.member_id)
    for line, data in found.entries:
        try:
            found.counts[_write(session, runtime, actor, existing.get(data.reference), data)] += 1
        except InvalidInput as error:
            for column, message in error.errors.items():
                found.add(Problem(line, column, "", message))
    if found.ok:
        bump_watchlist_version(session)
        record_import(
            session,
            actor=actor,
            object_type="watchlist_import",
            sha256=sha256,
            file_name=shown(file_name),
            rows=found.rows,
            counts=found.counts,
        )
    return found


def _write(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    known: WatchlistPerson | None,
    data: WatchlistPersonIn,
) -> Outcome:
    if known is None:
        service.create_person(session, runtime, actor, data)
        return Outcome.CREATED
    if known.withdrawn_at is not None:
        return Outcome.WITHDRAWN
    if known.content_hash == service.content_hash(data):
        return Outcome.UNCHANGED
    service.save_amendment(session, runtime, actor, known, data)
    return Outcome.AMENDED


def _existing(session: Session, member_id: int) -> dict[str, WatchlistPerson]:
    rows = session.scalars(
        select(WatchlistPerson).where(WatchlistPerson.owner_member_id == member_id)
    )
    return {person.reference: person for person in rows}
