"""The situational picture through the rollups (``incidents.rollups``): the same figures as
``summary.direct_summary``, read from a few thousand pre-aggregated groups instead of every
report.

Who sees what is still decided inside the query, by the sharing policy
(``policy.group_visibility`` over each group's owner, visibility and share list). What a group
key cannot decide is aggregated from the reports, scoped as usual, and added:

* linked duplicates (kept out of the rollups): whether one counts depends on whether the caller
  sees its canonical report;
* the fee chart under a kind or country filter (its rollup has neither).

The days of a partly chosen month at either end of a date range come from the day rollups.

Filters no rollup holds (citizenship, text, impact, origin, destination) return ``None``: the
caller then aggregates every report directly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property
from itertools import chain
from typing import Any

from sqlalchemy import Select, and_, func, not_, or_, select, union_all
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, GroupClause, group_visibility
from rcf.incidents import import_rollups, rollups, summary
from rcf.incidents.models import Incident, PersonCount
from rcf.incidents.rollup_models import (
    CitizenshipRollup,
    CitizenshipTotal,
    DayCitizenshipRollup,
    DayFeeRollup,
    DayRollup,
    DuplicateRollup,
    FeeRollup,
    IncidentRollup,
    RouteFeeRollup,
)
from rcf.incidents.service import IncidentFilters
from rcf.incidents.summary import (
    CitizenshipSums,
    FeeHistograms,
    MonthSums,
    RouteSums,
    Scope,
    Summary,
)
from rcf.runtime import Runtime

DateRange = tuple[date, date]


def answerable(filters: IncidentFilters) -> bool:
    """Whether the rollups hold every filter asked for."""
    unheld = (
        filters.citizenship,
        filters.text,
        filters.impact_level,
        filters.origin_country,
        filters.destination_country,
    )
    return all(not value for value in unheld)


def split_months(date_from: date | None, date_to: date | None) -> tuple[Any, list[DateRange]]:
    """((first whole month, last whole month), partial ranges at the ends): None is open."""
    first, last, edges = None, None, []
    if date_from is not None:
        first = rollups.month_start(date_from)
        if date_from.day != 1:
            first = _next_month(first)
            edges.append((date_from, first - timedelta(days=1)))
    if date_to is not None:
        last = rollups.month_start(date_to)
        if (date_to + timedelta(days=1)).day != 1:
            edges.append((last, date_to))
            last = rollups.month_start(last - timedelta(days=1))
    clipped = [(max(lo, date_from or lo), min(hi, date_to or hi)) for lo, hi in edges]
    return (first, last), sorted({(lo, hi) for lo, hi in clipped if lo <= hi})


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


@dataclass
class RollupPicture:
    """Each chart's partial sums: month groups over the whole months, day groups over the partial
    months at the ends (``edges``), and the linked duplicates counted for this caller."""

    session: Session
    runtime: Runtime
    actor: Actor
    filters: IncidentFilters
    scope: Scope
    visible: GroupClause
    months: tuple[date | None, date | None]
    edges: list[DateRange]

    @classmethod
    def open(
        cls,
        session: Session,
        runtime: Runtime,
        actor: Actor,
        filters: IncidentFilters,
        scope: Scope,
    ) -> RollupPicture | None:
        if not answerable(filters) or not rollups.trusted(session):
            return None
        if scope is Scope.NATIONAL:
            filters = replace(filters, own_only=True)
        visible = group_visibility(session, actor, Incident, runtime.reciprocity)
        months, edges = split_months(filters.date_from, filters.date_to)
        return cls(session, runtime, actor, filters, scope, visible, months, edges)

    def _rows(self, tables: tuple[Any, Any, Any], build: Any, *, kind: bool = True) -> Any:
        """``build(table, where)`` as one statement over the month table (the whole months),
        the day table (the days of the partial months) and the tail (``tables``): one snapshot,
        so a report being folded in is counted once, from the tail or from the rollups."""
        return self.session.execute(self._union(tables, build, kind=kind))

    def _union(
        self, tables: tuple[Any, Any, Any], build: Any, *, kind: bool = True, by_edge: bool = False
    ) -> Any:
        """``_rows``'s statement; ``by_edge``: one part per partial month, read by its month."""
        first, last = self.months
        parts = []
        if first is None or last is None or first <= last:
            parts.append(build(tables[0], self._where(tables[0], kind=kind)))
        day = tables[1]
        where = self._where(day, by_month=False, kind=kind)
        if self.edges and by_edge:
            parts += [build(day, [*where, *_edge(day, lo, hi)]) for lo, hi in self.edges]
        elif self.edges:
            parts.append(build(day, [*where, or_(*[day.day.between(*e) for e in self.edges])]))
        return self._with_tail(parts, tables[2], build)

    def _with_tail(self, parts: list[Select[Any]], tail: Any, build: Any) -> Any:
        """The statement of ``parts`` and of ``build`` over the tail's reports."""
        t = tail.c
        where = [
            self.visible(t.owner_member_id, t.visibility, t.shared_with),
            *self._report_filters(t.owner_member_id, t.day, t.kind, t.country),
        ]
        return union_all(*parts, build(t, where))

    @cached_property
    def tail(self) -> Any:
        return import_rollups.tail_reports(self.session)

    @cached_property
    def tail_citizenships(self) -> Any:
        return import_rollups.tail_citizenships(self.session)

    def _where(self, table: Any, *, by_month: bool = True, kind: bool = True) -> list[Any]:
        where = [self.visible(table.owner_member_id, table.visibility, table.shared_with)]
        if self.filters.own_only:
            where.append(table.owner_member_id == self.actor.member_id)
        first, last = self.months
        if by_month and first is not None:
            where.append(table.month >= first)
        if by_month and last is not None:
            where.append(table.month <= last)
        if kind and self.filters.kind is not None:
            where.append(table.kind == self.filters.kind)
        if kind and self.filters.country is not None:
            where.append(table.country == self.filters.country)
        return where

    def duplicate_where(self) -> list[Any]:
        """The live duplicates this caller counts: visible and within the filters, while their
        canonical report is not counted (withdrawn, hidden from the caller, or filtered out)."""
        t = DuplicateRollup
        canonical = and_(
            t.canonical_live.is_(True),
            self.visible(t.canonical_owner_member_id, t.canonical_visibility,
                         t.canonical_shared_with),
            *self._report_filters(t.canonical_owner_member_id, t.canonical_occurred_on,
                                  t.canonical_kind, t.canonical_country),
        )  # fmt: skip
        return [
            self.visible(t.owner_member_id, t.visibility, t.shared_with),
            *self._report_filters(t.owner_member_id, t.occurred_on, t.kind, t.country),
            not_(canonical),
        ]

    def _report_filters(self, owner: Any, day: Any, kind: Any, country: Any) -> list[Any]:
        f, where = self.filters, []
        if f.own_only:
            where.append(owner == self.actor.member_id)
        if f.date_from is not None:
            where.append(day >= f.date_from)
        if f.date_to is not None:
            where.append(day <= f.date_to)
        if f.kind is not None:
            where.append(kind == f.kind)
        if f.country is not None:
            where.append(country == f.country)
        return where

    def month_sums(self) -> MonthSums:
        d = DuplicateRollup
        return self._by_month(("events", "persons"), (func.count(d.id), func.sum(d.persons)))

    def loss_sums(self) -> MonthSums:
        d = DuplicateRollup
        return self._by_month(("deaths", "missing"), (func.sum(d.deaths), func.sum(d.missing)))

    def _by_month(self, measures: tuple[str, str], duplicates: Any) -> MonthSums:
        def build(t: Any, where: list[Any]) -> Select[Any]:
            sums = [func.sum(getattr(t, name)) for name in measures]
            return select(t.month, *sums).where(*where).group_by(t.month)

        d = DuplicateRollup
        linked = select(d.month, *duplicates).where(*self.duplicate_where())
        found: MonthSums = {}
        for m, x, y in chain(
            self._rows((IncidentRollup, DayRollup, self.tail), build),
            self.session.execute(linked.group_by(d.month)),
        ):
            summary.add_sums(found, f"{_as_date(m):%Y-%m}", x or 0, y or 0)
        return found

    def route_sums(self) -> RouteSums:
        def build(t: Any, where: list[Any]) -> Select[Any]:
            keys = (t.origin_country, t.transit, t.destination_country)
            return (
                select(*keys, func.sum(t.events), func.sum(t.persons)).where(*where).group_by(*keys)
            )

        d = DuplicateRollup
        linked_keys = (d.origin_country, d.transit, d.destination_country)
        linked = select(*linked_keys, func.count(d.id), func.sum(d.persons))
        found: RouteSums = {}
        for origin, transit, destination, e, p in chain(
            self._rows((IncidentRollup, DayRollup, self.tail), build),
            self.session.execute(linked.where(*self.duplicate_where()).group_by(*linked_keys)),
        ):
            summary.add_sums(found, (origin, summary.parse_transit(transit), destination), e, p)
        return found

    def citizenship_sums(self) -> CitizenshipSums:
        def build(t: Any, where: list[Any]) -> Select[Any]:
            return select(t.citizenship, func.sum(t.persons)).where(*where).group_by(t.citizenship)

        narrowed = self.months != (None, None) or self.filters.kind or self.filters.country
        if narrowed:
            tables = (CitizenshipRollup, DayCitizenshipRollup, self.tail_citizenships)
            rows = self._rows(tables, build)
        else:
            t = CitizenshipTotal
            where = self._where(t, by_month=False, kind=False)
            rows = self.session.execute(
                self._with_tail([build(t, where)], self.tail_citizenships, build)
            )
        linked = (
            select(PersonCount.citizenship, func.sum(PersonCount.count))
            .join_from(DuplicateRollup, PersonCount,
                       PersonCount.incident_id == DuplicateRollup.duplicate_id)
            .where(*self.duplicate_where())
            .group_by(PersonCount.citizenship)
        )  # fmt: skip
        found: CitizenshipSums = {}
        for citizenship, persons in chain(rows, self.session.execute(linked)):
            found[citizenship] = found.get(citizenship, 0) + int(persons)
        return found

    def fee_histograms(self) -> FeeHistograms:
        if self.filters.kind is not None or self.filters.country is not None:
            base = summary.counted_incidents(
                self.session, self.runtime, self.actor, self.filters, self.scope
            )
            return summary.fee_histograms(self.session, base)

        if self.months != (None, None):
            rows = self._ranged_fees()
        else:
            t = RouteFeeRollup
            where = self._where(t, by_month=False, kind=False)
            rows = self.session.execute(self._with_tail([_fee_groups(t, where)], self.tail,
                                                        _fee_groups))  # fmt: skip
        d = DuplicateRollup
        linked_keys = (d.origin_country, d.transit, d.destination_country, d.fee_usd)
        linked = (
            select(*linked_keys, func.count(d.id))
            .where(d.fee_usd.is_not(None), *self.duplicate_where())
            .group_by(*linked_keys)
        )
        found: FeeHistograms = defaultdict(dict)
        for origin, transit, destination, fee, count in chain(rows, self.session.execute(linked)):
            summary.add_fee(
                found, (origin, summary.parse_transit(transit), destination), fee, count
            )
        return found

    def _ranged_fees(self) -> Any:
        """The fee histograms over a date range: each month (and each partial month) grouped by
        route and fee in the order of its ``month_route`` index (no sort of the ~100,000 rows
        a range holds at 5M reports), then the few thousand groups summed over the months."""

        def build(t: Any, where: list[Any]) -> Select[Any]:
            return _fee_groups(t, where, t.month)

        tables = (FeeRollup, DayFeeRollup, self.tail)
        months = self._union(tables, build, kind=False, by_edge=True).subquery()
        keys = (months.c.origin_country, months.c.transit, months.c.destination_country)
        fee = months.c.fee_usd
        return self.session.execute(
            select(*keys, fee, func.sum(months.c.reports)).group_by(*keys, fee)
        )


