"""Exact rollups of the situational picture: pre-aggregated counts that stay equal to the reports.

The four rollup tables (``models.IncidentRollup`` and its siblings) hold, per group, the sums
the summary charts need over the *live reports that are not linked duplicates*. A group's key
holds everything the sharing policy decides on (owner member, visibility, and for ``members``
visibility the members it is shared with, as ``",3,7,"``), so ``policy.group_visibility``
applies the same rule to a group as ``scope()`` applies to each of its reports.

How they stay exact: a *partition* is one owner member's reports of one day. Every write marks
the partitions it touches (ORM changes to reports, their person counts, shares and duplicate
links are noticed at flush; bulk inserts and Core deletes call ``touch_incidents`` or
``expect_new_reports``), and just before the transaction commits the marked partitions are
recomputed from the reports, in that same transaction: a rolled-back or killed write leaves both
unchanged. On PostgreSQL refreshes hold one transaction lock in turn, so a refresh that waited
sees the reports the other writer committed. Fees in USD are
fixed when a report is saved, so a change of the rate table changes no rollup.

``rebuild`` recomputes everything (``rcf incidents rollups rebuild``); ``check`` compares the
stored rollups with a fresh computation (``rcf incidents rollups check``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    Text,
    case,
    cast,
    delete,
    event,
    exists,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session, attributes
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE

from rcf.access.policy import RecordShare, Visibility
from rcf.incidents import rollup_duplicates
from rcf.incidents.models import (
    CitizenshipRollup,
    CitizenshipTotal,
    DayCitizenshipRollup,
    DayFeeRollup,
    DayRollup,
    DuplicateRollup,
    FeeRollup,
    Incident,
    IncidentLink,
    IncidentRollup,
    PersonCount,
    RollupStatus,
    RouteFeeRollup,
)

PENDING_KEY = "rcf_rollups_pending"
LOCK_SPACE = 0x52434652  # "RCFR": the advisory-lock namespace of rollup refreshes
IN_CHUNK = 500
KEY_COLUMNS = ("owner_member_id", "visibility", "shared_with")
ROUTE_COLUMNS = ("origin_country", "transit", "destination_country")

Partition = tuple[int, date]  # (owner member, day): what a write touched


@dataclass
class Pending:
    """What this transaction's writes touched, refreshed just before it commits."""

    partitions: set[Partition] = field(default_factory=set)
    incident_ids: set[int] = field(default_factory=set)
    new_after: list[tuple[int | None, int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.partitions or self.incident_ids or self.new_after)


def _pending(session: Session) -> Pending:
    found: Pending | None = session.info.get(PENDING_KEY)
    if found is None:
        found = session.info[PENDING_KEY] = Pending()
    return found


def month_start(day: date) -> date:
    return day.replace(day=1)


# --- Marking what a write touched ----------------------------------------------------------------


def touch_incidents(session: Session, incident_ids: Iterable[int]) -> None:
    """Refresh these reports' partitions at commit (for writes made with Core statements)."""
    _pending(session).incident_ids.update(incident_ids)


def expect_new_reports(session: Session, owner_member_id: int | None = None) -> None:
    """Call before bulk-inserting reports (of one owner, or any): at commit, the partitions of
    every report with a higher id than today's highest are refreshed, in one go."""
    highest = session.scalar(select(func.max(Incident.id))) or 0
    _pending(session).new_after.append((owner_member_id, highest))


@event.listens_for(Session, "before_flush")
def _notice_orm_writes(session: Session, _context: Any, _instances: Any) -> None:
    pending = _pending(session)
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Incident):
            pending.partitions.update(_partitions_of_object(obj))
        elif isinstance(obj, IncidentLink) and obj.duplicate_id is not None:
            pending.incident_ids.add(obj.duplicate_id)
        elif isinstance(obj, RecordShare) and obj.record_type == Incident.record_type:
            pending.incident_ids.add(obj.record_id)
        elif isinstance(obj, PersonCount) and obj.incident_id is not None:
            pending.incident_ids.add(obj.incident_id)


def _partitions_of_object(incident: Incident) -> set[Partition]:
    """The report's partition now and before this flush's changes (an amendment may move it)."""
    owners = _values_with_history(incident, "owner_member_id")
    days = _values_with_history(incident, "occurred_on")
    return {(owner, day) for owner in owners for day in days}


