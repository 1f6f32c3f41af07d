"""The situational picture: what the incident reports an actor may see add up to.

Every figure is an aggregate over ``service.visible_incidents`` (so access is decided inside the
query by ``scope()``: hidden and withdrawn reports never contribute), minus the reports an analyst
linked as duplicates of another (an event is counted once, through its canonical report).

Persons are counted from ``persons_total``; when the figures are narrowed to one citizenship, from
that citizenship's ``PersonCount`` rows only, so "persons" always means persons of the chosen
citizenship. Deaths, missing and fees belong to the event, not to a citizenship: with a
citizenship filter they cover the reports that involve it.

Examples:
    >>> summary = build_summary(session, runtime, actor, IncidentFilters(), Scope.REGIONAL)
    >>> summary.persons_per_month[0]
    MonthPersons(month='2026-01', events=12, persons=340)
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, String, cast, func, select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.incidents.models import Incident, IncidentLink, PersonCount
from rcf.incidents.service import IncidentFilters, visible_incidents
from rcf.runtime import Runtime

TOP_ROUTES = 10
TOP_CITIZENSHIPS = 15
CENT = Decimal("0.01")


class Scope(StrEnum):
    NATIONAL = "national"  # the actor's own member's reports only
    REGIONAL = "regional"  # everything the actor may see


@dataclass(frozen=True)
class MonthPersons:
    month: str  # YYYY-MM
    events: int
    persons: int


@dataclass(frozen=True)
class RouteFlow:
    origin: str | None
    transit: tuple[str, ...]
    destination: str | None
    events: int
    persons: int


@dataclass(frozen=True)
class CitizenshipCount:
    citizenship: str
    persons: int


@dataclass(frozen=True)
class RouteFee:
    origin: str | None
    transit: tuple[str, ...]
    destination: str | None
    reports: int
    median_usd: Decimal


@dataclass(frozen=True)
class MonthLosses:
    month: str
    deaths: int
    missing: int


@dataclass
class Summary:
    """The data of every chart of the situational picture."""

    scope: Scope
    persons_per_month: list[MonthPersons] = field(default_factory=list)
    routes: list[RouteFlow] = field(default_factory=list)
    citizenships: list[CitizenshipCount] = field(default_factory=list)
    fees: list[RouteFee] = field(default_factory=list)
    losses: list[MonthLosses] = field(default_factory=list)


# --- The base query -----------------------------------------------------------------------------


def counted_incidents(
    session: Session, runtime: Runtime, actor: Actor, filters: IncidentFilters, scope: Scope
) -> Select[Any]:
    """The reports that count: visible (scoped in SQL), live, and not a linked duplicate whose
    canonical report is counted too (if the viewer cannot see the canonical one, the duplicate
    stands for the event, so it is still counted once)."""
    if scope is Scope.NATIONAL:
        filters = replace(filters, own_only=True)
    stmt = visible_incidents(session, runtime, actor, filters)
    counted = stmt.with_only_columns(Incident.id).scalar_subquery()
    stood_for = select(IncidentLink.duplicate_id).where(IncidentLink.canonical_id.in_(counted))
    return stmt.where(Incident.id.not_in(stood_for))


def _measures(
    stmt: Select[Any], filters: IncidentFilters
) -> tuple[Select[Any], ColumnElement[Any], ColumnElement[Any]]:
    """(statement, events, persons): persons of the chosen citizenship when there is one."""
    if filters.citizenship is None:
        return stmt, func.count(Incident.id), func.coalesce(func.sum(Incident.persons_total), 0)
    joined = stmt.join(PersonCount, PersonCount.incident_id == Incident.id).where(
        PersonCount.citizenship == filters.citizenship
    )
    return (
        joined,
        func.count(func.distinct(Incident.id)),
        func.coalesce(func.sum(PersonCount.count), 0),
    )


def month_of(session: Session) -> ColumnElement[str]:
    """The month of ``occurred_on`` as 'YYYY-MM' in the session's SQL dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(Incident.occurred_on, "YYYY-MM")
    return func.strftime("%Y-%m", Incident.occurred_on)


