"""Exports of incident reports: what the caller may see, as CSV, XLSX, JSON or Parquet.

An export is a read of many records at once, so it follows the read rules and then one more:

* rows come only from ``service.visible_incidents`` (the policy's ``scope()``), the base of the
  list, so an export never holds a record the caller could not open (C5); only the owner learns
  whom a ``members`` report is shared with;
* a record another member marked H2 ("not to be passed on without the provider's permission") is
  left out (``can_pass_on``, C7); how many were left out, and why, is said in the file (JSON,
  Parquet metadata), in the ``X-RCF-Left-Out`` header, on the page and by the CLI;
* the export is audited before its first byte: one ``record.exported`` entry per owning member,
  with the format, the filters and the counts, so each owner's focal point sees who took its
  records away.

Formats (see docs/incident-exports.md):

* **CSV**: exactly the columns of ``rcf.incidents.columns`` (what the importer reads), UTF-8 with
  a byte-order mark so Excel shows non-ASCII names; a cell that a spreadsheet would take for a
  formula (it starts with ``= + - @``, a tab or a carriage return, and is not a plain number) is
  prefixed with ``'`` (D2). ``restore_cell`` undoes it exactly, for the importer.
* **XLSX**: the same columns; every cell is a string cell, so ``=HYPERLINK(...)`` stays text.
* **JSON**: ``{"reports": [...], "left_out": {...}}``; each report is the API's ``IncidentIn``
  shape plus ``id``, ``owner_member`` and ``version``.
* **Parquet**: one row per report with typed columns (dates, integers, lists of structs); the
  left-out note is in the file's key-value metadata.

Rows are read in keyset batches by id and released after each batch, so memory stays flat
whatever the size of the export; CSV and JSON stream as they are read, XLSX and Parquet are
built in a temporary file (that is how those formats work) and then streamed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import IO, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from rcf.access.policy import Actor, HandlingCode, RecordShare, can_pass_on
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.db import utcnow
from rcf.incidents.columns import COLUMN_NAMES, to_flat
from rcf.incidents.models import Incident
from rcf.incidents.service import IncidentFilters, incident_content, visible_incidents
from rcf.members.models import Member
from rcf.runtime import Runtime
from rcf.spreadsheets import neutralise_cell, restore_cell

BATCH_SIZE = 500
CHUNK_BYTES = 64 * 1024
LEFT_OUT_REASON = (
    "Handling code H2: another member's report that may not be passed on without its "
    "permission. Ask the owning member."
)


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"
    PARQUET = "parquet"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self]


MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.JSON: "application/json",
    ExportFormat.PARQUET: "application/vnd.apache.parquet",
}


@dataclass(frozen=True)
class ExportPlan:
    """What an export will hold, decided (and audited) before the first row is written."""

    format: ExportFormat
    filters: IncidentFilters
    up_to_id: int  # rows reported after the export started are not in it
    exported: dict[int, int] = field(default_factory=dict)  # owner member id -> reports
    left_out: dict[int, int] = field(default_factory=dict)  # owner member id -> H2 left out

    @property
    def total(self) -> int:
        return sum(self.exported.values())

    @property
    def left_out_total(self) -> int:
        return sum(self.left_out.values())


@dataclass
class Tally:
    """Counted while rows are written: what the file really holds."""

    exported: int = 0
    left_out: int = 0


# --- Planning and audit -------------------------------------------------------------------------


def plan_export(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    filters: IncidentFilters,
    fmt: ExportFormat,
) -> ExportPlan:
    """Count, per owning member, the reports the export will hold and those it must leave out."""
    base = visible_incidents(session, runtime, actor, filters)
    stmt = base.with_only_columns(
        Incident.owner_member_id, Incident.handling_code, func.count(), func.max(Incident.id)
    ).group_by(Incident.owner_member_id, Incident.handling_code)
    exported: dict[int, int] = {}
    left_out: dict[int, int] = {}
    up_to = 0
    for owner, code, count, top in session.execute(stmt):
        probe = Incident(owner_member_id=owner, handling_code=HandlingCode(code))
        target = exported if can_pass_on(actor, probe) else left_out
        target[owner] = target.get(owner, 0) + count
        up_to = max(up_to, top or 0)
    return ExportPlan(fmt, filters, up_to, exported, left_out)


def start_export(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    filters: IncidentFilters,
    fmt: ExportFormat,
) -> ExportPlan:
    """Plan the export and audit it (one entry per owning member) in the caller's transaction."""
    plan = plan_export(session, runtime, actor, filters, fmt)
    # An export that found nothing is still audited, once, against no owner.
    owners: list[int | None] = [*sorted(set(plan.exported) | set(plan.left_out))] or [None]
    for owner in owners:
        count = plan.exported.get(owner, 0) if owner is not None else 0
        record(
            session,
            actor=actor,
            action=AuditAction.RECORD_EXPORTED,
            object_type=Incident.record_type,
            object_id=f"{count} records",
            object_member_id=owner,
            changes={
                "format": str(fmt),
                "filters": filters_for_audit(filters),
                "exported": count,
                "left_out_h2": plan.left_out.get(owner, 0) if owner is not None else 0,
                "export_total": plan.total,
            },
        )
    return plan


