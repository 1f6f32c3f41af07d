"""Importing and exporting cases as the HTCDS Excel toolkit's basic template (``htcds``).

* **Import** reuses the incident importer's safe file reader (CSV or XLSX: zip-bomb, XXE and
  macro checks, size caps) and its ``Problem`` report. Every row is checked first; if any
  cell is wrong nothing is written and each problem names its row and column (identity cells
  are named but their values never repeated). Rows go through the same service as single cases
  (``create_case`` / ``amend_case``: sealing, blind index, audit). The source system's
  ``cas_CaseId`` is kept per owning agency with a keyed digest of the row, so importing the
  same file again changes nothing and a changed row amends its case.
* **Export** writes the cases the caller may see (the policy's clause in the query); identity
  columns are filled only for the owning agency's case workers (each opening audited), and
  every cell is a string cell (no formula runs when the workbook is opened).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, may_see_identity, require, scope_cases
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.errors import Forbidden, InvalidInput
from rcf.incidents.import_files import Table
from rcf.incidents.import_rows import Problem
from rcf.runtime import Runtime
from rcf.trafficking import htcds, service
from rcf.trafficking.crypto import FieldAddress, cipher_from_settings
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.schemas import CaseIn

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "Cases"


class ImportRefused(InvalidInput):
    """At least one row or column is wrong: nothing was imported. ``errors`` (the API's
    problem+json) maps ``"row N, column C"`` to the message, for the first 200 problems."""

    title = "Import refused"
    type_slug = "import-refused"

    def __init__(self, problems: list[Problem], rows: int = 0) -> None:
        errors = {f"row {p.row}, column {p.column}": p.message for p in problems[:200]}
        super().__init__(errors, f"{len(problems)} problem(s); nothing was imported.")
        self.problems, self.rows = problems, rows


@dataclass
class ImportCounts:
    rows: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class PageImport:
    """The outcome in the shape of the upload pages' ``import_result`` (web/import_pages)."""

    rows: int
    counts: Counter[str]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        return len(self.problems)


# --- Import ------------------------------------------------------------------------------------


def import_cases(session: Session, runtime: Runtime, actor: Actor, table: Table) -> ImportCounts:
    """All rows or none: ImportRefused with every problem, else each row created, amended or
    left unchanged (same source id and same content)."""
    require(actor, TraffickingCase.write_permission)
    if actor.member_id is None or actor.agency_id is None:
        raise Forbidden("Only a user of a member agency can import cases.")
    header = [name.strip() for name in table.header]
    problems = htcds.header_problems(header)
    if problems:
        raise ImportRefused(problems)
    checked, rows = _check_rows(header, table, problems)
    if problems:
        raise ImportRefused(problems, rows)
    counts = ImportCounts(rows=len(checked))
    for key, case, digest in checked:
        counts.outcomes[_write_row(session, runtime, actor, key, case, digest)] += 1
    return counts


def import_for_page(session: Session, runtime: Runtime, actor: Actor, table: Table) -> PageImport:
    """``import_cases`` for the upload page: a refused file is a result listing its problems."""
    try:
        counts = import_cases(session, runtime, actor, table)
    except ImportRefused as refused:
        return PageImport(refused.rows, Counter(), refused.problems)
    return PageImport(counts.rows, counts.outcomes, [])


def _check_rows(
    header: list[str], table: Table, problems: list[Problem]
) -> tuple[list[tuple[str, CaseIn, str]], int]:
    """The valid rows, and how many rows were read."""
    checked: list[tuple[str, CaseIn, str]] = []
    seen: dict[str, int] = {}
    rows = 0
    for line, cells in table.rows:
        rows += 1
        row = dict(zip(header, cells, strict=False))
        key, case, row_problems = htcds.case_from_row(line, row)
        if key in seen:
            row_problems.append(Problem(line, htcds.KEY, key, f"Also on row {seen[key]}."))
        seen.setdefault(key, line)
        problems.extend(row_problems)
        if case is not None and not row_problems:
            checked.append((key, case, json.dumps(row, sort_keys=True)))
    return checked, rows


def _write_row(
    session: Session, runtime: Runtime, actor: Actor, key: str, case: CaseIn, row: str
) -> str:
    digest = _digest(runtime, row)
    existing = session.scalars(
        select(TraffickingCase).where(
            TraffickingCase.owner_agency_id == actor.agency_id, TraffickingCase.external_id == key
        )
    ).first()
    if existing is not None and existing.import_digest == digest:
        return "unchanged"
    if existing is None:
        written = service.create_case(session, runtime, actor, case)
    else:
        written = service.amend_case(session, runtime, actor, existing.id, case)
    written.external_id, written.import_digest = key, digest
    return "created" if existing is None else "amended"


def _digest(runtime: Runtime, row: str) -> str:
    """A keyed digest (the blind-index HMAC): a plain hash of a row holding a name and a
    phone number could be reversed by guessing; this one cannot without the key file."""
    box = cipher_from_settings(runtime.settings.resolved_trafficking_key_file, on_decrypt=_never)
    return box.blind_index(hashlib.sha256(row.encode()).hexdigest(), kind="htcds_row")


def _never(address: FieldAddress) -> None:
    raise AssertionError("a digest decrypts nothing")


# --- Export ------------------------------------------------------------------------------------


def export_rows(session: Session, runtime: Runtime, actor: Actor) -> Iterator[list[str]]:
    """The header, then one row per case the actor may see, oldest first (audited)."""
    stmt = scope_cases(select(TraffickingCase), actor, TraffickingCase)
    cases = list(session.scalars(stmt.order_by(TraffickingCase.id)))
    with_identity = sum(1 for case in cases if may_see_identity(actor, case))
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_EXPORTED,
        object_type="trafficking_htcds_export",
        object_id=f"{len(cases)} cases",
        object_member_id=actor.member_id,
        changes={"cases": len(cases), "with_identity": with_identity},
    )
    yield list(htcds.COLUMNS)
    for case in cases:
        yield htcds.row_of(case, service.private_fields(session, runtime, actor, case))


def write_xlsx(rows: Iterator[list[str]]) -> bytes:
    """One sheet of string cells: openpyxl would make '=...' a live formula on assignment."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_xml_safe(value))
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        return file.read()


def _xml_safe(value: str) -> str:
    return "".join(c for c in value if c in "\t\n\r" or ord(c) >= 32)
