"""Exact rollups of the situational picture: pre-aggregated counts that stay equal to the reports.

The four rollup tables (``models.IncidentRollup`` and its siblings) hold, per group, the sums
the summary charts need over the *live reports that are not linked duplicates*. A group's key
holds everything the sharing policy decides on (owner member, visibility, and for ``members``
visibility the members it is shared with, as ``",3,7,"``), so ``policy.group_visibility``
applies the same rule to a group as ``scope()`` applies to each of its reports.

How they stay exact: a write changes only the groups of the reports it touched. Before a report
first changes in a transaction, what it contributes to the day groups is read (ORM changes to
reports, their person counts, shares and duplicate links are noticed at flush; Core writes call
``touch_incidents`` first); just before the commit, what it contributes then is read again, and
every group (day, month, total) gets the difference, in that same transaction: a rolled-back or
killed write leaves both unchanged. Fee medians stay exact because fee groups are histograms
(how many reports gave each exact USD amount), which can be added to and subtracted from. Bulk
inserts (``expect_new_reports``, and an import's fold) add their groups as extra rows: a group
may have several rows, which readers sum, and the next write touching it merges them into one.
An import's new reports stay in the *tail* until folded (``import_rollups``, ``in_tail``): the
rollups do not hold them, so what they contribute is left out here and read from the reports
by the summaries. On
PostgreSQL writers hold one transaction lock in turn, from before they read a contribution to
their commit. Fees in USD are fixed when a report is saved, so a change of the rate table
changes no rollup.

``rebuild`` recomputes everything (``rcf incidents rollups rebuild``); ``check`` (in
``rollup_check``) compares the stored rollups with a fresh computation (``rcf incidents rollups
check``). The groups themselves, as SQL, are computed by ``rollup_groups``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import chain
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    delete,
    event,
    func,
    insert,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from rcf.access.policy import RecordShare
from rcf.incidents import rollup_duplicates
from rcf.incidents.models import Incident, IncidentLink, PersonCount
from rcf.incidents.rollup_check import check
from rcf.incidents.rollup_groups import (
    DAY_CITIZENSHIP_KEYS,
    DAY_MAIN_KEYS,
    DAYS,
    FINE,
    IDS,
    MONTHLY,
    TOTALS,
    counted_reports,
    in_tail,
    month_start,
    prepared,
)
from rcf.incidents.rollup_models import CitizenshipTotal, RollupStatus, RollupTail, RouteFeeRollup

__all__ = [  # with what rollup_groups and rollup_check provide to callers
    "DAYS",
    "DAY_CITIZENSHIP_KEYS",
    "DAY_MAIN_KEYS",
    "FINE",
    "MONTHLY",
    "TOTALS",
    "apply",
    "check",
    "contribution",
    "counted_reports",
    "expect_new_reports",
    "in_tail",
    "lock",
    "month_start",
    "rebuild",
    "touch_incidents",
    "trusted",
]

PENDING_KEY = "rcf_rollups_pending"
LOCK_SPACE = 0x52434652  # "RCFR": the advisory-lock namespace of rollup refreshes
IN_CHUNK = 500

Sums = dict[tuple[Any, ...], list[int]]  # group key -> measures


@dataclass
class Pending:
    """What this transaction's writes touched: the reports whose contribution may change, what
    they contributed before their first change (per day rollup), and the bulk-inserted ones."""

    ids: set[int] = field(default_factory=set)
    seen: set[int] = field(default_factory=set)  # ids whose contribution before is in ``old``
    old: list[Sums] = field(default_factory=list)  # one per ``DAYS`` entry, once read
    new_after: list[tuple[int | None, int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.ids or self.new_after)


def _pending(session: Session) -> Pending:
    found: Pending | None = session.info.get(PENDING_KEY)
    if found is None:
        found = session.info[PENDING_KEY] = Pending()
    return found


# --- Marking what a write touched ----------------------------------------------------------------


def touch_incidents(session: Session, incident_ids: Iterable[int]) -> None:
    """Call *before* changing these reports with Core statements (ORM changes are noticed at
    flush): what they contribute now is noted, and replaced by what they contribute at commit."""
    pending = _pending(session)
    ids = set(incident_ids)
    first_seen = sorted(ids - pending.seen)
    if first_seen:
        lock(session)
        before = contribution(session, first_seen, _bulk_inserted(pending))
        pending.old = _added(pending.old, before)
        pending.seen.update(first_seen)
    pending.ids.update(ids)


def expect_new_reports(session: Session, owner_member_id: int | None = None) -> None:
    """Call before bulk-inserting reports (of one owner, or any): at commit, the groups of every
    report with a higher id than today's highest are added to the rollups, in one go."""
    highest = session.scalar(select(func.max(Incident.id))) or 0
    _pending(session).new_after.append((owner_member_id, highest))


