"""Group commit: entries appended from many threads at once land in one intact chain, each
committed before ``append`` returns, interleaved with ``record()`` writers."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.audit.group_commit import AuditWriteFailed, GroupCommitLog
from rcf.audit.models import AuditAction, AuditEntry
from rcf.audit.service import QueuedEntry, queued_entry, record
from rcf.runtime import Runtime
from tests.unit.audit.test_chain import chain_seqs, fresh_verify, write_entries

CHECKER = Actor.system("test checker")


def check_entry(label: str) -> QueuedEntry:
    return queued_entry(
        actor=CHECKER,
        action=AuditAction.DOCUMENT_CHECKED,
        object_type="document_check",
        object_id=label,
        changes={"checks": 1, "hits": 0, "token": "never stored"},
    )


def committed_ids(runtime: Runtime) -> list[str]:
    with runtime.sessions() as session:
        return list(session.scalars(select(AuditEntry.object_id).order_by(AuditEntry.seq)))


def test_an_appended_entry_is_committed_chained_and_redacted(runtime: Runtime, db: Session) -> None:
    write_entries(db, 2)
    GroupCommitLog(runtime.sessions).append(check_entry("c0"))

    assert committed_ids(runtime)[-1] == "c0"  # seen from another session: committed
    with runtime.sessions() as session:
        last = session.scalars(select(AuditEntry).where(AuditEntry.seq == 3)).one()
    assert last.changes["token"] == "[redacted]"
    assert fresh_verify(runtime) is None


def test_many_threads_and_a_record_writer_keep_one_chain(runtime: Runtime, db: Session) -> None:
    """Eight threads append 25 entries each through one log while another thread writes with
    record(): every entry is there once, the seqs have no gap and the chain verifies."""
    log = GroupCommitLog(runtime.sessions)
    failures: list[BaseException] = []

    def appender(number: int) -> None:
        try:
            for index in range(25):
                log.append(check_entry(f"t{number}-{index}"))
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    def recorder() -> None:
        with runtime.sessions() as session:
            write_entries(session, 20, "r")

    threads = [threading.Thread(target=appender, args=(n,)) for n in range(8)]
    threads.append(threading.Thread(target=recorder))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    ids = committed_ids(runtime)
    assert sorted(ids) == sorted([f"t{n}-{i}" for n in range(8) for i in range(25)] + [
        f"r{i}" for i in range(20)
    ])  # fmt: skip
    assert chain_seqs(runtime) == list(range(1, 221))
    assert fresh_verify(runtime) is None


def test_a_failed_group_is_reported_to_its_caller(runtime: Runtime, db: Session) -> None:
    """An entry the database refuses (here: a column too long on PostgreSQL, a NOT NULL on
    both) makes append raise instead of answering as if audited; the chain stays intact."""
    record(db, actor=CHECKER, action=AuditAction.MEMBER_UPDATED, object_type="member", object_id=1)
    db.commit()
    broken = check_entry("c1")
    broken.action = None  # type: ignore[assignment]

    with pytest.raises(AuditWriteFailed):
        GroupCommitLog(runtime.sessions).append(broken)
    assert chain_seqs(runtime) == [1]
    assert fresh_verify(runtime) is None
