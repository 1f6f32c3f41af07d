"""Bulk insert of new register records: plain tuples in the driver's form, executemany on
SQLite and COPY on PostgreSQL (as the incident importer does), BATCH rows at a time, in the
caller's transaction. Used by the file import and by the benchmark's 10M-record register."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.db import UTCDateTime, utcnow
from rcf.documents.register import check_key, content_hash, default_review_date
from rcf.documents.register_schemas import RecordIn

BATCH = 5_000
COLUMNS = (
    "owner_member_id", "owner_agency_id", "created_by_id", "national_reference",
    "document_number", "issuing_state", "check_key", "document_type", "status", "fraud_type",
    "issue_date", "expiry_date", "loss_date", "remarks", "handling_code", "review_date",
    "content_hash", "created_at", "updated_at",
)  # fmt: skip


def insert_records(
    session: Session, actor: Actor, records: Sequence[RecordIn], *, review_years: int
) -> None:
    """Insert records whose reference the member does not have yet (already validated)."""
    if not records:
        return
    connection = session.connection()
    now = bound_now(connection)
    review = default_review_date(review_years)
    owner = (actor.member_id, actor.agency_id, actor.user_id)
    rows = (_row(owner, data, review, now) for data in records)
    write_rows(connection, rows)


def _row(owner: tuple[Any, ...], data: RecordIn, review: date, now: Any) -> tuple[Any, ...]:
    return (
        *owner,
        data.national_reference,
        data.document_number,
        data.issuing_state,
        check_key(data.issuing_state, data.document_number),
        data.document_type.value,
        data.status.value,
        data.fraud_type.value if data.fraud_type else None,
        _day(data.issue_date),
        _day(data.expiry_date),
        _day(data.loss_date),
        data.remarks,
        data.handling_code.value,
        _day(data.review_date or review),
        content_hash(data),
        now,
        now,
    )


def _day(value: date | None) -> str | None:
    """Dates as ISO text: what SQLAlchemy stores on SQLite, and what COPY reads on PostgreSQL."""
    return value.isoformat() if value else None


def bound_now(connection: Connection) -> Any:
    """Now, as UTCDateTime hands it to this driver."""
    now: datetime = utcnow()
    processor = UTCDateTime().dialect_impl(connection.dialect).bind_processor(connection.dialect)
    return processor(now) if processor else now


def write_rows(connection: Connection, rows: Iterable[tuple[Any, ...]]) -> int:
    """Write rows of ``COLUMNS`` in batches; returns how many."""
    postgres = connection.dialect.name == "postgresql"
    done, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            done += _write(connection, batch, postgres)
            batch = []
    if batch:
        done += _write(connection, batch, postgres)
    return done


def _write(connection: Connection, rows: list[tuple[Any, ...]], postgres: bool) -> int:
    names = ", ".join(COLUMNS)
    if postgres:
        driver = connection.connection.driver_connection
        assert driver is not None
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY document_records ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return len(rows)
    markers = ", ".join(["?"] * len(COLUMNS))
    # Table and column names are this module's constants; the values are parameters.
    statement = f"INSERT INTO document_records ({names}) VALUES ({markers})"  # noqa: S608
    connection.exec_driver_sql(statement, rows)
    return len(rows)
