"""Bulk import of incident reports from CSV or XLSX: validate every row, then write all or none.

1. ``check_table`` reads the rows (``import_files`` has already refused unsafe files),
   normalises each cell (NFKC, codes upper-cased, code-list values lower-cased) and validates it
   against ``IncidentIn``, the schema of the form and the API: chunks of rows are checked column
   by column (``import_fast``), and every row that check cannot vouch for goes through
   ``IncidentIn`` itself (``import_rows``), which words its problems. Every problem is
   kept with its row, column, value (shortened and made printable) and message. A file of
   ``PARALLEL_FROM`` rows or more is checked in chunks by worker processes (``import_workers``);
   the results are taken in file order, so the problems and the reports are the same, in the
   same order, as when checked in this process. ``check_table`` alone writes nothing.
2. ``import_table`` writes in the caller's single transaction. While no problem has been found,
   the new references checked so far are bulk-inserted as the workers check the rest
   (``import_writing.StreamedInserts``; on an SQLite file they are copied from the files the
   workers keep them in, segment by segment, ``import_stash``); a problem anywhere stops that,
   every problem is still collected, and the transaction is rolled back, so nothing is
   committed unless every row is valid. Then ``write_reports`` handles the rest: new references
   are bulk-inserted (incidents, person counts, shares), changed ones go through
   ``service.save_imported`` (a version and an audit entry each), unchanged and withdrawn ones
   are left alone. Rows match by (owner member, reference), so the same file twice changes
   nothing; a process killed before the commit leaves nothing behind.

The import itself is audited as one ``record.created`` entry of object type ``incident_import``
whose object id is the file's SHA-256 and whose changes hold the counts.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from itertools import chain, islice
from operator import itemgetter
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require
from rcf.audit.service import record_import
from rcf.incidents.columns import COLUMNS
from rcf.incidents.import_fast import check_chunk
from rcf.incidents.import_files import Table, file_sha256
from rcf.incidents.import_rows import (
    KNOWN,
    CheckedReport,
    Problem,
    ProblemTally,
    RowSpec,
    Target,
    check_row,
    column_positions,
    problems_csv,
    row_spec,
    shown,
)
from rcf.incidents.import_stash import Stash, stash_files
from rcf.incidents.import_workers import (
    BATCH,
    Chunk,
    Keep,
    can_use_workers,
    check_blocks_in_workers,
    check_in_workers,
    chunks,
    collector_paused,
    keep_all,
    keep_none,
)
from rcf.incidents.import_writing import (
    Existing,
    ProgressFn,
    StreamedInserts,
    existing_reports,
    needs_amending,
    write_reports,
)
from rcf.incidents.models import CurrencyRate
from rcf.incidents.service import Outcome
from rcf.members.models import Member

__all__ = [  # with what import_rows and import_writing provide to callers and tests
    "PARALLEL_FROM",
    "WORKERS",
    "Checked",
    "CheckedReport",
    "ImportResult",
    "Problem",
    "ProgressFn",
    "Target",
    "can_use_workers",
    "check_table",
    "file_sha256",
    "import_table",
    "keep_none",
    "problems_csv",
    "shown",
]

PARALLEL_FROM = 5_000  # below this, starting worker processes costs more than it saves
PARALLEL_FROM_BYTES = 1_000_000  # the same for a CSV file parsed in blocks by the workers
WORKERS = min(2, os.cpu_count() or 1)
REQUIRED = tuple(column.name for column in COLUMNS if column.required)

Sink = Callable[[Sequence[CheckedReport]], None]


def _no_progress(phase: str, done: int) -> None:
    """Progress is optional: the web page has nothing to show it on."""


def _no_sink(reports: Sequence[CheckedReport]) -> None:
    """Checking alone writes nothing."""


@dataclass
class Checked(ProblemTally):
    """The outcome of validating a file: the valid reports and every problem found."""

    reports: list[CheckedReport] = field(default_factory=list)


@dataclass
class ImportResult:
    checked: Checked
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return self.checked.problem_count == 0


# --- Validation ---------------------------------------------------------------------------------


def header_positions(header: list[str], checked: Checked) -> dict[str, int]:
    """Column name -> position; header problems are reported on row 1."""
    return column_positions(header, KNOWN, REQUIRED, checked.add)


def check_table(
    table: Table,
    member_codes: frozenset[str],
    *,
    max_cell_chars: int = 10_000,
    progress: ProgressFn = _no_progress,
    target: Target = Target(),
    keep: Keep = keep_all,
    workers: int = WORKERS,
    sink: Sink = _no_sink,
    stash: Stash | None = None,
) -> Checked:
    """Validate every row of ``table``; the result lists every problem (up to MAX_PROBLEMS).
    Each valid report keeps its ``IncidentIn`` only if ``keep(reference, content_hash)``
    (``keep_none``: never, which lets whole chunks be taken at once).
    ``sink`` gets each chunk's valid reports, in file order, as long as no problem is found.
    With a ``stash``, workers keep the values of new reports in files (``import_stash``)."""
    checked = Checked()
    positions = header_positions(table.header, checked)
    if checked.problem_count:
        return checked
    spec = row_spec(positions, len(table.header), max_cell_chars, target)
    collector = _Collector(checked, spec, member_codes, keep, progress, sink)
    source = table.source
    parallel = workers >= 2 and can_use_workers()
    if parallel and source is not None and source.size >= PARALLEL_FROM_BYTES:
        parts = source.blocks()
        if parts is not None:
            collector.freeze = True
            with collector_paused():
                check_blocks_in_workers(spec, source, parts, collector.add, keep, workers, stash)
            progress("checked", checked.rows)
            return checked
    rows = iter(table.rows)
    first = list(islice(rows, PARALLEL_FROM))
    if not parallel or len(first) < PARALLEL_FROM:
        for chunk in chunks(chain(first, rows)):
            collector.add(check_chunk(spec, chunk, True), chunk)
    else:
        collector.freeze = True
        with collector_paused():
            check_in_workers(spec, chain(first, rows), collector.add, keep, workers, stash)
    progress("checked", checked.rows)
    return checked


class _Collector:
    """Takes each chunk's results in file order: duplicate references and member codes are
    checked here, across the whole file."""

    def __init__(
        self,
        checked: Checked,
        spec: RowSpec,
        member_codes: frozenset[str],
        keep: Keep,
        progress: ProgressFn,
        sink: Sink,
    ) -> None:
        self.checked, self.spec, self.member_codes = checked, spec, member_codes
        self.keep, self.progress, self.sink = keep, progress, sink
        self.seen: dict[str, int] = {}
        # A million checked reports would be scanned again and again by the garbage collector
        # (none is garbage): in the CLI, each chunk's are moved out of its sight.
        self.freeze = False

    def add(self, results: list[CheckedReport | list[Problem]], chunk: Chunk | None) -> None:
        """A chunk's results, in file order; ``chunk`` (its rows) is None when the reports to
        keep (``keep``) already hold their ``IncidentIn``."""
        checked = self.checked
        first, rows = len(checked.reports), checked.rows
        if not self._add_whole(results):
            for index, found in enumerate(results):
                checked.rows += 1
                if isinstance(found, list):
                    for problem in found:
                        checked.add(problem)
                else:
                    self._add_report(found, chunk[index][1] if chunk is not None else None)
        for done in range(rows - rows % BATCH + BATCH, checked.rows + 1, BATCH):
            self.progress("checked", done)
        if not checked.problem_count:
            self.sink(checked.reports[first:])
        if self.freeze:
            gc.freeze()

    def _add_whole(self, results: list[CheckedReport | list[Problem]]) -> bool:
        """The usual chunk of a first import, taken whole by set operations instead of row by
        row: every row valid, no reference seen before, none shared (no member code to look
        up), none to keep. Otherwise False, and the rows are taken one by one."""
        if self.keep is not keep_none or list in map(type, results):
            return False
        reports = cast(list[CheckedReport], results)
        references = list(map(itemgetter(1), reports))
        seen = self.seen
        if any(map(itemgetter(4), reports)) or len(set(references)) != len(references):
            return False
        if not seen.keys().isdisjoint(references):
            return False
        seen.update(zip(references, map(itemgetter(0), reports), strict=True))
        self.checked.reports.extend(reports)
        self.checked.rows += len(reports)
        return True

    def _add_report(self, found: CheckedReport, cells: list[str] | None) -> None:
        reference = found.reference
        if reference in self.seen:
            message = f"The same reference is already on row {self.seen[reference]}."
            self.checked.add(Problem(found.row, "reference", shown(reference), message))
            return
        self.seen[reference] = found.row
        unknown = sorted(set(found.shared_with) - self.member_codes) if found.shared_with else ()
        if unknown:
            message = f"Unknown member code: {', '.join(unknown)}."
            self.checked.add(Problem(found.row, "shared_with", shown("|".join(unknown)), message))
            return
        if not self.keep(reference, found.content_hash):
            if found.report is not None:
                found = found._replace(report=None)
        elif found.report is None:  # checked by a worker, which sends values only
            assert cells is not None, "a worker parsing blocks sends the reports to keep"
            report = check_row(found.row, cells, self.spec)
            assert not isinstance(report, list), "a valid row checked again is valid"
            found = found._replace(report=report)
        self.checked.reports.append(found)


# --- The whole import ---------------------------------------------------------------------------


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
    """Validate everything; write only if every row is valid. The caller commits; when a
    problem is found, the session is rolled back here (new reports may have been inserted
    while the rest of the file was checked) and the result lists every problem."""
    require(actor, Permission.INCIDENT_WRITE)
    existing = existing_reports(session, actor.member_id)
    with _stash(session, actor, existing) as stash:
        with StreamedInserts(session, actor, existing, progress, stash) as streamed:
            checked = check_table(
                table,
                frozenset(session.scalars(select(Member.code))),
                max_cell_chars=max_cell_chars,
                progress=progress,
                target=_target(session),
                keep=_keep(existing),
                sink=streamed.add if _can_stream(actor) else _no_sink,
                stash=stash,
            )
        result = ImportResult(checked, sha256=sha256)
        if not result.ok:
            streamed.abandon()
            session.rollback()  # what was streamed in is not committed: nothing is written
            return result
        with collector_paused() if can_use_workers() else nullcontext():
            result.counts = _write_rest(
                session, actor, streamed, checked.reports, existing, progress, stash
            )
    record_import(
        session,
        actor=actor,
        object_type="incident_import",
        sha256=sha256,
        file_name=shown(file_name),
        rows=result.checked.rows,
        counts=result.counts,
    )
    return result


def _stash(
    session: Session, actor: Actor, existing: Existing
) -> AbstractContextManager[Stash | None]:
    """On an SQLite file, workers keep new reports in files beside it, and they are copied
    from there (``import_stash``) instead of sent to this process."""
    if not (can_use_workers() and _can_stream(actor)):
        return nullcontext()
    return stash_files(session.connection(), existing)


def _target(session: Session) -> Target:
    """The driver the values are prepared for, and the rate table fees are normalised with."""
    rates = session.execute(select(CurrencyRate.currency, CurrencyRate.usd_per_unit))
    drivername = session.connection().engine.url.drivername
    return Target(drivername, tuple((currency, rate) for currency, rate in rates))


def _keep(existing: Existing) -> Keep:
    """Which valid reports keep their ``IncidentIn``: those to amend (through the service)."""
    if not existing:
        return keep_none

    def amending(reference: str, digest: str) -> bool:
        return needs_amending(existing, reference, digest)

    return amending


def _write_rest(
    session: Session,
    actor: Actor,
    streamed: StreamedInserts,
    reports: list[CheckedReport],
    existing: Existing,
    progress: ProgressFn,
    stash: Stash | None,
) -> dict[Outcome, int]:
    """Every row was valid: what was not streamed in is written (``write_reports``)."""
    streamed.finish()
    rest = reports
    if streamed.written:  # every new report is in: the rest are the member's references
        rest = [item for item in rest if item.reference in existing] if existing else []
    counts = write_reports(session, actor, rest, progress, stash)
    counts[Outcome.CREATED] += streamed.written
    return counts


def _can_stream(actor: Actor) -> bool:
    """Only a member's user imports (``write_reports`` refuses others, once the file is checked)."""
    return actor.member_id is not None and actor.agency_id is not None
