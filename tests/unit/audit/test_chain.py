"""The audit chain: record() links entries, verify_chain() names the first bad one (G2, G3)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.audit.models import AuditAction, AuditEntry, AuditHead
from rcf.audit.service import GENESIS_HASH, REDACTED, record
from rcf.audit.verify import ChainProblem, verify_chain
from rcf.runtime import Runtime

OPERATOR = Actor.system("test operator")
# Every column an entry's hash covers, except its place in the chain (seq, prev_hash, hash).
CONTENT_COLUMNS = (
    "at",
    "actor_user_id",
    "actor_label",
    "member_id",
    "agency_id",
    "action",
    "object_type",
    "object_id",
    "object_member_id",
    "decision",
    "request_id",
    "client_address",
    "changes",
)


def write_entries(session: Session, count: int, label: str = "m") -> list[AuditEntry]:
    """``count`` entries, each committed on its own like a request would."""
    entries = []
    for number in range(count):
        entries.append(
            record(
                session,
                actor=OPERATOR,
                action=AuditAction.MEMBER_UPDATED,
                object_type="member",
                object_id=f"{label}{number}",
                changes={"name": {"before": f"old {number}", "after": f"new {number}"}},
            )
        )
        session.commit()
    return entries


def fresh_verify(runtime: Runtime, **options: int) -> ChainProblem | None:
    """Verify the way `rcf audit verify` does: from a new session."""
    with runtime.sessions() as session:
        return verify_chain(session, **options)


def run_sql(runtime: Runtime, *statements: str) -> None:
    """Tamper with the table directly, as someone with database access would."""
    with runtime.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def chain_seqs(runtime: Runtime) -> list[int]:
    with runtime.sessions() as session:
        return list(session.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)))


# --- Appending ----------------------------------------------------------------------------------


def test_record_links_each_entry_to_the_one_before(db: Session, runtime: Runtime) -> None:
    entries = write_entries(db, 5)

    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS_HASH
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.hash
    assert len({e.hash for e in entries}) == 5
    head = db.get(AuditHead, 1)
    assert head is not None
    assert head.seq == 5


def test_entry_keeps_who_what_and_when(db: Session) -> None:
    write_entries(db, 1)

    db.expunge_all()
    stored = db.scalars(select(AuditEntry)).one()
    assert stored.actor_label == "test operator"
    assert stored.action == AuditAction.MEMBER_UPDATED
    assert stored.object_id == "m0"
    assert stored.decision == "allowed"
    assert stored.at.utcoffset() is not None
    assert stored.at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


def test_entry_is_rolled_back_with_the_change_it_records(db: Session, runtime: Runtime) -> None:
    write_entries(db, 2)
    record(db, actor=OPERATOR, action=AuditAction.MEMBER_UPDATED, object_type="m", object_id=1)
    db.rollback()

    assert chain_seqs(runtime) == [1, 2]
    assert fresh_verify(runtime) is None
    assert [e.seq for e in write_entries(db, 1)] == [3]


def test_secrets_never_enter_the_trail(db: Session) -> None:
    record(
        db,
        actor=OPERATOR,
        action=AuditAction.USER_UPDATED,
        object_type="user",
        object_id=1,
        changes={
            "password": "x",
            "token": "y",
            "nested": {"totp_secret": "z", "role": "viewer"},
            "email": "someone@example.test",
        },
    )
    db.commit()
    db.expunge_all()

    stored = db.scalars(select(AuditEntry)).one()
    assert stored.changes == {
        "password": REDACTED,
        "token": REDACTED,
        "nested": {"totp_secret": REDACTED, "role": "viewer"},
        "email": "someone@example.test",
    }
    raw = " ".join(str(v) for v in db.execute(text("SELECT * FROM audit_entries")).one())
    for secret in ('"x"', '"y"', '"z"'):
        assert secret not in raw


# --- Verifying ----------------------------------------------------------------------------------


def test_empty_and_intact_chains_verify(db: Session, runtime: Runtime) -> None:
    assert fresh_verify(runtime) is None
    write_entries(db, 7)
    assert fresh_verify(runtime) is None
    assert fresh_verify(runtime, batch_size=2) is None


def _swap_contents(first: int, second: int) -> list[str]:
    """Exchange every hashed field of two entries, leaving their chain links in place."""
    columns = ", ".join(CONTENT_COLUMNS)
    assignments = ", ".join(
        f"{c} = (SELECT {c} FROM swap WHERE swap.seq = {{other}})" for c in CONTENT_COLUMNS
    )
    return [
        f"CREATE TEMPORARY TABLE swap AS SELECT seq, {columns} FROM audit_entries "
        f"WHERE seq IN ({first}, {second})",
        f"UPDATE audit_entries SET {assignments.format(other=second)} WHERE seq = {first}",
        f"UPDATE audit_entries SET {assignments.format(other=first)} WHERE seq = {second}",
        "DROP TABLE swap",
    ]


TAMPERING: dict[str, tuple[list[str], int, str]] = {
    "edited field": (
        ["UPDATE audit_entries SET actor_label = 'someone else' WHERE seq = 3"],
        3,
        "edited",
    ),
    "edited time": (
        ["UPDATE audit_entries SET object_id = 'm99' WHERE seq = 4"],
        4,
        "edited",
    ),
    "deleted middle entry": (["DELETE FROM audit_entries WHERE seq = 3"], 3, "missing"),
    "deleted first entry": (["DELETE FROM audit_entries WHERE seq = 1"], 1, "missing"),
    "swapped contents": (_swap_contents(2, 4), 2, "edited"),
    "swapped places": (
        [
            "UPDATE audit_entries SET seq = -2 WHERE seq = 2",
            "UPDATE audit_entries SET seq = 2 WHERE seq = 4",
            "UPDATE audit_entries SET seq = 4 WHERE seq = -2",
        ],
        2,
        "does not link",
    ),
    "truncated tail": (["DELETE FROM audit_entries WHERE seq >= 4"], 4, "removed"),
    "every entry deleted": (["DELETE FROM audit_entries"], 1, "removed"),
    "head row deleted": (["DELETE FROM audit_head"], 5, "head"),
    "forged entry appended": (
        [
            "INSERT INTO audit_entries (seq, at, actor_user_id, actor_label, member_id, "
            "agency_id, action, object_type, object_id, object_member_id, decision, request_id, "
            "client_address, changes, prev_hash, hash) "
            "SELECT 6, at, actor_user_id, actor_label, member_id, agency_id, action, "
            "object_type, 'forged', object_member_id, decision, request_id, client_address, "
            "changes, hash, prev_hash FROM audit_entries WHERE seq = 5",
            "UPDATE audit_head SET seq = 6",
        ],
        6,
        "edited",
    ),
}


@pytest.mark.parametrize("case", list(TAMPERING), ids=list(TAMPERING))
def test_tampering_is_detected_at_the_first_bad_entry(
    case: str, db: Session, runtime: Runtime
) -> None:
    statements, bad_seq, reason = TAMPERING[case]
    write_entries(db, 5)
    assert fresh_verify(runtime) is None

    run_sql(runtime, *statements)

    for batch_size in (5000, 2):
        problem = fresh_verify(runtime, batch_size=batch_size)
        assert problem is not None, case
        assert problem.seq == bad_seq, str(problem)
        assert reason in problem.reason, str(problem)
        assert f"seq={bad_seq}" in str(problem)


def test_truncation_is_detected_even_when_the_head_is_rewritten(
    db: Session, runtime: Runtime
) -> None:
    """Removing the newest entries and pointing the head at the new last one is still caught:
    the head is sealed with the key, which is not in the database."""
    write_entries(db, 5)
    run_sql(
        runtime,
        "DELETE FROM audit_entries WHERE seq >= 4",
        "UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_entries WHERE seq = 3)",
    )

    problem = fresh_verify(runtime)
    assert problem is not None
    assert problem.seq == 3
    assert "head" in problem.reason


def test_verify_reads_the_database_not_the_session_cache(db: Session, runtime: Runtime) -> None:
    """Entries this session wrote and still holds are checked as stored, not as remembered."""
    held = write_entries(db, 3)
    run_sql(runtime, "UPDATE audit_entries SET actor_label = 'someone else' WHERE seq = 2")

    assert held[1] in db

    problem = verify_chain(db)
    assert problem is not None
    assert problem.seq == 2


def test_a_different_key_cannot_vouch_for_the_chain(db: Session, runtime: Runtime) -> None:
    write_entries(db, 2)
    with runtime.sessions() as session:
        session.info["secret_key"] = "another deployment's key, not ours at all"
        problem = verify_chain(session)
    assert problem is not None
    assert problem.seq == 1


# --- Concurrency --------------------------------------------------------------------------------


def test_two_sessions_recording_alternately_keep_one_chain(runtime: Runtime, db: Session) -> None:
    first, second = runtime.sessions(), runtime.sessions()
    try:
        for _ in range(5):
            write_entries(first, 1, "first")
            write_entries(second, 1, "second")
    finally:
        first.close()
        second.close()

    assert chain_seqs(runtime) == list(range(1, 11))
    assert fresh_verify(runtime) is None


def _in_threads(runtime: Runtime, count: int, work: Callable[[Session, int], None]) -> None:
    barrier = threading.Barrier(count)
    failures: list[BaseException] = []

    def run(number: int) -> None:
        session = runtime.sessions()
        try:
            barrier.wait(timeout=30)
            work(session, number)
        except BaseException as error:  # reported to the test below
            failures.append(error)
        finally:
            session.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures


def test_two_writers_at_once_never_fork_the_chain(runtime: Runtime, db: Session) -> None:
    """Two threads, each with its own session, commit 20 entries each from an empty trail (so
    they also race for the very first entry)."""
    _in_threads(runtime, 2, lambda session, n: write_entries(session, 20, f"t{n}-"))

    assert chain_seqs(runtime) == list(range(1, 41))
    assert fresh_verify(runtime) is None


def test_verify_does_not_raise_a_false_alarm_while_entries_are_added(
    runtime: Runtime, db: Session
) -> None:
    """`rcf audit verify` runs against a live server: a chain that grows while it is walked is
    still intact."""
    write_entries(db, 3)
    problems: list[ChainProblem] = []

    def work(session: Session, number: int) -> None:
        if number == 0:
            write_entries(session, 60, "live")
            return
        for _ in range(40):
            session.expunge_all()
            problem = verify_chain(session, batch_size=7)
            if problem is not None:
                problems.append(problem)
            session.rollback()

    _in_threads(runtime, 2, work)
    assert problems == []
    assert fresh_verify(runtime) is None
