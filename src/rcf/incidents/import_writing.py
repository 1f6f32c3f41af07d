"""Writing checked reports, in the caller's single transaction (see ``importing``).

New references go in as bare executemany statements of values prepared by ``import_rows``
(already in the driver's form, so SQLAlchemy's per-value type processing is skipped; on
PostgreSQL through COPY). Changed ones go through ``service.save_imported`` (a version and an
audit entry each); unchanged and withdrawn ones are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from datetime import datetime
from operator import attrgetter
from typing import Any, cast

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, RecordShare, Visibility, require
from rcf.db import UTCDateTime, utcnow
from rcf.errors import InvalidInput
from rcf.incidents.import_copy import copy_line, copy_rows
from rcf.incidents.import_rollups import add_new_reports
from rcf.incidents.import_rows import PERSON_COLUMNS, ROW_COLUMNS, CheckedReport
from rcf.incidents.import_sqlite import import_pragmas, indexes_built_after
from rcf.incidents.import_stash import Stash, copy_stashed, is_stashed, ready
from rcf.incidents.models import Incident
from rcf.incidents.service import Outcome, save_imported
from rcf.members.models import Member

BATCH = 2_000
OWNER_COLUMNS = (
    "id",
    "owner_member_id",
    "owner_agency_id",
    "created_by_id",
    "version",
    "created_at",
    "updated_at",
    "withdrawn_at",
)
INCIDENT_COLUMNS = (*OWNER_COLUMNS, *ROW_COLUMNS)
PERSON_INSERT_COLUMNS = ("incident_id", *PERSON_COLUMNS)
# New reports written while a chunk's results are collected, at most: twice a chunk, so the
# writing catches up with the checking; more would keep this process from handing out the next
# chunks, and the workers would wait (a segment's files become ready all at once).
PACE = 2 * BATCH
DEFER_INDEXES_FROM = 20_000  # new reports; fewer are not worth building the indexes again

ProgressFn = Callable[[str, int], None]
Existing = dict[str, tuple[str, Any]]  # reference -> (content hash, withdrawn_at)


def existing_reports(session: Session, member_id: int | None) -> Existing:
    """The member's reports by reference: what decides created / amended / unchanged."""
    rows = session.execute(
        select(Incident.reference, Incident.content_hash, Incident.withdrawn_at).where(
            Incident.owner_member_id == member_id
        )
    )
    return {reference: (digest, withdrawn) for reference, digest, withdrawn in rows}


def needs_amending(existing: Existing, reference: str, digest: str) -> bool:
    found = existing.get(reference)
    return found is not None and found[1] is None and found[0] != digest


def write_reports(
    session: Session,
    actor: Actor,
    reports: Sequence[CheckedReport],
    progress: ProgressFn,
    stash: Stash | None = None,
) -> dict[Outcome, int]:
    """Create, amend or leave alone each report, in the caller's transaction (new reports
    checked by workers with a ``stash`` are copied from their files)."""
    require(actor, Incident.write_permission)
    if actor.member_id is None or actor.agency_id is None:
        raise InvalidInput({"__all__": "Only a member's user can import incidents."})
    counts = dict.fromkeys(Outcome, 0)
    if not reports:  # e.g. every report new, and already streamed in
        return counts
    existing = existing_reports(session, actor.member_id)  # read again: in this transaction
    new: list[CheckedReport] = []
    for item in reports:
        found = existing.get(item.reference)
        if found is None:
            new.append(item)
        elif found[1] is not None:
            counts[Outcome.WITHDRAWN] += 1
        elif found[0] == item.content_hash:
            counts[Outcome.UNCHANGED] += 1
        elif item.report is None:  # changed by someone else while the file was checked
            raise InvalidInput(
                {"__all__": "Reports changed while the file was checked; import it again."}
            )
        else:
            counts[save_imported(session, actor, item.report)] += 1
    insert_new(session, actor, new, progress, stash)
    counts[Outcome.CREATED] += len(new)
    return counts


def insert_new(
    session: Session,
    actor: Actor,
    new: Sequence[CheckedReport],
    progress: ProgressFn,
    stash: Stash | None = None,
) -> None:
    """Insert reports whose reference the member does not have yet, in batches."""
    if not new:
        return
    writer = NewReports(session, actor, progress, stash)
    indexes = indexes_built_after(writer.connection, len(new), DEFER_INDEXES_FROM)
    with import_pragmas(writer.connection), indexes:
        for start in range(0, len(new), BATCH):
            writer.write(new[start : start + BATCH])
    writer.finish()