def transit_text() -> ColumnElement[str]:
    """The transit list as its JSON text: JSON values cannot be grouped on PostgreSQL."""
    return cast(Incident.transit_countries, String)


# --- One query per chart, as mergeable partial sums ---------------------------------------------

RouteKey = tuple[str | None, tuple[str, ...], str | None]
MonthSums = dict[str, tuple[int, int]]  # month -> (events, persons) or (deaths, missing)
RouteSums = dict[RouteKey, tuple[int, int]]  # route -> (events, persons)
CitizenshipSums = dict[str, int]
FeeHistograms = dict[RouteKey, dict[Decimal, int]]  # route -> {fee: reports}


def add_sums(into: dict[Any, tuple[int, int]], key: Any, a: int, b: int) -> None:
    found = into.get(key, (0, 0))
    into[key] = (found[0] + int(a), found[1] + int(b))


def month_sums(session: Session, base: Select[Any], filters: IncidentFilters) -> MonthSums:
    stmt, events, persons = _measures(base, filters)
    month = month_of(session).label("month")
    found: MonthSums = {}
    for m, e, p in session.execute(stmt.with_only_columns(month, events, persons).group_by(month)):
        add_sums(found, m, e, p)
    return found


def route_sums(session: Session, base: Select[Any], filters: IncidentFilters) -> RouteSums:
    stmt, events, persons = _measures(base, filters)
    keys = (Incident.origin_country, transit_text(), Incident.destination_country)
    found: RouteSums = {}
    for origin, transit, destination, e, p in session.execute(
        stmt.with_only_columns(*keys, events, persons).group_by(*keys)
    ):
        add_sums(found, (origin, parse_transit(transit), destination), e, p)
    return found


def citizenship_sums(
    session: Session, base: Select[Any], filters: IncidentFilters
) -> CitizenshipSums:
    stmt = (
        base.join(PersonCount, PersonCount.incident_id == Incident.id)
        .with_only_columns(PersonCount.citizenship, func.sum(PersonCount.count))
        .group_by(PersonCount.citizenship)
    )
    if filters.citizenship is not None:
        stmt = stmt.where(PersonCount.citizenship == filters.citizenship)
    return {c: int(p) for c, p in session.execute(stmt)}


def fee_histograms(session: Session, base: Select[Any]) -> FeeHistograms:
    fee = Incident.fee_usd_per_person
    keys = (Incident.origin_country, transit_text(), Incident.destination_country)
    stmt = (
        base.where(fee.is_not(None))
        .with_only_columns(*keys, fee, func.count())
        .group_by(*keys, fee)
    )
    found: FeeHistograms = defaultdict(dict)
    for origin, transit, destination, amount, count in session.execute(stmt):
        add_fee(found, (origin, parse_transit(transit), destination), amount, count)
    return found


def add_fee(into: FeeHistograms, route: RouteKey, amount: Any, count: int) -> None:
    histogram = into[route]
    value = Decimal(str(amount))
    histogram[value] = histogram.get(value, 0) + int(count)


def loss_sums(session: Session, base: Select[Any]) -> MonthSums:
    month = month_of(session).label("month")
    stmt = base.with_only_columns(
        month,
        func.coalesce(func.sum(Incident.deaths), 0),
        func.coalesce(func.sum(Incident.missing), 0),
    )
    found: MonthSums = {}
    for m, d, n in session.execute(stmt.group_by(month)):
        add_sums(found, m, d, n)
    return found


# --- From partial sums to each chart's data ------------------------------------------------------


def persons_chart(sums: MonthSums) -> list[MonthPersons]:
    """Events and persons detected per month, with empty months between filled in."""
    return [MonthPersons(m, *sums.get(m, (0, 0))) for m in month_range(list(sums))]


def routes_chart(sums: RouteSums) -> list[RouteFlow]:
    """The most travelled origin -> transit -> destination routes, by persons."""
    flows = [
        RouteFlow(o, t, d, e, p)
        for (o, t, d), (e, p) in sums.items()
        if o is not None or d is not None  # neither end known tells nothing about flows
    ]
    flows.sort(key=lambda f: (-f.persons, -f.events, _route_label(f)))
    return flows[:TOP_ROUTES]


