"""The rollups of an import's new reports: recorded as the rollups' *tail* by the import, folded
in after it commits.

An import used to add its new reports' groups to every rollup before its commit: about one day
group per report in three tables, ~35 µs per row of the import's own time. Now the import only
records which reports it wrote (``add_new_reports``: one ``RollupTail`` row, whatever the size),
and the summaries stay exact meanwhile: every chart adds what the tail's reports contribute,
aggregated from the reports in the same SQL statement as the rollups it reads
(``tail_reports``, ``summary_rollups``), so one statement sees either a report in the tail or its
groups in the rollups, never both or neither. Writes to a report of the tail (amendments,
withdrawals, links) leave the rollups alone (``rollups.contribution`` does not count the tail):
the tail is read as the reports are now.

``fold`` moves the oldest part of the tail into the rollups: the day groups of those reports
are computed by the database and inserted as extra rollup rows (a group may have several rows;
readers and ``rollups.check`` add them up), their month groups and totals summed from those
extra rows; the tail row is shrunk or deleted in the same transaction. So a fold is atomic
(killed, it leaves the tail as it was), resumable and idempotent (what it folded is no longer
in the tail), and folds take turns with every rollup writer (``rollups.lock`` on PostgreSQL,
taken before the tail is read; SQLite has one writer). It runs after an import commits (CLI,
upload page) and as ``rcf incidents rollups fold``.

What this module uses of ``rollups``: ``lock``, ``counted_reports``, ``MONTHLY`` (each day
rollup's table, columns and ``groups(session, *where)``, and its month rollup's ``from_days``)
and ``TOTALS`` (table, source, keys, measure, ``from_source``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

from rcf.incidents import rollups
from rcf.incidents.models import Incident, PersonCount
from rcf.incidents.rollup_models import RollupTail

FOLD_CHUNK = 100_000  # report ids per fold transaction: a killed fold loses at most this much


def add_new_reports(session: Session, owner: int, first_id: int, last_id: int, now: Any) -> None:
    """Record the reports this import created (the owner's, with ids from ``first_id`` to
    ``last_id`` and created at ``now``, the import's time: on PostgreSQL another transaction
    may have committed ids in that range) as the rollups' tail, in the import's transaction."""
    session.execute(
        insert(RollupTail).values(
            owner_member_id=owner, first_id=first_id, last_id=last_id, created_at=now
        )
    )


def fold(session: Session, limit: int = FOLD_CHUNK) -> int:
    """Move the oldest part of the tail (at most ``limit`` report ids) into the rollups, in the
    caller's transaction. Returns how many ids it covered: 0 when the tail is empty."""
    rollups.lock(session)
    t = RollupTail
    part = session.execute(
        select(t.id, t.owner_member_id, t.first_id, t.last_id).order_by(t.id).limit(1)
    ).first()
    if part is None:
        return 0
    last = min(part.last_id, part.first_id + limit - 1)
    created = select(t.created_at).where(t.id == part.id).scalar_subquery()
    _add_groups(
        session,
        Incident.owner_member_id == part.owner_member_id,
        Incident.id.between(part.first_id, last),
        Incident.created_at == created,
    )
    if last == part.last_id:
        session.execute(delete(t).where(t.id == part.id))
    else:
        session.execute(update(t).where(t.id == part.id).values(first_id=last + 1))
    return int(last - part.first_id + 1)


def fold_all(sessions: Callable[[], Session], limit: int = FOLD_CHUNK) -> int:
    """Fold the whole tail, one committed transaction per part; how many ids it covered."""
    total = 0
    with sessions() as session:
        while folded := fold(session, limit):
            session.commit()
            total += folded
    return total


def tail_size(session: Session) -> int:
    """How many report ids the tail covers (an upper bound of its reports)."""
    t = RollupTail
    return session.scalar(select(func.coalesce(func.sum(t.last_id - t.first_id + 1), 0))) or 0


def _add_groups(session: Session, *new: Any) -> None:
    """Every rollup's groups of the reports matching ``new`` (not in any rollup yet), as extra
    rows: the day groups from the reports, the month groups and totals from those rows."""
    added: dict[Any, int] = {}  # month rollup table -> its largest id before
    for daily, monthly in rollups.MONTHLY:
        days, months = daily.table, monthly.table
        before = _largest_id(session, days)
        session.execute(insert(days).from_select(list(daily.columns), daily.groups(session, *new)))
        added[months] = _largest_id(session, months)
        rows = monthly.from_days(daily, days.id > before)
        session.execute(insert(months).from_select(list(monthly.columns), rows))
    for total in rollups.TOTALS:
        rows = total.from_source(total.source.id > added[total.source])
        session.execute(insert(total.table).from_select([*total.keys, total.measure], rows))


def _largest_id(session: Session, table: Any) -> int:
    return session.scalar(select(func.max(table.id))) or 0


# --- What the summaries add: the tail as rows shaped like the rollups' ---------------------------


def tail_reports(session: Session) -> Any:
    """The counted reports of the tail, one row each, with the columns of the rollup tables
    (keys, ``month``, ``day``, ``events``, ``persons``, ``deaths``, ``missing``, ``fee_usd``,
    ``reports``): a chart's query over a rollup table runs unchanged over it."""
    r = rollups.counted_reports(session, rollups.in_tail())
    return select(
        *[r.c[name] for name in rollups.DAY_MAIN_KEYS],
        literal(1).label("events"),
        r.c.persons_total.label("persons"),
        r.c.deaths,
        r.c.missing,
        r.c.fee_usd_per_person.label("fee_usd"),
        literal(1).label("reports"),
    ).subquery("tail")


def tail_citizenships(session: Session) -> Any:
    """The person counts of the tail's counted reports, shaped like the citizenship rollups."""
    r = rollups.counted_reports(session, rollups.in_tail())
    keys = [r.c[name] for name in rollups.DAY_CITIZENSHIP_KEYS]
    return (
        select(*keys, PersonCount.citizenship, PersonCount.count.label("persons"))
        .join_from(r, PersonCount, PersonCount.incident_id == r.c.id)
        .subquery("tail_citizenships")
    )