def _fee_groups(t: Any, where: list[Any], *first: Any) -> Select[Any]:
    """Reports per route and fee (and per ``first``, grouped first; only the tail has reports
    without a fee)."""
    keys = (t.origin_country, t.transit, t.destination_country, t.fee_usd)
    stmt = select(*keys, func.sum(t.reports).label("reports"))
    return stmt.where(t.fee_usd.is_not(None), *where).group_by(*first, *keys)


def _edge(day: Any, lo: date, hi: date) -> list[Any]:
    """The days ``lo``..``hi`` of one month, found by their month (the fee index's order)."""
    return [day.month == rollups.month_start(lo), day.day.between(lo, hi)]


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def rollup_summary(
    session: Session, runtime: Runtime, actor: Actor, filters: IncidentFilters, scope: Scope
) -> Summary | None:
    """Every chart through the rollups, or None when they cannot answer these filters."""
    picture = RollupPicture.open(session, runtime, actor, filters, scope)
    if picture is None:
        return None
    return Summary(
        scope=scope,
        persons_per_month=summary.persons_chart(picture.month_sums()),
        routes=summary.routes_chart(picture.route_sums()),
        citizenships=summary.citizenships_chart(picture.citizenship_sums()),
        fees=summary.fees_chart(picture.fee_histograms()),
        losses=summary.losses_chart(picture.loss_sums()),
    )