def citizenships_chart(sums: CitizenshipSums) -> list[CitizenshipCount]:
    """Persons by citizenship (the largest first)."""
    ordered = sorted(sums.items(), key=lambda cp: (-cp[1], cp[0]))
    return [CitizenshipCount(c, p) for c, p in ordered[:TOP_CITIZENSHIPS]]


def fees_chart(histograms: FeeHistograms) -> list[RouteFee]:
    """Median fee per person (USD at the time reported) on the routes with most fee reports."""
    fees = [
        RouteFee(o, t, d, sum(hist.values()), histogram_median(list(hist.items())))
        for (o, t, d), hist in histograms.items()
        if hist
    ]
    fees.sort(key=lambda f: (-f.reports, _route_label(f)))
    return fees[:TOP_ROUTES]


def losses_chart(sums: MonthSums) -> list[MonthLosses]:
    """Deaths and missing persons per month (months without any report filled with zero)."""
    return [MonthLosses(m, *sums.get(m, (0, 0))) for m in month_range(list(sums))]


# The charts computed straight from the reports (the path when rollups cannot answer).


def persons_per_month(
    session: Session, base: Select[Any], filters: IncidentFilters
) -> list[MonthPersons]:
    return persons_chart(month_sums(session, base, filters))


def routes(session: Session, base: Select[Any], filters: IncidentFilters) -> list[RouteFlow]:
    return routes_chart(route_sums(session, base, filters))


def citizenships(
    session: Session, base: Select[Any], filters: IncidentFilters
) -> list[CitizenshipCount]:
    return citizenships_chart(citizenship_sums(session, base, filters))


def median_fees(session: Session, base: Select[Any]) -> list[RouteFee]:
    return fees_chart(fee_histograms(session, base))


def losses(session: Session, base: Select[Any]) -> list[MonthLosses]:
    return losses_chart(loss_sums(session, base))


def build_summary(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    filters: IncidentFilters,
    scope: Scope = Scope.REGIONAL,
    *,
    rollups: bool = True,
) -> Summary:
    """Every chart's data for ``actor`` over the filtered reports of ``scope``: through the
    rollups when they can answer (same figures, faster), else from the reports."""
    if rollups:
        from rcf.incidents.summary_rollups import rollup_summary  # it builds on this module

        found = rollup_summary(session, runtime, actor, filters, scope)
        if found is not None:
            return found
    return direct_summary(session, runtime, actor, filters, scope)


def direct_summary(
    session: Session, runtime: Runtime, actor: Actor, filters: IncidentFilters, scope: Scope
) -> Summary:
    """Every chart aggregated straight from the scoped reports."""
    base = counted_incidents(session, runtime, actor, filters, scope)
    return Summary(
        scope=scope,
        persons_per_month=persons_per_month(session, base, filters),
        routes=routes(session, base, filters),
        citizenships=citizenships(session, base, filters),
        fees=median_fees(session, base),
        losses=losses(session, base),
    )


# --- Pure helpers -------------------------------------------------------------------------------


def histogram_median(histogram: list[tuple[Decimal, int]]) -> Decimal:
    """The median of values given as (value, how many), halfway between the middle two when
    their number is even (as PostgreSQL's percentile_cont(0.5)), rounded to the cent."""
    ordered = sorted(histogram)
    total = sum(count for _, count in ordered)
    wanted = [(total - 1) // 2, total // 2]  # 0-based positions of the middle value(s)
    middle: list[Decimal] = []
    seen = 0
    for value, count in ordered:
        while wanted and wanted[0] < seen + count:
            middle.append(value)
            wanted.pop(0)
        seen += count
    return (sum(middle, Decimal(0)) / len(middle)).quantize(CENT, rounding=ROUND_HALF_UP)


def month_range(months: list[str]) -> list[str]:
    """Every month from the first to the last of ``months`` ('YYYY-MM'), in order."""
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:7])
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def parse_transit(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def _route_label(route: RouteFlow | RouteFee) -> str:
    return " -> ".join(
        [route.origin or "?", *(route.transit or ("direct",)), route.destination or "?"]
    )
