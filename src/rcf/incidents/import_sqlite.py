"""SQLite settings of a bulk import, in its transaction: a larger page cache, and the plain
indexes of the written tables dropped and built again after a large import (see
``import_writing``). Other databases are left as they are."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

SQLITE_CACHE_KIB = 256 * 1024  # page cache while importing: index updates stay in memory
SORT_CACHE_KIB = 2_000  # page cache while building indexes (SQLite's default size)


@contextmanager
def import_pragmas(connection: Connection) -> Iterator[None]:
    """A larger SQLite page cache for the import only (durability settings are untouched)."""
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


@contextmanager
def indexes_built_after(connection: Connection, count: int, at_least: int) -> Iterator[None]:
    """SQLite, a large import into a smaller table: the plain (non-unique) indexes of the tables
    written are dropped and built again once the rows are in, which is cheaper than updating
    them row by row. Both happen in the import's transaction: other connections see the old
    indexes until the commit, and a killed or failed import rolls the drop back with the rest.
    The unique constraints (and so the check of duplicate references) are never touched;
    fewer than ``at_least`` new rows are not worth building the indexes again."""
    if connection.dialect.name != "sqlite" or count < at_least:
        yield
        return
    # pysqlite opens its transaction at the first write only, and would run a DROP INDEX before
    # it in autocommit mode: write first (nothing), then make sure the transaction is open.
    connection.exec_driver_sql("UPDATE incidents SET id = id WHERE 0")
    existing = connection.exec_driver_sql("SELECT count(*) FROM incidents").scalar() or 0
    if existing > count or not _sqlite_in_transaction(connection):
        yield
        return
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('incidents', 'incident_person_counts', 'record_shares')"
    ).all()
    plain = [(name, sql) for name, sql in indexes if not sql.upper().startswith("CREATE UNIQUE")]
    for name, _ in plain:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield  # on an error the indexes are not built again: the transaction is rolled back
    # SQLite sorts an index's entries in memory up to the page cache's size: in the import's
    # large cache that is one sort of a million entries, slower than merging sorts of a few MB.
    connection.exec_driver_sql(f"PRAGMA cache_size=-{SORT_CACHE_KIB}")
    for _, sql in plain:
        connection.exec_driver_sql(sql)


def _sqlite_in_transaction(connection: Connection) -> bool:
    driver = connection.connection.driver_connection
    return bool(getattr(driver, "in_transaction", False))