class NewReports:
    """Writes batches of new reports (incidents, person counts, shares) in the transaction,
    and at the end their rollups (``import_rollups``): call ``finish`` once all are written."""

    def __init__(
        self, session: Session, actor: Actor, progress: ProgressFn, stash: Stash | None = None
    ) -> None:
        self.session, self.actor, self.progress, self.stash = session, actor, progress, stash
        self.connection = connection = session.connection()
        self.members: dict[str, int] = dict(session.execute(select(Member.code, Member.id)).all())
        self.now = utcnow()
        now = _bound(connection, self.now)
        self.owner = (actor.member_id, actor.agency_id, actor.user_id, 1, now, now, None)
        self.sqlite = connection.dialect.name == "sqlite"
        self.incidents_insert = _sqlite_incidents_insert(self.owner) if self.sqlite else ""
        self.done = 0
        self.first_id = self.last_id = 0  # of the reports written

    def write(self, batch: Sequence[CheckedReport]) -> None:
        ids = _allocate_ids(self.session, len(batch))
        if self.sqlite:
            self._insert_sqlite(ids, batch)
        else:
            self._copy(ids, batch)
        _insert_shares(self.session, self.actor, batch, ids, self.members)
        self.first_id, self.last_id = self.first_id or ids[0], ids[-1]
        self.done += len(batch)
        self.progress("written", self.done)

    def _insert_sqlite(self, ids: list[int], batch: Sequence[CheckedReport]) -> None:
        """Each row's values go in as the worker made them (no tuple built per row here): the
        owner's are constants of the statement, and the id is SQLite's next rowid, which is
        the one ``_allocate_ids`` counted on (the write lock is held); checked all the same.
        Reports the workers stashed are copied from their files (``import_stash``)."""
        if is_stashed(batch):
            assert self.stash is not None, "stashed reports come with their stash"
            copy_stashed(self.connection, self.stash, _literals(self.owner), ids, batch)
        else:
            rows = list(map(_incident_values, batch))
            self.connection.exec_driver_sql(self.incidents_insert, rows)
        last = self.connection.exec_driver_sql("SELECT max(id) FROM incidents").scalar()
        if last != ids[-1]:
            raise RuntimeError(f"incident ids {ids[0]}..{ids[-1]} expected, last is {last}")
        persons = [(i, *p) for i, item in zip(ids, batch, strict=True) for p in item.persons]
        if persons:
            _executemany(self.connection, "incident_person_counts", PERSON_INSERT_COLUMNS, persons)

    def _copy(self, ids: list[int], batch: Sequence[CheckedReport]) -> None:
        """The workers made each row's COPY lines (``import_copy``): the id and the owner's
        columns go in front, and each table's batch is written as one text."""
        owner = copy_line(self.owner)
        prefixes = [f"{i}\t{owner}" for i in ids]
        incidents = copy_rows(prefixes, cast(Iterable[str], map(_incident_values, batch)))
        _copy(self.connection, "incidents", INCIDENT_COLUMNS, incidents)
        persons = "".join(
            [f"{i}\t{p}\n" for i, item in zip(ids, batch, strict=True) for p in item.persons]
        )
        if persons:
            _copy(self.connection, "incident_person_counts", PERSON_INSERT_COLUMNS, persons)

    def finish(self) -> None:
        """The new reports' groups added to the rollups (which then hold them exactly); once
        the indexes are built again (the groups are read through them)."""
        if self.done:
            owner = self.actor.member_id or 0
            add_new_reports(self.session, owner, self.first_id, self.last_id, self.now)