def filters_for_audit(filters: IncidentFilters) -> dict[str, str]:
    """The filters that narrowed the export, as plain strings (unset ones omitted)."""
    return {
        name: str(value)
        for name, value in asdict(filters).items()
        if value is not None and value is not False and value != ""
    }


# --- Reading rows -------------------------------------------------------------------------------


def exported_reports(
    session: Session, runtime: Runtime, actor: Actor, plan: ExportPlan, tally: Tally
) -> Iterator[dict[str, Any]]:
    """Each report of the plan in the API's JSON shape plus id, owner_member and version, in
    id order; H2 reports of other members are counted in ``tally`` and skipped."""
    owners = _member_codes(session)
    last = 0
    while True:
        stmt = (
            visible_incidents(session, runtime, actor, plan.filters)
            .where(Incident.id > last, Incident.id <= plan.up_to_id)
            .order_by(Incident.id)
            .limit(BATCH_SIZE)
            .options(selectinload(Incident.person_counts))
        )
        batch = list(session.scalars(stmt))
        if not batch:
            return
        shares = _shares_of_own(session, actor, batch)
        for incident in batch:
            if not can_pass_on(actor, incident):
                tally.left_out += 1
                continue
            tally.exported += 1
            yield export_report(incident, owners, shares.get(incident.id, []))
        last = batch[-1].id
        for incident in batch:
            session.expunge(incident)  # keep memory flat: the batch is written


def export_report(
    incident: Incident, owners: dict[int, str], shared_with: list[str]
) -> dict[str, Any]:
    """One report as exported: ``IncidentIn``'s shape (sharing included) plus id, owner, version.
    ``shared_with`` must be empty unless the exporting member owns the report."""
    sharing = {name: _plain(value) for name, value in incident.sharing_fields().items()}
    return {
        "id": incident.id,
        "owner_member": owners.get(incident.owner_member_id, ""),
        "version": incident.version,
        **incident_content(incident),
        "sharing": {**sharing, "shared_with": shared_with},
    }


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if isinstance(value, StrEnum) else value


def _member_codes(session: Session) -> dict[int, str]:
    return {row.id: row.code for row in session.execute(select(Member.id, Member.code))}


def _shares_of_own(session: Session, actor: Actor, batch: list[Incident]) -> dict[int, list[str]]:
    """Whom the actor's own reports of the batch are shared with (one query per batch); other
    members' share lists are theirs to know."""
    own = [i.id for i in batch if i.owner_member_id == actor.member_id]
    if not own:
        return {}
    rows = session.execute(
        select(RecordShare.record_id, Member.code)
        .join(Member, Member.id == RecordShare.member_id)
        .where(RecordShare.record_type == Incident.record_type, RecordShare.record_id.in_(own))
        .order_by(RecordShare.record_id, Member.code)
    )
    shares: dict[int, list[str]] = {}
    for record_id, code in rows:
        shares.setdefault(record_id, []).append(code)
    return shares