def _bulk_inserted(pending: Pending, report: Any = Incident) -> ColumnElement[bool] | None:
    """The reports inserted after ``expect_new_reports`` (None when there are none)."""
    ranges = [
        and_(report.id > after, true() if owner is None else report.owner_member_id == owner)
        for owner, after in pending.new_after
    ]
    return or_(*ranges) if ranges else None


@event.listens_for(Session, "before_flush")
def _notice_orm_writes(session: Session, _context: Any, _instances: Any) -> None:
    """Reports about to change (in the database, they are still as before)."""
    ids = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Incident) and obj not in session.new:
            ids.add(obj.id)
        elif isinstance(obj, IncidentLink) and obj.duplicate_id is not None:
            ids.add(obj.duplicate_id)
        elif isinstance(obj, RecordShare) and obj.record_type == Incident.record_type:
            ids.add(obj.record_id)
        elif isinstance(obj, PersonCount) and obj.incident_id is not None:
            ids.add(obj.incident_id)
    if ids:
        touch_incidents(session, ids)


@event.listens_for(Session, "after_flush")
def _notice_new_reports(session: Session, _context: Any) -> None:
    """Reports created in this transaction contributed nothing before it."""
    new = {obj.id for obj in session.new if isinstance(obj, Incident)}
    if new:
        pending = _pending(session)
        pending.ids.update(new)
        pending.seen.update(new)


@event.listens_for(Session, "before_commit")
def _refresh_before_commit(session: Session) -> None:
    session.flush()
    pending = session.info.pop(PENDING_KEY, None)
    if pending:
        apply(session, pending)
    session.info.pop(PENDING_KEY, None)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _without_day(key: tuple[Any, ...]) -> tuple[Any, ...]:
    return key[:4] + key[5:]


# Where a change of a day group goes: (table, columns, measures, its key from the day key), and
# the index of its day rollup in ``DAYS``.
TARGETS = (
    *[((r.table, r.columns, r.measures, lambda key: key), i) for i, r in enumerate(DAYS)],
    *[((r.table, r.columns, r.measures, _without_day), i) for i, r in enumerate(FINE)],
    ((CitizenshipTotal, (*TOTALS[0].keys, "persons"), 1, lambda key: (*key[:3], key[-1])), 1),
    ((RouteFeeRollup, (*TOTALS[1].keys, "reports"), 1, lambda key: (*key[:3], *key[5:])), 2),
)


# --- Refreshing, rebuilding, checking ------------------------------------------------------------


def contribution(
    session: Session, ids: Sequence[int], leave_out: ColumnElement[bool] | None = None
) -> list[Sums]:
    """What these reports (but those ``leave_out`` matches, and those of the tail, which the
    rollups do not hold) add to each day rollup: one ``Sums`` per ``DAYS`` entry."""
    found: list[Sums] = [{} for _ in DAYS]
    connection = session.connection()
    for index, (daily, sums) in enumerate(zip(DAYS, found, strict=True)):
        build = partial(daily.groups, session, Incident.id.in_(IDS), not_(in_tail()))
        if leave_out is None:
            stmt = prepared(session, f"day groups {index}", build)
        else:
            stmt = build().where(not_(leave_out))
        for start in range(0, len(ids), IN_CHUNK):
            rows = connection.execute(stmt, {"ids": ids[start : start + IN_CHUNK]})
            _add_rows(sums, rows, daily.measures)
    return found


def _add_rows(into: Sums, rows: Iterable[Sequence[Any]], width: int) -> None:
    for row in rows:
        key = list(row[:-width])
        key[3] = _as_date(key[3])  # the month, as SQLite's date() gives it: text
        found = into.setdefault(tuple(key), [0] * width)
        for i, value in enumerate(row[-width:]):
            found[i] += int(value or 0)


def _added(a: list[Sums], b: list[Sums], sign: int = 1) -> list[Sums]:
    """``a + sign * b``, table by table (an empty list: nothing)."""
    result: list[Sums] = [{k: list(v) for k, v in sums.items()} for sums in a] or [{} for _ in b]
    for into, sums in zip(result, b or [{} for _ in result], strict=True):
        for key, values in sums.items():
            found = into.setdefault(key, [0] * len(values))
            for i, value in enumerate(values):
                found[i] += sign * value
    return result


