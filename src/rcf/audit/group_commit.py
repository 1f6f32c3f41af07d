"""Group commit for the audit trail: entries from many requests chained and written together.

An action that changes nothing but the trail (a document check without a hit) needs its entry
durable before it answers, not a transaction of its own: one commit (one fsync on SQLite, one WAL
flush on PostgreSQL) per request caps a server at a few hundred requests a second. Here each
caller queues its entry and waits; whichever caller holds the writer's lock takes every entry
queued so far, claims that many seqs on the chain head, chains them, commits once and releases
its followers. Durability is the same as ``record()``'s: ``append`` returns only once the entry
is committed, and raises if it was not. The chain is the same chain (``rcf audit verify``); other
processes and ``record()`` queue behind the head row lock as usual; on SQLite the group commits
of other processes queue first on ``db.writers_queue``, which wakes them sooner than SQLite's busy
handler.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from rcf.audit.models import AuditEntry
from rcf.audit.service import QueuedEntry, chain_key, claim_seqs, insert_entries
from rcf.db import writers_queue

MAX_GROUP = 1000  # entries per transaction: bounds one commit's size under a burst


class AuditWriteFailed(RuntimeError):
    """The group holding this entry was not committed (the cause is chained)."""


@dataclass(eq=False)
class _Ticket:
    entry: AuditEntry | QueuedEntry
    written: bool = False
    error: BaseException | None = None


class GroupCommitLog:
    """Appends audit entries in shared transactions; ``append`` waits for its commit."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._engine: Engine = sessions.kw["bind"]
        self._key = chain_key(sessions.kw["info"]["secret_key"])
        self._queue: list[_Ticket] = []
        self._queue_lock = threading.Lock()
        self._writer_lock = threading.Lock()
        self._writers_queue = writers_queue(self._engine)  # the other processes' group commits

    def append(self, entry: AuditEntry | QueuedEntry) -> None:
        """Chain and commit ``entry`` (built by ``audit.service.queued_entry`` or ``new_entry``),
        with whatever other entries are waiting; return once it is committed."""
        ticket = _Ticket(entry)
        with self._queue_lock:
            self._queue.append(ticket)
        while True:
            with self._writer_lock:  # the previous group is being written: wait for it
                if not ticket.written and ticket.error is None:
                    self._write(self._take())
            if ticket.error is not None:
                raise AuditWriteFailed("the audit entry was not written") from ticket.error
            if ticket.written:
                return

    def _take(self) -> list[_Ticket]:
        with self._queue_lock:
            group, self._queue = self._queue[:MAX_GROUP], self._queue[MAX_GROUP:]
        return group

    def _write(self, group: list[_Ticket]) -> None:
        if not group:
            return
        try:
            # A connection, not a session: no unit of work for rows written once.
            with self._writers_queue(), self._engine.begin() as connection:
                last_seq, prev_hash = claim_seqs(connection, len(group))
                entries = [ticket.entry for ticket in group]
                insert_entries(connection, self._key, last_seq, prev_hash, entries)
        except BaseException as error:  # every waiter of the group learns that it failed
            for ticket in group:
                ticket.error = error
            return
        for ticket in group:
            ticket.written = True