def _values_with_history(obj: Any, name: str) -> list[Any]:
    history = attributes.get_history(obj, name, passive=PASSIVE_NO_INITIALIZE)
    values = [*history.added, *history.unchanged, *history.deleted]
    return [v for v in values if v is not None]


@event.listens_for(Session, "before_commit")
def _refresh_before_commit(session: Session) -> None:
    session.flush()
    pending = session.info.get(PENDING_KEY)
    if pending:
        refresh(session, _resolve(session, pending))
    session.info.pop(PENDING_KEY, None)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


def _resolve(session: Session, pending: Pending) -> set[Partition]:
    partitions = set(pending.partitions)
    ids = sorted(pending.incident_ids)
    for start in range(0, len(ids), IN_CHUNK):
        stmt = select(Incident.owner_member_id, Incident.occurred_on).where(
            Incident.id.in_(ids[start : start + IN_CHUNK])
        )
        partitions.update((owner, day) for owner, day in session.execute(stmt))
    for owner, after in pending.new_after:
        stmt = select(Incident.owner_member_id, Incident.occurred_on).where(Incident.id > after)
        if owner is not None:
            stmt = stmt.where(Incident.owner_member_id == owner)
        partitions.update((o, day) for o, day in session.execute(stmt.distinct()))
    return partitions


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


# --- Computing groups from the reports ----------------------------------------------------------