class StreamedInserts:
    """New reports written while the rest of the file is still being checked (``importing``):
    they go in the caller's open transaction, so nothing is committed unless every row turns
    out valid (the caller rolls back otherwise). On SQLite, writing starts only once more new
    reports are waiting than the table holds (and at least DEFER_INDEXES_FROM), so the plain
    indexes are dropped and built again exactly when ``insert_new`` would; a smaller file is
    left to ``write_reports`` at the end. Reports whose reference the member has are always
    left to ``write_reports`` (amendments go through the service). Reports stashed by the
    workers (``import_stash``) are copied once their segment's files are complete."""

    def __init__(
        self,
        session: Session,
        actor: Actor,
        existing: Existing,
        progress: ProgressFn,
        stash: Stash | None = None,
    ) -> None:
        self.session, self.actor, self.existing, self.progress = session, actor, existing, progress
        self.stash = stash
        self.ready: Callable[[Sequence[CheckedReport]], int] = len if stash is None else ready
        self.stack = ExitStack()
        self.waiting: list[CheckedReport] = []
        self.writer: NewReports | None = None
        sqlite = session.get_bind().dialect.name == "sqlite"
        self.start_from: int | None = None if sqlite else BATCH

    @property
    def written(self) -> int:
        return self.writer.done if self.writer is not None else 0

    def add(self, reports: Sequence[CheckedReport]) -> None:
        """Called with each chunk's valid reports, in file order, while no problem is found."""
        existing = self.existing
        self.waiting.extend(
            [r for r in reports if r.reference not in existing] if existing else reports
        )
        if self.writer is None and len(self.waiting) >= self._start_from():
            self.writer = NewReports(self.session, self.actor, self.progress, self.stash)
            self.stack.enter_context(import_pragmas(self.writer.connection))
            indexes = indexes_built_after(
                self.writer.connection, len(self.waiting), DEFER_INDEXES_FROM
            )
            self.stack.enter_context(indexes)
        if self.writer is not None:
            self._write(min(self.ready(self.waiting), PACE), BATCH)

    def _start_from(self) -> int:
        """SQLite: the table is counted once, when DEFER_INDEXES_FROM new reports wait."""
        if self.start_from is None:
            if len(self.waiting) < DEFER_INDEXES_FROM:
                return DEFER_INDEXES_FROM
            held = self.session.scalar(select(func.count()).select_from(Incident)) or 0
            self.start_from = max(DEFER_INDEXES_FROM, held + 1)
        return self.start_from

    def _write(self, ready: int, at_least: int) -> None:
        """The first ``ready`` reports waiting, in batches, while at least ``at_least`` are left."""
        assert self.writer is not None
        done = 0
        while ready - done >= max(at_least, 1):
            batch = self.waiting[done : min(done + BATCH, ready)]
            self.writer.write(batch)
            done += len(batch)
        del self.waiting[:done]

    def finish(self) -> None:
        """Every row was valid: the rest goes in, and the indexes are built again."""
        with self:
            if self.writer is not None:
                self._write(len(self.waiting), 1)
            self.stack.close()
            if self.writer is not None:
                self.writer.finish()

    def abandon(self) -> None:
        """A problem was found: the caller rolls the transaction back (indexes are not built)."""
        self.stack.__exit__(_Abandoned, _Abandoned(), None)

    def __enter__(self) -> StreamedInserts:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _: Any
    ) -> None:
        """An error while checking or writing: the writing is abandoned, and the error goes on
        to the caller, which rolls back."""
        if error is not None:
            self.abandon()


class _Abandoned(Exception):
    """Unwinds the writing contexts without finishing them."""


def _bound(connection: Connection, now: datetime) -> Any:
    """A time as UTCDateTime hands it to this driver."""
    processor = UTCDateTime().dialect_impl(connection.dialect).bind_processor(connection.dialect)
    return processor(now) if processor else now


_incident_values = attrgetter("incident")
_shared_with = attrgetter("shared_with")


def _sqlite_incidents_insert(owner: tuple[Any, ...]) -> str:
    """INSERT of ROW_COLUMNS as parameters, the owner's columns as literals (this import's
    ids and time, never a file's value) and no id (the next rowid)."""
    literals = _literals(owner)
    columns = ", ".join((*OWNER_COLUMNS[1:], *ROW_COLUMNS))
    values = ", ".join((*literals, *["?"] * len(ROW_COLUMNS)))
    return f"INSERT INTO incidents ({columns}) VALUES ({values})"  # noqa: S608


def _literals(owner: tuple[Any, ...]) -> list[str]:
    return ["NULL" if v is None else str(v) if isinstance(v, int) else _quoted(v) for v in owner]


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _executemany(
    connection: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    markers = ", ".join([marker] * len(columns))
    # Table and column names are this module's constants; the values are parameters.
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({markers})"  # noqa: S608
    connection.exec_driver_sql(statement, rows)


def _copy(connection: Connection, table: str, columns: Sequence[str], rows: str) -> None:
    """PostgreSQL's COPY through psycopg: the fastest way in, same values as an INSERT;
    ``rows`` in COPY's text format (``import_copy``)."""
    driver = connection.connection.driver_connection
    assert driver is not None
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        copy.write(rows)


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


def _insert_shares(
    session: Session,
    actor: Actor,
    batch: Sequence[CheckedReport],
    ids: list[int],
    members: dict[str, int],
) -> None:
    if not any(map(_shared_with, batch)):  # the usual batch: no report shared with a member
        return
    shares = [
        {"record_type": Incident.record_type, "record_id": incident_id, "member_id": members[code]}
        for item, incident_id in zip(batch, ids, strict=True)
        if item.visibility == Visibility.MEMBERS
        for code in item.shared_with
        if members[code] != actor.member_id
    ]
    if shares:
        session.execute(insert(RecordShare), shares)
