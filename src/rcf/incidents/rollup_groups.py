"""The groups of the rollups, computed from the reports (see ``rollups``): which reports count,
their group keys, and each rollup table's grouping query, as SQL the database runs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Date,
    Select,
    Text,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from rcf.access.policy import RecordShare, Visibility
from rcf.incidents.models import Incident, IncidentLink, PersonCount
from rcf.incidents.rollup_models import (
    CitizenshipRollup,
    CitizenshipTotal,
    DayCitizenshipRollup,
    DayFeeRollup,
    DayRollup,
    FeeRollup,
    IncidentRollup,
    RollupTail,
    RouteFeeRollup,
)

KEY_COLUMNS = ("owner_member_id", "visibility", "shared_with")
ROUTE_COLUMNS = ("origin_country", "transit", "destination_country")
IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_PREPARED: dict[tuple[str, str], Any] = {}


def month_start(day: date) -> date:
    return day.replace(day=1)


def in_tail(report: Any = Incident) -> ColumnElement[bool]:
    """Whether the report is in the tail: written by an import and not folded into the rollups
    yet (``models.RollupTail``, ``import_rollups``). The bounds of the whole tail come first, so
    that the database reads the newest reports by primary key only (none when the tail is
    empty)."""
    t = RollupTail
    return and_(
        report.id >= select(func.min(t.first_id)).scalar_subquery(),
        report.id <= select(func.max(t.last_id)).scalar_subquery(),
        exists().where(
            t.owner_member_id == report.owner_member_id,
            report.id.between(t.first_id, t.last_id),
            t.created_at == report.created_at,
        ),
    )


def prepared(session: Session, name: str, build: Callable[[], Any]) -> Any:
    """A statement built once per SQL dialect: building these costs a write more than running
    them (they take their values as bound parameters, e.g. ``IDS``)."""
    key = (session.get_bind().dialect.name, name)
    if key not in _PREPARED:
        _PREPARED[key] = build()
    return _PREPARED[key]


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
    """A rollup table computed from the reports (``groups``), or from its day rollup."""

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
    expected: Any  # (session, *where) -> Select

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
        lambda session, *where: citizenship_groups(session, *where, keys=KEY_COLUMNS),
    ),
    Total(
        RouteFeeRollup,
        FeeRollup,
        (*ROUTE_FEE_KEYS, "fee_usd"),
        "reports",
        lambda session, *where: fee_groups(session, *where, keys=ROUTE_FEE_KEYS),
    ),
)
