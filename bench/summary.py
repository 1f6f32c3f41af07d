"""Benchmark of the situational picture: each summary chart over N incident reports, through
the rollups (``rcf.incidents.rollups``) and straight from the reports.

What is measured: each chart of ``rcf.incidents.summary`` as one request that opens a session,
runs its queries and closes the session, for a contributor of one of 9 contributing members: it
sees every regional report, its own, and the ``members`` reports shared with it (most of the
table: the regional picture). Twice: without filters, and over a date range with partial months
at both ends (those days are read from the day rollups).

* ``rollups``: ``summary_rollups.RollupPicture`` (what ``build_summary`` uses): the scope is
  applied to the rollup groups by ``policy.group_visibility``; duplicates come from their own
  rollup; partial months from the day rollups. Before timing, its figures are compared with
  the direct ones.
* baseline ``direct``: the same chart aggregated from the scoped reports
  (``summary.counted_incidents``), what the charts did before rollups.
* baseline ``count(*)``: ``SELECT count(*)`` over exactly the rows the charts aggregate, the
  cheapest statement that still visits every counted report.

The target of the issue is absolute: every chart p95 <= 300 ms at 5M reports.

The data: 9 members own the reports evenly (40% national, 20% ``members`` shared with two other
members, 40% regional), occurring over three years; ~2% withdrawn; ~1% linked as duplicates;
one or two person-count rows per report; a fee on about half of them (in 50 USD steps). It is
bulk-inserted straight into the tables (tuples in the driver's form, one executemany per batch
and table; COPY on PostgreSQL), then the rollups are built with ``rollups.rebuild``; both times
are printed.

Usage: PYTHONPATH=src:bench python bench/summary.py [--rows N] [--repeat K]
[--baseline-repeat K] [--database-url URL [--reuse [--keep-rollups]]] [--quick]. Defaults:
5,000,000 reports on a temporary SQLite file, 20 runs per chart through the rollups and 5 of each
baseline (slow at 5M); --quick is 200,000 reports. A PostgreSQL database is created if missing
and dropped at the end if this run created it. Timings are printed, never asserted; the script
exits 0.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import secrets
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, delete, func, insert, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker

import rcf.models  # noqa: F401 - registers every table with Base.metadata
from policy import CONTRIBUTORS, bench_database, contributor, seed_members, visibility_for
from rcf.access.policy import Actor, Reciprocity, RecordShare, Visibility
from rcf.db import Base, make_engine, make_session_factory
from rcf.incidents import import_rollups, rollups, summary
from rcf.incidents.models import Incident, IncidentLink, PersonCount
from rcf.incidents.rollup_models import CitizenshipRollup, FeeRollup, IncidentRollup, RouteFeeRollup
from rcf.incidents.service import IncidentFilters
from rcf.incidents.summary import Scope, counted_incidents
from rcf.incidents.summary_rollups import RollupPicture
from rcf.members.models import Agency, Member
from rcf.runtime import Runtime

BATCH = 50_000
TAIL = 20_000  # reports of the import whose rollups are measured
NOW = datetime.now(UTC)
FIRST_DAY = date(NOW.year - 3, 1, 1)
DAYS = (NOW.date() - FIRST_DAY).days
SPAN = timedelta(days=730)
ROUTES = [
    ("LKA", ["IND"], "AUS"), ("AFG", ["PAK", "IRN"], "TUR"), ("MMR", [], "MYS"),
    ("BGD", ["MMR"], "THA"), ("IRN", ["IDN"], "AUS"), ("VNM", ["KHM"], "THA"),
    ("MMR", ["THA"], "MYS"), ("PAK", ["MYS"], "IDN"), ("CHN", [], "PHL"), ("LAO", [], "THA"),
]  # fmt: skip
CITIZENSHIPS = ("LKA", "AFG", "MMR", "BGD", "IRN", "VNM", "PAK", "CHN", "LAO", "XXA", "KHM", "NPL")
KINDS = ("irregular_entry", "smuggling_sea", "maritime_interception", "irregular_stay")
INCIDENTS = cast(Table, Incident.__table__)
PERSONS = cast(Table, PersonCount.__table__)
SHARES = cast(Table, RecordShare.__table__)
LINKS = cast(Table, IncidentLink.__table__)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark of the situational picture.")
    parser.add_argument("--rows", type=int, default=5_000_000, help="incident reports to seed")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each chart")
    parser.add_argument(
        "--baseline-repeat",
        type=int,
        default=5,
        help="timed runs of each direct baseline (0: run once to check the figures, untimed)",
    )
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--quick", action="store_true", help="200,000 reports")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --database-url: keep the reports a previous run seeded there (5M take long)",
    )
    parser.add_argument(
        "--keep-rollups",
        action="store_true",
        help="with --reuse: keep the rollups a previous run built (a drift shows as FIGURES "
        "DIFFER)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rows = 200_000
    return args


# --- Seeding ------------------------------------------------------------------------------------


def incident_row(i: int, rows: int, owner: tuple[int, int], rng: random.Random) -> dict[str, Any]:
    """Report ``i``: created over the last two years, ids ascending with time (as in real use)."""
    created = NOW - SPAN + SPAN * (i / rows)
    origin, transit, destination = ROUTES[int(rng.paretovariate(1.2)) % len(ROUTES)]
    persons = rng.randint(1, 60)
    fee = 50 * rng.randint(10, 200) if rng.random() < 0.5 else None
    return {
        "id": i + 1, "owner_member_id": owner[0], "owner_agency_id": owner[1],
        "created_by_id": None, "visibility": visibility_for(rng).value, "handling_code": "H0",
        "handling_restriction": "", "source_reliability": "X", "information_accuracy": "4",
        "review_date": None, "created_at": created, "updated_at": created,
        "withdrawn_at": created if rng.random() < 0.02 else None,
        "reference": f"R-{i + 1}", "version": 1, "kind": KINDS[i % len(KINDS)],
        "occurred_on": FIRST_DAY + timedelta(days=rng.randrange(DAYS)), "occurred_time": None,
        "country": destination, "location_name": "", "latitude": None, "longitude": None,
        "border_type": "sea", "checkpoint": "", "origin_country": origin,
        "transit_countries": transit, "embarkation_point": "",
        "destination_country": destination, "transport_means": "boat", "vehicle_type": "",
        "transport_identifier": "", "methods": [], "persons_total": persons,
        "children_total": 0, "unaccompanied_children": 0, "separated_children": 0,
        "smuggled": "yes", "fee_amount": fee, "fee_currency": "USD" if fee else None,
        "fee_basis": "per_person" if fee else None, "payment_method": None,
        "fee_usd_per_person": fee, "facilitators": [], "fraudulent_documents": [],
        "deaths": 1 if rng.random() < 0.01 else 0, "missing": 2 if rng.random() < 0.01 else 0,
        "returned": 0, "asylum_claims": 0, "arrests": 0, "prosecutions": 0,
        "trafficking_suspected": "unknown", "narrative": "", "impact_level": "low",
        "content_hash": "",
    }  # fmt: skip


def person_rows(row: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """The persons of one report as one or two citizenship rows adding up to persons_total."""
    total, first = row["persons_total"], CITIZENSHIPS[rng.randrange(len(CITIZENSHIPS))]
    if total < 2 or rng.random() < 0.6:
        return [_person(row["id"], first, total)]
    second = CITIZENSHIPS[rng.randrange(len(CITIZENSHIPS))]
    return [_person(row["id"], first, total // 2), _person(row["id"], second, total - total // 2)]


def _person(incident_id: int, citizenship: str, count: int) -> dict[str, Any]:
    return {
        "incident_id": incident_id,
        "citizenship": citizenship,
        "sex": "U",
        "age_group": "adult",
        "count": count,
    }


def generate(rows: int, owners: list[tuple[int, int]]) -> Iterator[dict[str, list[Any]]]:
    """Batches of rows for each table; deterministic (seeded RNG)."""
    rng = random.Random(20260301)
    for start in range(0, rows, BATCH):
        batch: dict[str, list[Any]] = {"incidents": [], "persons": [], "shares": [], "links": []}
        for i in range(start, min(start + BATCH, rows)):
            at = rng.randrange(len(owners))
            row = incident_row(i, rows, owners[at], rng)
            add_report(batch, row, at, owners, rng)
            if i > 0 and rng.random() < 0.01:
                link = {"duplicate_id": row["id"], "canonical_id": row["id"] - 1}
                batch["links"].append(
                    {**link, "linked_by_member_id": owners[at][0], "created_at": NOW}
                )
        yield batch


def add_report(batch: dict[str, list[Any]], row: dict[str, Any], at: int,
               owners: list[tuple[int, int]], rng: random.Random) -> None:  # fmt: skip
    """The report ``row`` of ``owners[at]`` with its person counts and shares."""
    batch["incidents"].append(row)
    batch["persons"] += person_rows(row, rng)
    if row["visibility"] == Visibility.MEMBERS:
        batch["shares"] += [
            {"record_type": "incident", "record_id": row["id"], "member_id": m}
            for m in (owners[(at + 1) % 9][0], owners[(at + 2) % 9][0])
        ]


def seed_reports(engine: Engine, rows: int, owners: list[tuple[int, int]]) -> None:
    tables = {"incidents": INCIDENTS, "persons": PERSONS, "shares": SHARES, "links": LINKS}
    if engine.dialect.name == "postgresql":
        copy_reports(engine, rows, owners, tables)
        return
    with engine.begin() as conn:
        # A throwaway file: no journal, no syncing, a large page cache while it fills.
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1048576"):
            conn.exec_driver_sql(f"PRAGMA {pragma}")
        for batch in generate(rows, owners):
            for name, table in tables.items():
                if batch[name]:
                    insert_for_driver(conn, table, batch[name])


def insert_for_driver(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """One executemany of tuples already in the driver's form (each column's bind processor
    applied here), skipping SQLAlchemy's per-row work: several times faster than insert()."""
    columns = list(rows[0])
    processors = [
        table.c[c].type.dialect_impl(conn.dialect).bind_processor(conn.dialect) for c in columns
    ]
    prepared = [
        tuple(p(row[c]) if p else row[c] for c, p in zip(columns, processors, strict=True))
        for row in rows
    ]
    markers = ", ".join("?" * len(columns))
    statement = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({markers})"
    conn.exec_driver_sql(statement, prepared)