def month_of(session: Session, report: Any = Incident) -> ColumnElement[Any]:
    """The first day of the report's month, in the session's SQL dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.date_trunc("month", report.occurred_on), Date)
    return func.date(report.occurred_on, "start of month")


def shared_with(session: Session, report: Any = Incident) -> ColumnElement[str]:
    """ ",3,7,": the members a ``members`` report is shared with (empty for other visibilities)."""
    member = cast(RecordShare.member_id, Text)
    if session.get_bind().dialect.name == "postgresql":
        joined = func.string_agg(member, aggregate_order_by(literal(","), RecordShare.member_id))
    else:  # read through the primary key, so in member order
        joined = func.group_concat(member, ",")
    members = (
        select(joined)
        .where(
            RecordShare.record_type == Incident.record_type,
            RecordShare.record_id == report.id,
        )
        .scalar_subquery()
    )
    listed = literal(",", Text) + func.coalesce(members, "") + literal(",", Text)
    return case((report.visibility == Visibility.MEMBERS, listed), else_=literal("", Text))


def transit_of(report: Any) -> ColumnElement[str]:
    return func.coalesce(cast(report.transit_countries, Text), "[]")


def counted_reports(session: Session, *where: Any) -> Any:
    """One row per report the rollups hold (live, not a linked duplicate), with its group keys."""
    is_duplicate = exists(select(IncidentLink.id).where(IncidentLink.duplicate_id == Incident.id))
    return (
        select(
            Incident.id,
            Incident.owner_member_id,
            Incident.visibility,
            shared_with(session).label("shared_with"),
            month_of(session).label("month"),
            Incident.occurred_on.label("day"),
            Incident.kind,
            Incident.country,
            Incident.origin_country,
            transit_of(Incident).label("transit"),
            Incident.destination_country,
            Incident.persons_total,
            Incident.deaths,
            Incident.missing,
            Incident.fee_usd_per_person,
        )
        .where(Incident.withdrawn_at.is_(None), ~is_duplicate, *where)
        .subquery("counted")
    )


def _grouped(reports: Any, names: Sequence[str], *measures: Any) -> Select[Any]:
    keys = [reports.c[name] for name in names]
    return select(*keys, *measures).group_by(*keys)


MAIN_KEYS = (*KEY_COLUMNS, "month", "kind", "country", *ROUTE_COLUMNS)
CITIZENSHIP_KEYS = (*KEY_COLUMNS, "month", "kind", "country")
FEE_KEYS = (*KEY_COLUMNS, "month", *ROUTE_COLUMNS)
ROUTE_FEE_KEYS = (*KEY_COLUMNS, *ROUTE_COLUMNS)
DAY_MAIN_KEYS = (*KEY_COLUMNS, "month", "day", "kind", "country", *ROUTE_COLUMNS)
DAY_CITIZENSHIP_KEYS = (*KEY_COLUMNS, "month", "day", "kind", "country")
DAY_FEE_KEYS = (*KEY_COLUMNS, "month", "day", *ROUTE_COLUMNS)


def main_groups(session: Session, *where: Any, keys: Sequence[str] = MAIN_KEYS) -> Select[Any]:
    r = counted_reports(session, *where)
    return _grouped(
        r,
        keys,
        func.count(r.c.id),
        func.sum(r.c.persons_total),
        func.sum(r.c.deaths),
        func.sum(r.c.missing),
    )


def citizenship_groups(
    session: Session, *where: Any, keys: Sequence[str] = CITIZENSHIP_KEYS
) -> Select[Any]:
    r = counted_reports(session, *where)
    columns = [r.c[name] for name in keys]
    return (
        select(*columns, PersonCount.citizenship, func.sum(PersonCount.count))
        .join_from(r, PersonCount, PersonCount.incident_id == r.c.id)
        .group_by(*columns, PersonCount.citizenship)
    )


def fee_groups(session: Session, *where: Any, keys: Sequence[str] = FEE_KEYS) -> Select[Any]:
    r = counted_reports(session, Incident.fee_usd_per_person.is_not(None), *where)
    columns = [r.c[name] for name in keys]
    return select(*columns, r.c.fee_usd_per_person, func.count(r.c.id)).group_by(
        *columns, r.c.fee_usd_per_person
    )


@dataclass(frozen=True)
class Rollup:
    """A rollup table computed from the reports, per partition (owner and month)."""

    table: Any
    columns: tuple[str, ...]
    groups: Any  # (session, *where) -> Select of rows in ``columns`` order
    measures: int = 1  # the last columns, summed; the others are the group's key

    def from_days(self, days: Rollup, *where: Any) -> Select[Any]:
        """This (month) rollup summed from its day rollup's rows: far fewer rows to read than
        the reports, and none of their lookups of shares and links."""
        t = days.table
        keys = [getattr(t, name) for name in self.columns[: -self.measures]]
        sums = [func.sum(getattr(t, name)) for name in self.columns[-self.measures :]]
        return select(*keys, *sums).where(*where).group_by(*keys)


@dataclass(frozen=True)
class Total:
    """A rollup summed over its months (and more) for the unfiltered charts, refreshed per
    owner from its ``source``; ``expected`` computes it from the reports (for ``check``)."""

    table: Any
    source: Any
    keys: tuple[str, ...]
    measure: str
    expected: Any  # (session) -> Select

    def from_source(self, *where: Any) -> Select[Any]:
        keys = [getattr(self.source, name) for name in self.keys]
        return (
            select(*keys, func.sum(getattr(self.source, self.measure)))
            .where(*where)
            .group_by(*keys)
        )


MEASURES = ("events", "persons", "deaths", "missing")
FINE = (
    Rollup(IncidentRollup, (*MAIN_KEYS, *MEASURES), main_groups, 4),
    Rollup(
        CitizenshipRollup,
        (*CITIZENSHIP_KEYS, "citizenship", "persons"),
        citizenship_groups,
    ),
    Rollup(FeeRollup, (*FEE_KEYS, "fee_usd", "reports"), fee_groups),
)
# The same per day (what the partial months of a date range read); each month rollup above is
# refreshed from its day rollup.
DAYS = (
    Rollup(
        DayRollup,
        (*DAY_MAIN_KEYS, *MEASURES),
        lambda session, *where: main_groups(session, *where, keys=DAY_MAIN_KEYS),
        4,
    ),
    Rollup(
        DayCitizenshipRollup,
        (*DAY_CITIZENSHIP_KEYS, "citizenship", "persons"),
        lambda session, *where: citizenship_groups(session, *where, keys=DAY_CITIZENSHIP_KEYS),
    ),
    Rollup(
        DayFeeRollup,
        (*DAY_FEE_KEYS, "fee_usd", "reports"),
        lambda session, *where: fee_groups(session, *where, keys=DAY_FEE_KEYS),
    ),
)
MONTHLY = tuple(zip(DAYS, FINE, strict=True))  # (day rollup, month rollup summed from it)
TOTALS = (
    Total(
        CitizenshipTotal,
        CitizenshipRollup,
        (*KEY_COLUMNS, "citizenship"),
        "persons",
        lambda session: citizenship_groups(session, keys=KEY_COLUMNS),
    ),
    Total(
        RouteFeeRollup,
        FeeRollup,
        (*ROUTE_FEE_KEYS, "fee_usd"),
        "reports",
        lambda session: fee_groups(session, keys=ROUTE_FEE_KEYS),
    ),
)


# --- Refreshing, rebuilding, checking ------------------------------------------------------------


def refresh(session: Session, partitions: Iterable[Partition]) -> None:
    """Recompute these partitions (owner, day), their months and their owners' totals."""
    by_owner: dict[int, set[date]] = defaultdict(set)
    for owner, day in partitions:
        by_owner[owner].add(day)
    lock(session)
    for owner, months in sorted(by_owner.items()):
        _refresh_owner(session, owner, sorted(months))


