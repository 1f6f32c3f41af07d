"""SQLite's writers across processes (the server's workers): the group commits of two processes
queue on ``db.writers_queue`` instead of meeting at SQLite's lock, so none of them has to wait in
SQLite's sleeping busy handler, and the chain stays one chain.

On its own SQLite file whatever database the suite runs on: the queue exists for SQLite only."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, func, select

from rcf.access.policy import Actor
from rcf.audit.group_commit import GroupCommitLog
from rcf.audit.models import AuditAction, AuditEntry
from rcf.audit.service import queued_entry
from rcf.audit.verify import verify_chain
from rcf.db import make_engine, make_session_factory, writers_queue
from rcf.models import Base

SECRET = "writers-queue-test-secret-" + "x" * 40
THREADS, ENTRIES = 4, 40


def _no_busy_wait(dbapi_connection: Any, _record: Any) -> None:
    # Fail at once on SQLite's lock instead of sleeping in its busy handler: a writer that
    # reached the lock while another process held it would raise "database is locked".
    dbapi_connection.execute("PRAGMA busy_timeout=0")


def _engine(url: str) -> Engine:
    engine = make_engine(url)
    event.listen(engine, "connect", _no_busy_wait)  # after the project's own pragmas
    return engine


def _append_from_threads(url: str, process: int) -> None:
    """One process of the test: THREADS threads appending ENTRIES entries each."""
    log = GroupCommitLog(make_session_factory(_engine(url), secret_key=SECRET))
    failures: list[BaseException] = []

    def appender(thread: int) -> None:
        try:
            for index in range(ENTRIES):
                log.append(
                    queued_entry(
                        actor=Actor.system("test checker"),
                        action=AuditAction.DOCUMENT_CHECKED,
                        object_type="document_check",
                        object_id=f"p{process}-t{thread}-{index}",
                    )
                )
        except BaseException as error:  # reported through the exit code
            failures.append(error)

    threads = [threading.Thread(target=appender, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if failures:
        raise SystemExit(f"{len(failures)} appends failed, first: {failures[0]!r}")


def test_two_processes_group_committing_at_once_keep_one_chain(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'two-processes.sqlite3'}"
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    spawn = multiprocessing.get_context("spawn")  # no fork of this threaded test process
    processes = [spawn.Process(target=_append_from_threads, args=(url, n)) for n in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=180)

    assert [process.exitcode for process in processes] == [0, 0]
    with make_session_factory(engine, secret_key=SECRET)() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 2 * THREADS * ENTRIES
        assert verify_chain(session) is None
    engine.dispose()


def test_the_queue_is_a_file_beside_a_sqlite_file_and_nothing_elsewhere(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'file.sqlite3'}")
    Base.metadata.create_all(engine)
    with writers_queue(engine)():
        assert (tmp_path / "file.sqlite3-writers.lock").exists()
    engine.dispose()
    # No lock file for a database in memory, and no connection to a server (none listens here).
    for url in ("sqlite://", "sqlite:///:memory:", "postgresql+psycopg://rcf@127.0.0.1:9/rcf"):
        engine = make_engine(url)
        with writers_queue(engine)():
            pass
        engine.dispose()


def test_a_lock_file_that_cannot_be_opened_leaves_the_writers_to_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'file.sqlite3'}"
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    (tmp_path / "file.sqlite3-writers.lock").mkdir()  # not a file: cannot be opened as one

    log = GroupCommitLog(make_session_factory(engine, secret_key=SECRET))
    log.append(
        queued_entry(
            actor=Actor.system("test checker"),
            action=AuditAction.DOCUMENT_CHECKED,
            object_type="document_check",
            object_id="c0",
        )
    )

    with make_session_factory(engine, secret_key=SECRET)() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1
    engine.dispose()
