"""New reports parked by the import's workers in private SQLite files (SQLite databases only).

On SQLite the main process is the single writer, and binding a million unpickled rows through
``executemany`` was most of its work (~10 µs a row). Instead, each worker writes the new reports
it checked (incidents and person counts, in the form the main process would bind) into its own
files, and sends back only what the main process decides with (row, reference, content hash,
visibility, sharing) and each report's key in those files. The main process ATTACHes a file
inside its transaction and copies the reports with ``INSERT ... SELECT`` (SQLite's own work:
~3 µs a row), while the workers check the rest of the file.

A read of an attached file holds its lock until the commit, and an attached file cannot be
detached before it (SQLite allows 10 at once): so the rows are cut into a few *segments* by
their place in the file (``segment_of_bytes``, ``segment_of_rows``), and a worker writes each
segment's reports into a file of their own. Segments follow the file order, and a worker takes
chunks in that order: once the main process has collected a report of segment s + 1, every
chunk of segment s has been checked and written, and no worker writes to those files again,
so their reports can be copied (``ready``) while segment s + 1 is checked. The last segment,
the smallest, is copied once every row is checked.

Keys: a worker's process id in the high 32 bits, then the segment, then its count of stashed
reports in that segment, so the key says which file holds the report, and consecutive keys are
consecutive rows of one file.

Data protection: the files hold victims' and incidents' data. They are made beside the database
(its directory), mode 0600, named after the importing process and a random token, removed when
the import ends (committed or not), and stale ones (whose importing process is gone, e.g. after
a kill -9) at the start of the next import. The attached files are detached when the connection
goes back to the pool (after the commit or rollback).
"""

from __future__ import annotations

import logging
import math
import os
import secrets
import sqlite3
from bisect import bisect_left
from collections.abc import Container, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, event

from rcf.errors import InvalidInput
from rcf.incidents.import_rows import PERSON_COLUMNS, ROW_COLUMNS, CheckedReport, Problem

PREFIX = ".rcf-import-stash-"
KEY_BITS = 32  # a key: the worker's pid, then (below these bits) its segment and count
COUNT_BITS = 24  # a key's count of reports in one segment's file (max_rows is far below)
MAX_ATTACHED = 10  # files SQLite attaches to one connection at most (SQLITE_MAX_ATTACHED)
FIRST_SEGMENT_ROWS = 50_000  # read row by row: segments of 50k, 100k, 200k... rows
ATTACHED = "import_stash"  # the pool record's info: attached file -> schema name

log = logging.getLogger(__name__)

Sent = list[tuple[Any, ...] | list[Problem]]


@dataclass(frozen=True)
class Stash:
    """Where one import's workers park their new reports: those whose reference is not
    ``known`` (the member's; the others are never inserted, so never stashed)."""

    directory: Path
    owner: int  # the importing process
    token: str
    known: Container[str]

    def path(self, worker: int, segment: int) -> Path:
        return self.directory / f"{PREFIX}{self.owner}-{self.token}-{worker}-{segment}.sqlite3"

    def files(self) -> list[Path]:
        return sorted(self.directory.glob(f"{PREFIX}{self.owner}-{self.token}-*.sqlite3"))

    def remove(self) -> None:
        for path in self.files():
            path.unlink(missing_ok=True)


@contextmanager
def stash_files(connection: Connection, known: Container[str]) -> Iterator[Stash | None]:
    """A stash beside an SQLite database file (None for other databases and in-memory ones),
    its files removed at the end, committed or not (the rows are then in the transaction or
    nowhere); stale files of killed imports are removed first."""
    url = connection.engine.url
    database = url.database
    if url.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        yield None
        return
    directory = Path(database).resolve().parent
    remove_stale(directory)
    stash = Stash(directory, os.getpid(), secrets.token_hex(8), known)
    try:
        yield stash
    finally:
        stash.remove()