def copy_reports(
    engine: Engine, rows: int, owners: list[tuple[int, int]], tables: dict[str, Table]
) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for batch in generate(rows, owners):
            for name, table in tables.items():
                if not batch[name]:
                    continue
                columns = list(batch[name][0])
                with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in batch[name]:
                        copy.write_row([_copy_value(row[c]) for c in columns])
        for table in tables.values():  # ids were given explicitly: move the sequences on
            if "id" in table.c and table.name != "record_shares":
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce(max(id), 1)) FROM {table.name}"
                )
        raw.commit()
    finally:
        raw.close()


def _copy_value(value: Any) -> Any:
    """JSON columns as the text SQLAlchemy would have written (COPY takes no JSON lists)."""
    return json.dumps(value) if isinstance(value, list) else value


def analyze(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        return
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def seed(
    engine: Engine, factory: sessionmaker[Session], rows: int, *, reuse: bool = False
) -> dict[str, tuple[int, int]]:
    if inspect(engine).has_table(Incident.__tablename__):
        if reuse:
            Base.metadata.create_all(engine)  # tables added since it was seeded
            return seeded_members(factory)
        raise SystemExit("the database already has an incidents table: pass a fresh database")
    Base.metadata.create_all(engine)
    members = seed_members(factory)
    seed_reports(engine, rows, [members[code] for code in CONTRIBUTORS])
    analyze(engine)
    return members


def seeded_members(factory: sessionmaker[Session]) -> dict[str, tuple[int, int]]:
    with factory() as session:
        rows = session.execute(select(Member.code, Member.id, Agency.id).join(Member.agencies))
        return {code: (member_id, agency_id) for code, member_id, agency_id in rows}


# --- The measured requests ----------------------------------------------------------------------


@dataclass(frozen=True)
class BenchRuntime:
    """What ``visible_incidents`` reads of the runtime: the reciprocity rule (the default)."""

    reciprocity: Reciprocity = field(default_factory=Reciprocity)


Chart = Callable[[Session, Any, IncidentFilters], object]
DIRECT: dict[str, Chart] = {
    "persons per month": summary.persons_per_month,
    "top routes": summary.routes,
    "citizenships": summary.citizenships,
    "median fee by route": lambda s, base, f: summary.median_fees(s, base),
    "deaths and missing": lambda s, base, f: summary.losses(s, base),
}
COUNT: Chart = lambda s, base, f: s.scalar(base.with_only_columns(func.count(Incident.id)))  # noqa: E731
ROLLUP: dict[str, Callable[[RollupPicture], object]] = {
    "persons per month": lambda p: summary.persons_chart(p.month_sums()),
    "top routes": lambda p: summary.routes_chart(p.route_sums()),
    "citizenships": lambda p: summary.citizenships_chart(p.citizenship_sums()),
    "median fee by route": lambda p: summary.fees_chart(p.fee_histograms()),
    "deaths and missing": lambda p: summary.losses_chart(p.loss_sums()),
}


def run_direct(factory: sessionmaker[Session], runtime: Runtime, actor: Actor, chart: Chart,
               filters: IncidentFilters, scope: Scope) -> object:  # fmt: skip
    with factory() as session:
        base = counted_incidents(session, runtime, actor, filters, scope)
        return chart(session, base, filters)


RollupChart = Callable[[RollupPicture], object]


def run_rollup(factory: sessionmaker[Session], runtime: Runtime, actor: Actor,
               chart: RollupChart, filters: IncidentFilters, scope: Scope) -> object:  # fmt: skip
    with factory() as session:
        picture = RollupPicture.open(session, runtime, actor, filters, scope)
        assert picture is not None, "the rollups should answer these filters"
        return chart(picture)


def percentiles(call: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """After one warm-up call, (p50, p95) wall time of ``repeat`` calls and p95 CPU time of
    this process (SQLite works in it; the machine is shared, so wall time includes waiting)
    in milliseconds."""
    call()
    samples, cpu = [], []
    for _ in range(repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        call()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
    if len(samples) == 1:
        return samples[0], samples[0], cpu[0]
    return (*_median_p95(samples), _median_p95(cpu)[1])


@dataclass(frozen=True)
class Case:
    """One measured situation: whose picture, over which reports."""

    factory: sessionmaker[Session]
    runtime: Runtime
    actor: Actor
    filters: IncidentFilters
    scope: Scope

    def direct(self, chart: Chart) -> object:
        return run_direct(self.factory, self.runtime, self.actor, chart, self.filters, self.scope)

    def rollup(self, chart: RollupChart) -> object:
        return run_rollup(self.factory, self.runtime, self.actor, chart, self.filters, self.scope)

    @property
    def label(self) -> str:
        return f"{self.scope.value} contributor, {filters_label(self.filters)}"


def benchmark(case: Case, args: Any, backend: str) -> float:
    """Each chart's p50/p95 through the rollups, next to its direct baseline; returns the
    worst p95."""
    count50, count95, _ = percentiles(lambda: case.direct(COUNT), max(args.baseline_repeat, 1))
    print(f"\n{case.label}; ms; rollups {args.repeat} runs, "
          f"baselines {args.baseline_repeat} runs; load average {load_average()}")  # fmt: skip
    print(f"{'chart':<21}{'rollups p50':>12}{'p95':>8}{'CPU p95':>9}{'direct p50':>12}{'p95':>8}"
          f"{'rollups/direct':>16}{'rollups/count':>15}   p95 <= 300 ms")  # fmt: skip
    print(f"{'baseline count(*)':<21}{'':>29}{count50:>12.1f}{count95:>8.1f}")
    worst = 0.0
    for name, chart in DIRECT.items():
        rollup = ROLLUP[name]
        same = case.rollup(rollup) == case.direct(chart)
        r50, r95, cpu95 = percentiles(lambda rollup=rollup: case.rollup(rollup), args.repeat)
        d50 = d95 = math.nan  # --baseline-repeat 0: the direct charts only checked, not timed
        if args.baseline_repeat:
            d50, d95, _ = percentiles(lambda chart=chart: case.direct(chart), args.baseline_repeat)
        worst = max(worst, r95)
        verdict = ("ok" if r95 <= 300 else "OVER") + ("" if same else "  (FIGURES DIFFER)")
        print(f"{name:<21}{r50:>12.1f}{r95:>8.1f}{cpu95:>9.1f}{d50:>12.1f}{d95:>8.1f}"
              f"{r95 / d95:>15.3f}x{r95 / count95:>14.3f}x   {verdict}")  # fmt: skip
    print(
        f"summary charts through rollups ({args.rows:,} reports, {backend}, {case.label}): "
        f"worst chart p95 {worst:.1f} ms (target <= 300 ms); baseline scoped count(*) p95 "
        f"{count95:.1f} ms, ratio {worst / count95:.3f}x"
    )
    return worst


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def filters_label(filters: IncidentFilters) -> str:
    if filters.date_from is None:
        return "no filter"
    return f"{filters.date_from} to {filters.date_to}"


def run(url: str, args: Any) -> None:
    engine = make_engine(url)
    factory = make_session_factory(engine, secret_key=secrets.token_hex(32))
    runtime = cast(Runtime, BenchRuntime())
    try:
        start = time.perf_counter()
        members = seed(engine, factory, args.rows, reuse=args.reuse)
        backend = engine.dialect.name
        print(f"seeded {args.rows:,} reports on {backend} in {time.perf_counter() - start:.1f} s")
        if not args.keep_rollups:
            start = time.perf_counter()
            with factory() as session, session.begin():
                rollups.rebuild(session)
            analyze(engine)
            print(f"built the rollups in {time.perf_counter() - start:.1f} s")
        print(f"rollup rows: {rollup_rows(factory)}")
        actor = contributor(CONTRIBUTORS[0], members)
        year = FIRST_DAY.year + 1
        # A range with partial months at both ends (those days come from the day rollups).
        ranged = IncidentFilters(date_from=date(year, 2, 10), date_to=date(year, 11, 20))
        for scope in (Scope.REGIONAL, Scope.NATIONAL):
            for filters in (IncidentFilters(), ranged):
                benchmark(Case(factory, runtime, actor, filters, scope), args, backend)
        owner = members[CONTRIBUTORS[0]]
        write_cost(factory, owner[0], args.repeat)
        tail_cost(engine, Case(factory, runtime, actor, ranged, Scope.REGIONAL), args, members)
    finally:
        engine.dispose()


def write_cost(factory: sessionmaker[Session], owner: int, repeat: int) -> None:
    """What the rollups add to a form save: one report amended (another day, route, fee and
    persons), flushed, and its groups brought up to date (``rollups.apply``, what the commit
    runs), then rolled back so that every run changes the same kind of report. Baseline: the
    same change as one plain UPDATE of the report, without the rollups."""
    with factory() as session:
        ids = session.scalars(
            select(Incident.id)
            .where(Incident.owner_member_id == owner, Incident.withdrawn_at.is_(None))
            .order_by(Incident.id.desc())
            .limit(repeat + 1)
        ).all()
    rollup, plain = [], []
    for incident_id in ids:
        with factory() as session:
            start = time.perf_counter()
            _amend(session.get_one(Incident, incident_id))
            session.flush()
            rollups.apply(session, session.info.pop(rollups.PENDING_KEY))
            rollup.append((time.perf_counter() - start) * 1000)
            session.rollback()
            start = time.perf_counter()
            session.execute(
                update(Incident).where(Incident.id == incident_id).values(persons_total=99)
            )
            plain.append((time.perf_counter() - start) * 1000)
            session.rollback()
    r50, r95 = _median_p95(rollup[1:])  # the first one warms the caches up
    p50, p95 = _median_p95(plain[1:])
    print(
        f"\none write with its rollup groups (amend + flush + rollups.apply, {len(rollup) - 1} "
        f"runs): p50 {r50:.1f} ms, p95 {r95:.1f} ms; baseline plain UPDATE p50 {p50:.1f} ms, "
        f"p95 {p95:.1f} ms; ratio p95 {r95 / p95:.1f}x"
    )


def tail_cost(engine: Engine, case: Case, args: Any, members: dict[str, tuple[int, int]]) -> None:
    """An import of TAIL new reports by one member, as the import now leaves them: written,
    recorded as the rollups' tail (``import_rollups.add_new_reports``, what the import pays) and
    committed; then the charts with the tail unfolded; then the fold, the work the import did
    synchronously before (per report, next to the baseline of writing the reports). The
    reports are deleted at the end (the next run rebuilds the rollups)."""
    owners = [members[code] for code in CONTRIBUTORS]
    with engine.begin() as conn:
        first = (conn.scalar(select(func.max(Incident.id))) or 0) + 1
    batch, now = new_import(first, owners)
    with Session(engine) as session, session.begin():
        start = time.process_time()
        write_rows(session.connection(), batch)
        written = time.process_time() - start
        start = time.process_time()
        import_rollups.add_new_reports(session, owners[0][0], first, first + TAIL - 1, now)
        recorded = time.process_time() - start
    us = 1e6 / TAIL
    print(f"\nan import of {TAIL:,} reports: writing them {written * us:.1f} us CPU/report; "
          f"recording them as the rollups' tail {recorded * us:.2f} us/report")  # fmt: skip
    benchmark(case, args, engine.dialect.name)  # with those reports in the tail
    appended = {table: _largest_id(engine, table) for table in ROLLUP_TABLES}
    start, cpu = time.perf_counter(), time.process_time()
    folded = import_rollups.fold_all(case.factory)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"fold after the commit ({folded:,} ids): {wall * us:.1f} us/report wall, "
        f"{cpu * us:.1f} us CPU/report of this process (SQLite's work included, not a "
        f"server's); baseline writing the reports {written * us:.1f} us CPU/report"
    )
    remove_reports(engine, first, appended)


def _largest_id(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.max(table.id))) or 0


def new_import(first: int, owners: list[tuple[int, int]]) -> tuple[dict[str, list[Any]], Any]:
    """TAIL new reports of the first owner, created now, ids from ``first``."""
    rng, now = random.Random(7), datetime.now(UTC)
    batch: dict[str, list[Any]] = {"incidents": [], "persons": [], "shares": [], "links": []}
    for i in range(first - 1, first - 1 + TAIL):
        row = incident_row(i, i + 1, owners[0], rng)
        row.update(created_at=now, updated_at=now, withdrawn_at=None, reference=f"T-{i + 1}")
        add_report(batch, row, 0, owners, rng)
    return batch, now


def write_rows(conn: Connection, batch: dict[str, list[Any]]) -> None:
    for name, table in (("incidents", INCIDENTS), ("persons", PERSONS), ("shares", SHARES)):
        if not batch[name]:
            continue
        if conn.dialect.name == "sqlite":
            insert_for_driver(conn, table, batch[name])
        else:
            conn.execute(insert(table), batch[name])


def remove_reports(engine: Engine, first: int, appended: dict[Any, int]) -> None:
    """The reports from ``first`` on, and the rollup rows their fold appended (past
    ``appended[table]``): the database as before the import."""
    with engine.begin() as conn:
        for table, largest in appended.items():
            conn.execute(delete(table).where(table.id > largest))
        conn.execute(delete(PERSONS).where(PERSONS.c.incident_id >= first))
        conn.execute(delete(SHARES).where(SHARES.c.record_type == "incident",
                                          SHARES.c.record_id >= first))  # fmt: skip
        conn.execute(delete(INCIDENTS).where(INCIDENTS.c.id >= first))


def _amend(report: Incident) -> None:
    report.occurred_on += timedelta(days=3)
    report.origin_country, report.transit_countries, report.destination_country = "MMR", [], "MYS"
    report.fee_usd_per_person = Decimal(1234)
    report.persons_total += 1
    report.person_counts[0].count += 1
    report.visibility = Visibility.REGIONAL


def _median_p95(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples), cuts[18]


ROLLUP_TABLES = (
    *[r.table for r in (*rollups.DAYS, *rollups.FINE)],
    *[t.table for t in rollups.TOTALS],
)


def rollup_rows(factory: sessionmaker[Session]) -> str:
    with factory() as session:
        counts = [
            f"{table.__tablename__} {session.scalar(select(func.count()).select_from(table)):,}"
            for table in (IncidentRollup, CitizenshipRollup, FeeRollup, RouteFeeRollup)
        ]
    return ", ".join(counts)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with bench_database(args.database_url) as url:
        run(url, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