# --- Formula injection (D2) ---------------------------------------------------------------------


def restore_row(row: dict[str, str]) -> dict[str, str]:
    """A CSV row as exported, with its cells as they were before neutralising."""
    return {name: restore_cell(cell or "") for name, cell in row.items()}


# --- Writers ------------------------------------------------------------------------------------


def write_csv(reports: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The import columns, UTF-8 with a byte-order mark, formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    yield "\ufeff".encode() + _drain(buffer)
    for report in reports:
        flat = to_flat(report)
        writer.writerow([neutralise_cell(flat[name]) for name in COLUMN_NAMES])
        if buffer.tell() >= CHUNK_BYTES:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode()


def write_json(reports: Iterable[dict[str, Any]], tally: Tally) -> Iterator[bytes]:
    """``{"reports": [...], "left_out": {...}}``, streamed report by report."""
    yield b'{"reports": ['
    separator = b"\n"
    for report in reports:
        yield separator + json.dumps(report, ensure_ascii=False).encode()
        separator = b",\n"
    note = {"count": tally.left_out, "reason": LEFT_OUT_REASON if tally.left_out else ""}
    yield b'\n], "left_out": ' + json.dumps(note).encode() + b"}\n"


def write_xlsx(reports: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The import columns in one sheet; every cell a string cell (never a live formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("incidents")
    sheet.append(list(COLUMN_NAMES))
    for report in reports:
        flat = to_flat(report)
        sheet.append([_text_cell(sheet, WriteOnlyCell, flat[name]) for name in COLUMN_NAMES])
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        yield from _file_chunks(file)


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text_cell(sheet: Any, cell_type: Any, value: str) -> Any:
    # XML cannot hold most control characters; they are dropped (the only lossy step).
    cell = cell_type(sheet, value=_ILLEGAL_XML.sub("", value))
    cell.data_type = "s"  # openpyxl made '=...' a formula on assignment; text it stays
    return cell


def _file_chunks(file: IO[bytes]) -> Iterator[bytes]:
    file.seek(0)
    while chunk := file.read(CHUNK_BYTES):
        yield chunk


def write_parquet(reports: Iterable[dict[str, Any]], tally: Tally) -> Iterator[bytes]:
    """Typed columns, written in row groups of ``BATCH_SIZE``; the left-out note is metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from rcf.incidents.export_parquet import SCHEMA, parquet_row

    with tempfile.TemporaryFile() as file:
        writer = pq.ParquetWriter(file, SCHEMA)
        batch: list[dict[str, Any]] = []
        for report in reports:
            batch.append(parquet_row(report))
            if len(batch) >= BATCH_SIZE:
                writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
                batch = []
        if batch or tally.exported == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
        writer.add_key_value_metadata(
            {"rcf.left_out": str(tally.left_out), "rcf.left_out_reason": LEFT_OUT_REASON}
        )
        writer.close()
        yield from _file_chunks(file)


def export_chunks(
    runtime: Runtime, actor: Actor, plan: ExportPlan, tally: Tally | None = None
) -> Iterator[bytes]:
    """The file's bytes, read through a session of its own (a download outlives its request's
    session); ``tally`` is filled as rows are written."""
    tally = tally if tally is not None else Tally()
    with runtime.sessions() as session:
        reports = exported_reports(session, runtime, actor, plan, tally)
        if plan.format is ExportFormat.CSV:
            yield from write_csv(reports)
        elif plan.format is ExportFormat.XLSX:
            yield from write_xlsx(reports)
        elif plan.format is ExportFormat.JSON:
            yield from write_json(reports, tally)
        else:
            yield from write_parquet(reports, tally)


def file_name(member_code: str, fmt: ExportFormat, at: datetime | None = None) -> str:
    """A download name made only of safe characters (D5: nothing of the request reaches it)."""
    stamp = (at or utcnow()).strftime("%Y%m%d-%H%M")
    member = re.sub(r"[^A-Za-z0-9]", "", member_code)[:8] or "rcf"
    return f"incidents-{member.lower()}-{stamp}.{fmt.value}"