def remove_stale(directory: Path) -> None:
    """Files of imports whose process is gone (a kill -9, a crash)."""
    for path in directory.glob(f"{PREFIX}*.sqlite3"):
        owner = path.name.removeprefix(PREFIX).split("-", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


# --- Segments -----------------------------------------------------------------------------------


def segments(workers: int) -> int:
    """Segments a file is cut into: every worker may write a file for each, and a file read row
    by row after a block that could not be parsed alone adds one per worker (a new pool), all
    attached at once by the end."""
    return max(1, MAX_ATTACHED // workers - 1)


def segment_of_bytes(offset: int, size: int, count: int) -> int:
    """Each segment half of what is left of the file (a half, a quarter, ...): the last one,
    copied after the checking, is small, and each is checked in about the time the one before
    takes to copy."""
    left = max(size - offset, 1) / max(size, 1)
    return min(count - 1, int(-math.log2(left)))


def segment_of_rows(rows_before: int, count: int) -> int:
    """The same when the size is unknown (rows read one by one): doubling segments."""
    return min(count - 1, int(math.log2(1 + rows_before / FIRST_SEGMENT_ROWS)))


def segment_of_key(key: Any) -> int:
    """The segment of a stashed report's key (``CheckedReport.incident``)."""
    return (cast(int, key) >> COUNT_BITS) & ((1 << (KEY_BITS - COUNT_BITS)) - 1)


def ready(waiting: Sequence[CheckedReport]) -> int:
    """How many of the stashed reports ``waiting`` (in file order) can be copied now: those of
    the segments before the last one seen, whose files no worker writes to any more (all of
    them when they hold their values: checked in this process)."""
    if not is_stashed(waiting):
        return len(waiting)
    last = segment_of_key(waiting[-1].incident)
    return bisect_left(waiting, last, key=lambda item: segment_of_key(item.incident))


# --- In a worker ---------------------------------------------------------------------------------


class StashWriter:
    """A worker's files, one a segment: each created at its segment's first new report, mode
    0600, without journal or sync (a file nobody reads if the worker dies: the import then
    fails and removes it); the one before closed then (it is never written again)."""

    def __init__(self, stash: Stash) -> None:
        self.stash = stash
        self.database: sqlite3.Connection | None = None
        self.segment = -1
        self.next_key = 0  # the last key given
        self.incidents_insert = (
            f"INSERT INTO incidents ({', '.join(ROW_COLUMNS)}) "  # noqa: S608
            f"VALUES ({', '.join(['?'] * len(ROW_COLUMNS))})"
        )

    def _open(self, segment: int) -> sqlite3.Connection:
        """The segment's file, whose keys follow the placeholder row's."""
        if self.database is not None:
            self.database.close()
        self.segment = segment
        self.next_key = placeholder = (os.getpid() << KEY_BITS) | (segment << COUNT_BITS)
        path = self.stash.path(os.getpid(), segment)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_CLOEXEC, 0o600))
        database = sqlite3.connect(path, isolation_level=None)
        database.execute("PRAGMA journal_mode=OFF")
        database.execute("PRAGMA synchronous=OFF")
        columns = ", ".join(ROW_COLUMNS)
        database.execute(f"CREATE TABLE incidents (key INTEGER PRIMARY KEY, {columns})")
        database.execute("INSERT INTO incidents (key) VALUES (?)", (placeholder,))
        persons = ", ".join(PERSON_COLUMNS)
        database.execute(
            f"CREATE TABLE persons (key INTEGER, position INTEGER, {persons}, "
            "PRIMARY KEY (key, position)) WITHOUT ROWID"
        )
        return database

    def sent(self, found: Sequence[CheckedReport | list[Problem]], segment: int) -> Sent:
        """A chunk's results as sent to the main process: the new reports' values written
        into the segment's file and replaced by their key; the others' values dropped (never
        inserted)."""
        known = self.stash.known
        new = [item for item in found if not isinstance(item, list) and item.reference not in known]
        if new and segment != self.segment:
            self.database = self._open(segment)
        first = self.next_key + 1
        if (self.next_key + len(new)) >> COUNT_BITS != self.next_key >> COUNT_BITS:
            raise RuntimeError("too many reports for one segment's file")
        self.next_key += len(new)
        if new:
            self._write(new, first)
        if len(new) == len(found):  # the usual chunk: every row valid and new
            return [
                (*item[:5], key, (), item.report)
                for item, key in zip(new, range(first, self.next_key + 1), strict=True)
            ]
        keys = iter(range(first, self.next_key + 1))
        return [
            item
            if isinstance(item, list)
            else (*item[:5], None if item.reference in known else next(keys), (), item.report)
            for item in found
        ]

    def _write(self, new: list[CheckedReport], first: int) -> None:
        """The values as the worker made them: the key is the next rowid (the table starts
        with a placeholder row at the segment's first key - 1), checked after."""
        database = self.database
        assert database is not None, "opened for the segment"
        persons = [
            (key, n, *p)
            for key, item in enumerate(new, start=first)
            for n, p in enumerate(item.persons)
        ]
        database.execute("BEGIN")
        database.executemany(self.incidents_insert, map(_values, new))
        database.executemany(_insert("persons", 2 + len(PERSON_COLUMNS)), persons)
        last = database.execute("SELECT max(key) FROM incidents").fetchone()[0]
        if last != first + len(new) - 1:
            raise RuntimeError(f"stash keys up to {first + len(new) - 1} expected, last is {last}")
        database.execute("COMMIT")


