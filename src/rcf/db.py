"""Engine, sessions and the declarative base shared by every capability.

SQLite is the embedded default (WAL, foreign keys on, synchronous=FULL); PostgreSQL is the
production database. Both store times as UTC; ``UTCDateTime`` hands back aware datetimes on both.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import DateTime, Engine, MetaData, String, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused: pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


E = TypeVar("E", bound=StrEnum)


class StrEnumType(TypeDecorator[E]):
    """A StrEnum stored as plain VARCHAR (no database enum to migrate) and read back as the
    enum member, so ``user.role.label`` works on loaded rows."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int = 32) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


SQLITE_POOL_SIZE = 40


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine with the project's per-backend settings."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False})
        # A connection for each of the server's threads (anyio's 40), kept open: one opened
        # past the pool and closed on return costs its pragmas, a parse of the whole schema
        # and a cold page cache, more than the request it serves.
        kwargs.setdefault("pool_size", SQLITE_POOL_SIZE)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    # JIT compilation costs hundreds of milliseconds on the summaries' scans and pays off only
    # for hours-long analytics; the platform's queries are better without it.
    kwargs.setdefault("connect_args", {"options": "-c jit=off"})
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine, *, secret_key: str) -> sessionmaker[Session]:
    """Sessions carry the secret key in ``info`` for the audit chain and field encryption."""
    return sessionmaker(
        bind=engine, expire_on_commit=False, autoflush=False, info={"secret_key": secret_key}
    )


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work commits on success and rolls back on any exception."""
    with factory() as session, session.begin():
        yield session


def writers_queue(engine: Engine) -> Callable[[], AbstractContextManager[None]]:
    """A lock that queues the writers of ``engine``'s SQLite file across processes (the
    server's workers), to take around a write transaction; nothing for other databases.

    SQLite's busy handler polls: a writer that finds the file locked sleeps 1, 2, 5, 10, 15,
    20, 25... ms whatever happens meanwhile, so two workers' commits meeting cost one of them
    up to tens of milliseconds. ``flock`` on a file beside the database wakes the next writer
    as soon as the holder lets go. Writers that do not take it still meet busy_timeout."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return nullcontext
    return lambda: _flocked(database)


@contextmanager
def _flocked(database: str) -> Iterator[None]:
    descriptor = _lock_file(database)
    if descriptor is None:  # SQLite's own lock still keeps the writers apart, only slower
        yield
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # lets go of the lock


def _lock_file(database: str) -> int | None:
    # A descriptor per use, never inherited or shared: flock() excludes other descriptors, of
    # this process too. Read-only (flock needs no more) and with the database's own mode, so
    # that a file one user made (a command run as root) does not lock out the server's user.
    try:
        mode = os.stat(database).st_mode & 0o666
        return os.open(f"{database}-writers.lock", os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, mode)
    except OSError:
        return None