def apply(session: Session, pending: Pending) -> None:
    """Bring the rollups up to date with this transaction's writes, before it commits: each
    touched group gets what its reports contribute now minus what they contributed before; the
    groups of bulk-inserted reports are added as computed from them."""
    lock(session)
    bulk = _bulk_inserted(pending)
    now = contribution(session, sorted(pending.ids), bulk)
    change = _added(now, pending.old, sign=-1)
    for (table, columns, width, key_of), index in TARGETS:
        _merge(session, table, columns, width, _regrouped(change[index], key_of))
    if bulk is not None:
        _insert_groups(session, bulk)
    rollup_duplicates.refresh(session, sorted(pending.ids))
    if bulk is not None:
        rollup_duplicates.refresh_bulk(session, partial(_bulk_inserted, pending))


def _regrouped(sums: Sums, key_of: Any) -> Sums:
    merged: Sums = {}
    for key, values in sums.items():
        found = merged.setdefault(key_of(key), [0] * len(values))
        for i, value in enumerate(values):
            found[i] += value
    return {key: values for key, values in merged.items() if any(values)}


def _merge(session: Session, table: Any, columns: Sequence[str], width: int, change: Sums) -> None:
    """Add ``change`` to the groups of ``table``: a group's rows (an import may have added
    several) are replaced by one holding their sum, or by none when that sum is zero."""
    if not change:
        return
    taken = prepared(session, f"merge {table.__tablename__}", partial(_take, table, columns, width))
    connection, names, merged = session.connection(), columns[:-width], []
    for key, values in change.items():
        params = {f"k_{name}": value for name, value in zip(names, key, strict=True)}
        for held in connection.execute(taken, params):
            values = [v + int(h) for v, h in zip(values, held, strict=True)]
        if any(values):
            merged.append(dict(zip(columns, (*key, *values), strict=True)))
    if merged:
        connection.execute(insert(table.__table__), merged)


def _take(table: Any, columns: Sequence[str], width: int) -> Any:
    """DELETE of one group's rows, returning their measures (the key as ``k_<column>``)."""
    t = table.__table__
    match = [
        t.c[name].is_not_distinct_from(bindparam(f"k_{name}"))
        if t.c[name].nullable
        else t.c[name] == bindparam(f"k_{name}")
        for name in columns[:-width]
    ]
    return delete(t).where(*match).returning(*[t.c[name] for name in columns[-width:]])


def _insert_groups(session: Session, reports: ColumnElement[bool]) -> None:
    """The groups of these (new) reports inserted as extra rows of every rollup."""
    for rollup in (*DAYS, *FINE):
        rows = rollup.groups(session, reports)
        session.execute(insert(rollup.table).from_select(list(rollup.columns), rows))
    for total in TOTALS:
        columns = [*total.keys, total.measure]
        session.execute(insert(total.table).from_select(columns, total.expected(session, reports)))


def lock(session: Session) -> None:
    """On PostgreSQL, one writer of rollups at a time, from before it reads what a report
    contributes until its transaction ends: a writer that waited then reads the reports the
    other one committed (and a duplicate's row, which depends on two members' reports, is never
    recomputed by two writers at once). SQLite has one writer."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(LOCK_SPACE)))


def rebuild(session: Session) -> None:
    """Recompute every rollup from the reports (in the caller's transaction) and trust them."""
    lock(session)
    for table in (*[r.table for r in (*DAYS, *FINE)], *[t.table for t in TOTALS]):
        session.execute(delete(table))
    for days, rollup in MONTHLY:
        session.execute(insert(days.table).from_select(list(days.columns), days.groups(session)))
        rows = rollup.from_days(days)
        session.execute(insert(rollup.table).from_select(list(rollup.columns), rows))
    for total in TOTALS:
        session.execute(
            insert(total.table).from_select([*total.keys, total.measure], total.from_source())
        )
    rollup_duplicates.rebuild(session)
    session.execute(delete(RollupTail))  # every report is in the rollups now
    session.execute(delete(RollupStatus))
    session.info.pop(PENDING_KEY, None)


def trusted(session: Session) -> bool:
    """False while a rebuild is due (see ``RollupStatus``)."""
    return session.scalar(select(RollupStatus.name).limit(1)) is None