_values = itemgetter(5)  # CheckedReport.incident


def _insert(table: str, width: int) -> str:
    return f"INSERT INTO {table} VALUES ({', '.join(['?'] * width)})"  # noqa: S608


# --- In the main process -------------------------------------------------------------------------


def is_stashed(batch: Sequence[CheckedReport]) -> bool:
    return bool(batch) and not isinstance(batch[0].incident, tuple | str)


Run = tuple[int, int, int]  # first key, last key, position in the batch of the first


def runs(batch: Sequence[CheckedReport]) -> Iterator[Run]:
    """The batch's keys as runs of consecutive keys (of one file: a chunk of one worker)."""
    keys = [item.incident for item in batch]
    if not all(isinstance(key, int) for key in keys):  # the member had it when checked, not now
        raise InvalidInput(
            {"__all__": "Reports changed while the file was checked; import it again."}
        )
    start = 0
    for position in range(1, len(keys)):
        if keys[position] != keys[position - 1] + 1:  # type: ignore[operator]
            yield keys[start], keys[position - 1], start  # type: ignore[misc]
            start = position
    yield keys[start], keys[-1], start  # type: ignore[misc]


def copy_stashed(
    connection: Connection,
    stash: Stash,
    owner: Sequence[str],
    ids: list[int],
    batch: Sequence[CheckedReport],
) -> None:
    """The batch's reports copied from the workers' files, with the ids ``ids`` (in order) and
    the owner's columns (``owner``: SQL literals of OWNER_COLUMNS but the id)."""
    for first, last, position in runs(batch):
        schema = attached(connection, stash.path(first >> KEY_BITS, segment_of_key(first)))
        shift = ids[position] - first
        columns = ", ".join(ROW_COLUMNS)
        connection.exec_driver_sql(
            f"INSERT INTO incidents (id, {OWNER_LIST}, {columns}) "  # noqa: S608
            f"SELECT key + ?, {', '.join(owner)}, {columns} FROM {schema}.incidents "
            "WHERE key BETWEEN ? AND ? ORDER BY key",
            (shift, first, last),
        )
        persons = ", ".join(PERSON_COLUMNS)
        connection.exec_driver_sql(
            f"INSERT INTO incident_person_counts (incident_id, {persons}) "  # noqa: S608
            f"SELECT key + ?, {persons} FROM {schema}.persons "
            "WHERE key BETWEEN ? AND ? ORDER BY key, position",
            (shift, first, last),
        )


OWNER_LIST = (
    "owner_member_id, owner_agency_id, created_by_id, version, created_at, updated_at, withdrawn_at"
)


def attached(connection: Connection, path: Path) -> str:
    """The schema name of ``path`` on this connection, attached at its first use (inside the
    transaction: SQLite allows it); detached when the connection goes back to the pool."""
    names: dict[str, str] = connection.info.setdefault(ATTACHED, {})
    name = names.get(str(path))
    if name is None:
        if not path.is_file():  # ATTACH would make an empty one
            raise RuntimeError(f"an import worker's file is missing: {path.name}")
        _detach_on_checkin(connection.engine)
        name = f"import_stash_{len(names)}"
        connection.exec_driver_sql(f"ATTACH DATABASE ? AS {name}", (str(path),))
        names[str(path)] = name
    return name


def _detach_on_checkin(engine: Engine) -> None:
    if not event.contains(engine, "checkin", _detach):
        event.listen(engine, "checkin", _detach)


def _detach(dbapi_connection: Any, record: Any) -> None:
    """After the transaction (the pool has rolled back what was left): the files are closed,
    so their space is freed once removed."""
    names = record.info.pop(ATTACHED, None)
    if not names or dbapi_connection is None:
        return
    for name in names.values():
        try:
            dbapi_connection.execute(f"DETACH DATABASE {name}")
        except sqlite3.Error:  # the connection is closed next; its files with it
            log.warning("could not detach %s", name, exc_info=True)