def lock(session: Session) -> None:
    """On PostgreSQL, one refresh at a time, until its transaction ends: a refresh that waited
    then reads the reports the other one committed (and a duplicate's row, which depends on two
    members' reports, is never recomputed by two writers at once). SQLite has one writer."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(LOCK_SPACE)))


def _refresh_owner(session: Session, owner: int, days: list[date]) -> None:
    """The owner's touched days recomputed from the reports, then their whole months from the
    day rollups (a write reads one day of reports, not a month), the duplicates of those months
    and the owner's totals."""
    months = sorted({month_start(day) for day in days})
    for daily, monthly in MONTHLY:
        t = daily.table
        for start in range(0, len(days), IN_CHUNK):
            chunk = days[start : start + IN_CHUNK]
            session.execute(delete(t).where(t.owner_member_id == owner, t.day.in_(chunk)))
            on_days = (Incident.owner_member_id == owner, Incident.occurred_on.in_(chunk))
            session.execute(
                insert(t).from_select(list(daily.columns), daily.groups(session, *on_days))
            )
        table = monthly.table
        session.execute(
            delete(table).where(table.owner_member_id == owner, table.month.in_(months))
        )
        rows = monthly.from_days(daily, t.owner_member_id == owner, t.month.in_(months))
        session.execute(insert(table).from_select(list(monthly.columns), rows))
    rollup_duplicates.refresh_owner(session, owner, months)
    for total in TOTALS:
        session.execute(delete(total.table).where(total.table.owner_member_id == owner))
        rows = total.from_source(total.source.owner_member_id == owner)
        session.execute(insert(total.table).from_select([*total.keys, total.measure], rows))


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
    session.execute(delete(RollupStatus))
    session.info.pop(PENDING_KEY, None)


def trusted(session: Session) -> bool:
    """False while a rebuild is due (see ``RollupStatus``)."""
    return session.scalar(select(RollupStatus.name).limit(1)) is None


def check(session: Session) -> dict[str, int]:
    """How many groups differ from a fresh computation, per rollup table (empty when every
    rollup is exact)."""
    expected = [(r.table, r.columns, r.groups(session), r.measures) for r in (*FINE, *DAYS)]
    expected += [(t.table, (*t.keys, t.measure), t.expected(session), 1) for t in TOTALS]
    wrong = {}
    for table, columns, computed, width in expected:
        stored = select(*[getattr(table, name) for name in columns])
        a = _totals(session.execute(stored), width)
        b = _totals(session.execute(computed), width)
        if a != b:
            wrong[table.__tablename__] = len(set(a.items()) ^ set(b.items()))
    if differing := rollup_duplicates.differences(session):
        wrong[DuplicateRollup.__tablename__] = differing
    return wrong


def _totals(rows: Iterable[Sequence[Any]], width: int) -> dict[tuple[Any, ...], tuple[int, ...]]:
    """Measures summed per key, the key normalised (share lists sorted, months as dates), so
    that groups split differently but adding up the same compare equal."""
    totals: dict[tuple[Any, ...], list[int]] = {}
    for row in rows:
        values = list(row)
        key = tuple(_normal(i, v) for i, v in enumerate(values[:-width]))
        found = totals.setdefault(key, [0] * width)
        for i, value in enumerate(values[-width:]):
            found[i] += int(value or 0)
    return {k: tuple(v) for k, v in totals.items() if any(v)}


def _normal(position: int, value: Any) -> Any:
    if position == 2 and value:  # shared_with
        return ",".join(sorted(value.strip(",").split(",")))
    if isinstance(value, Visibility):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value
