"""Benchmark of the sharing policy: listing visible bulletins through ``scope()``.

What is measured: the three statements a bulletin list page issues (see
``rcf.bulletins.service.list_bulletins``), each as one request:

* the newest-first first page, ``ORDER BY id DESC LIMIT 51`` (50 shown, one to know if more);
* the second page by keyset (``WHERE id < last id of page one``);
* a category-filtered first page.

The baseline (``baseline: unscoped keyset list``) runs the same statements without ``scope()``
and without the withdrawn filter, i.e. the cheapest query a list page could possibly issue.
The scoped figure goes through ``scope(stmt, session, actor, Bulletin, Reciprocity())`` and so
includes everything a request pays for the policy: the reciprocity count query that ``scope()``
runs on every call, and the visibility predicate (owner, ``record_shares`` EXISTS, regional).
Each timed request opens a fresh session, builds its statement, loads the ORM objects and closes
the session, for both figures. The target is scoped <= 1.5x baseline.

Two actors are measured: a contributor of a member that owns ~1/9 of the rows (meets
reciprocity, so it sees regional records), and a contributor of a member that owns no rows and
has nothing shared with it (fails reciprocity: it sees no other member's record, so the list is
empty and the database must prove that over the whole table).

The data: 9 contributing members own the rows evenly (40% national, 20% ``members`` shared with
two other members through ``record_shares``, 40% regional; created over the last two years, ids
ascending with time; ~2% withdrawn), plus a member with no rows and the RSO. Seeding uses Core
executemany in batches of 50k (COPY on PostgreSQL), then ANALYZE.

Usage: PYTHONPATH=src python bench/policy.py [--rows N] [--repeat K] [--database-url URL] [--quick]
A PostgreSQL database is created if missing and dropped at the end if this run created it; an
existing database that already holds a bulletins table is refused. Timings are printed, never
asserted; the script exits 0.
"""

from __future__ import annotations

import argparse
import random
import secrets
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, Select, Table, create_engine, insert, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

import rcf.accounts.models
import rcf.audit.models  # noqa: F401 - registers the tables with Base.metadata
from rcf.access.policy import (
    Actor,
    Reciprocity,
    RecordShare,
    Visibility,
    meets_reciprocity,
    scope,
)
from rcf.access.roles import ROLE_PERMISSIONS, Role
from rcf.bulletins.models import Bulletin, BulletinCategory
from rcf.db import Base, make_engine, make_session_factory
from rcf.members.models import Agency, AgencyKind, Member, MemberKind

PAGE = 50
BATCH = 50_000
CONTRIBUTORS = ("AUS", "IDN", "THA", "MYS", "PHL", "VNM", "KHM", "LAO", "MMR")
NON_CONTRIBUTOR = "TLS"
RSO = "RSO"
CATEGORIES = tuple(BulletinCategory)
NOW = datetime.now(UTC)
SPAN = timedelta(days=730)

Query = Callable[[Session], Select[Any]]
BULLETINS = cast(Table, Bulletin.__table__)
SHARES = cast(Table, RecordShare.__table__)


@dataclass(frozen=True)
class Figures:
    """Median milliseconds per list request, per page shape."""

    by_shape: dict[str, float]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.by_shape.values())


# --- Database lifecycle -------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark of the sharing policy's scope().")
    parser.add_argument("--rows", type=int, default=1_000_000, help="bulletin rows to seed")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs of each request")
    parser.add_argument(
        "--database-url",
        default=None,
        help="SQLAlchemy URL (default: a fresh temporary SQLite file); a "
        "PostgreSQL database is created if missing and dropped at the end",
    )
    parser.add_argument("--quick", action="store_true", help="100,000 rows, 20 runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.repeat = 100_000, 20
    return args


def _admin_engine(url: URL) -> Engine:
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


def _pg_database_exists(admin: Engine, name: str) -> bool:
    with admin.connect() as conn:
        found = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
    return found is not None


@contextmanager
def postgres_database(url: URL) -> Iterator[str]:
    """Create the database if missing; drop it at the end only if this run created it."""
    admin, name = _admin_engine(url), url.database or "rcf_bench"
    quoted = '"' + name.replace('"', '""') + '"'
    created = not _pg_database_exists(admin, name)
    if created:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {quoted}")
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        if created:
            with admin.connect() as conn:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        admin.dispose()


@contextmanager
def sqlite_database() -> Iterator[str]:
    folder = Path(tempfile.mkdtemp(prefix="rcf-bench-"))
    try:
        yield f"sqlite:///{folder / 'bench.db'}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def given_database(url: str) -> Iterator[str]:
    yield url


def bench_database(url: str | None) -> AbstractContextManager[str]:
    if url is None:
        return sqlite_database()
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return postgres_database(parsed)
    return given_database(url)


# --- Seeding ------------------------------------------------------------------------------------


def seed_members(factory: sessionmaker[Session]) -> dict[str, tuple[int, int]]:
    """One agency per member; returns code -> (member id, agency id)."""
    codes = [*CONTRIBUTORS, NON_CONTRIBUTOR, RSO]
    with factory() as session, session.begin():
        for code in codes:
            kind = MemberKind.RSO if code == RSO else MemberKind.MEMBER_STATE
            member = Member(code=code, name=f"Member {code}", kind=kind)
            member.agencies.append(Agency(name=f"{code} police", kind=AgencyKind.POLICE))
            session.add(member)
        session.flush()
        rows = session.execute(select(Member.code, Member.id, Agency.id).join(Member.agencies))
        return {code: (member_id, agency_id) for code, member_id, agency_id in rows}


def visibility_for(rng: random.Random) -> Visibility:
    roll = rng.random()
    if roll < 0.4:
        return Visibility.NATIONAL
    return Visibility.MEMBERS if roll < 0.6 else Visibility.REGIONAL


def bulletin_row(i: int, rows: int, owner: tuple[int, int], rng: random.Random) -> dict[str, Any]:
    """Row ``i`` (ids ascend with created_at, as in real use); ~2% withdrawn."""
    created = NOW - SPAN + SPAN * (i / rows)
    return {
        "id": i + 1,
        "title": f"Bulletin {i + 1}",
        "category": CATEGORIES[i % len(CATEGORIES)].value,
        "body": "Short body.",
        "owner_member_id": owner[0],
        "owner_agency_id": owner[1],
        "visibility": visibility_for(rng).value,
        "handling_code": "H0",
        "handling_restriction": "",
        "source_reliability": "X",
        "information_accuracy": "4",
        "created_at": created,
        "updated_at": created,
        "withdrawn_at": created if rng.random() < 0.02 else None,
    }


def share_rows(row: dict[str, Any], owners: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Each ``members`` record is shared with the next two contributing members."""
    if row["visibility"] != Visibility.MEMBERS:
        return []
    at = owners.index((row["owner_member_id"], row["owner_agency_id"]))
    targets = (owners[(at + 1) % len(owners)][0], owners[(at + 2) % len(owners)][0])
    return [
        {"record_type": Bulletin.record_type, "record_id": row["id"], "member_id": m}
        for m in targets
    ]


def generate(rows: int, owners: list[tuple[int, int]]) -> Iterator[list[dict[str, Any]]]:
    """Batches of bulletin rows, owners spread evenly; deterministic (seeded RNG)."""
    rng = random.Random(20240501)
    for start in range(0, rows, BATCH):
        yield [
            bulletin_row(i, rows, owners[rng.randrange(len(owners))], rng)
            for i in range(start, min(start + BATCH, rows))
        ]


def seed_bulletins(engine: Engine, rows: int, owners: list[tuple[int, int]]) -> None:
    """Executemany in batches of 50k inside one transaction (COPY on PostgreSQL)."""
    if engine.dialect.name == "postgresql":
        copy_bulletins(engine, rows, owners)
        return
    with engine.begin() as conn:
        for batch in generate(rows, owners):
            conn.execute(insert(BULLETINS), batch)
            shares = [s for row in batch for s in share_rows(row, owners)]
            if shares:
                conn.execute(insert(SHARES), shares)


def copy_bulletins(engine: Engine, rows: int, owners: list[tuple[int, int]]) -> None:
    columns = [c.name for c in BULLETINS.columns if c.name != "review_date"]
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for batch in generate(rows, owners):
            with cursor.copy(f"COPY bulletins ({', '.join(columns)}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row([row.get(c) for c in columns])
            shares = [s for row in batch for s in share_rows(row, owners)]
            with cursor.copy(
                "COPY record_shares (record_type, record_id, member_id) FROM STDIN"
            ) as copy:
                for share in shares:
                    copy.write_row(list(share.values()))
        raw.commit()
    finally:
        raw.close()


def analyze(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE bulletins")
            conn.exec_driver_sql("VACUUM ANALYZE record_shares")


def seed(engine: Engine, factory: sessionmaker[Session], rows: int) -> dict[str, tuple[int, int]]:
    if inspect(engine).has_table(Bulletin.__tablename__):
        raise SystemExit("the database already has a bulletins table: pass a fresh database")
    Base.metadata.create_all(engine)
    members = seed_members(factory)
    seed_bulletins(engine, rows, [members[code] for code in CONTRIBUTORS])
    analyze(engine)
    return members


# --- The measured requests ----------------------------------------------------------------------


def contributor(code: str, members: dict[str, tuple[int, int]]) -> Actor:
    member_id, agency_id = members[code]
    return Actor(
        user_id=1,
        label=f"contributor of {code}",
        member_id=member_id,
        agency_id=agency_id,
        member_kind=MemberKind.MEMBER_STATE,
        role=Role.CONTRIBUTOR,
        permissions=ROLE_PERMISSIONS[Role.CONTRIBUTOR],
    )


def shapes(after: int | None) -> dict[str, Callable[[Select[Any]], Select[Any]]]:
    """The three statements of a list page, as filters on a base select."""
    newest = Bulletin.id.desc()
    return {
        "first page": lambda s: s.order_by(newest).limit(PAGE + 1),
        "keyset page 2": lambda s: (
            s.where(Bulletin.id < (after or 0)).order_by(newest).limit(PAGE + 1)
        ),
        "category page": lambda s: (
            s.where(Bulletin.category == BulletinCategory.TREND).order_by(newest).limit(PAGE + 1)
        ),
    }


def base_query(actor: Actor | None) -> Query:
    """Baseline (actor None): a plain select; otherwise the select through ``scope()``."""
    if actor is None:
        return lambda session: select(Bulletin)
    return lambda session: scope(select(Bulletin), session, actor, Bulletin, Reciprocity())


def run_once(factory: sessionmaker[Session], base: Query, shape: Callable[..., Any]) -> list[Any]:
    with factory() as session:
        return list(session.scalars(shape(base(session))))


def last_id(factory: sessionmaker[Session], base: Query) -> int | None:
    """The keyset cursor a user would follow: the 50th row of their own first page."""
    page = run_once(factory, base, shapes(None)["first page"])
    return page[PAGE - 1].id if len(page) > PAGE else None


def median_ms(call: Callable[[], object], repeat: int) -> float:
    """Warm up, then the median wall time of ``repeat`` calls, in milliseconds."""
    for _ in range(max(3, repeat // 10)):
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def measure(factory: sessionmaker[Session], actor: Actor | None, repeat: int) -> Figures:
    base = base_query(actor)
    after = last_id(factory, base) or last_id(factory, base_query(None))
    return Figures(
        {
            name: median_ms(partial(run_once, factory, base, shape), repeat)
            for name, shape in shapes(after).items()
        }
    )


def reciprocity_ms(factory: sessionmaker[Session], actor: Actor, repeat: int) -> float:
    """The part of a scoped request spent in the reciprocity count that ``scope()`` runs."""

    def call() -> bool:
        with factory() as session:
            return meets_reciprocity(session, actor, Bulletin, Reciprocity())

    return median_ms(call, repeat)


# --- Report -------------------------------------------------------------------------------------


def print_table(baseline: Figures, scoped: dict[str, Figures]) -> None:
    header = f"{'request':<16}{'baseline ms':>13}"
    for label in scoped:
        header += f"{label + ' ms':>24}{'ratio':>8}"
    print(header)
    for name, base_ms in [*baseline.by_shape.items(), ("mean of three", baseline.mean)]:
        line = f"{name:<16}{base_ms:>13.3f}"
        for figures in scoped.values():
            ms = figures.mean if name == "mean of three" else figures.by_shape[name]
            line += f"{ms:>24.3f}{ms / base_ms:>7.2f}x"
        print(line)


def print_summary(rows: int, backend: str, baseline: Figures, scoped: dict[str, Figures]) -> None:
    for label, figures in scoped.items():
        ratio = figures.mean / baseline.mean
        print(
            f"policy scope list ({rows:,} rows, {backend}, {label}): baseline "
            f"{baseline.mean:.2f} ms, scoped {figures.mean:.2f} ms, ratio {ratio:.2f}x "
            f"(target <= 1.5x)"
        )


def benchmark(
    factory: sessionmaker[Session],
    members: dict[str, tuple[int, int]],
    rows: int,
    repeat: int,
    backend: str,
) -> None:
    actors = {
        "contributor": contributor(CONTRIBUTORS[0], members),
        "non-contributor": contributor(NON_CONTRIBUTOR, members),
    }
    baseline = measure(factory, None, repeat)
    scoped = {label: measure(factory, actor, repeat) for label, actor in actors.items()}
    print(f"\nmedian of {repeat} runs, ms per list request (baseline: unscoped keyset list)")
    print_table(baseline, scoped)
    for label, actor in actors.items():
        print(
            f"  of which reciprocity count ({label}): "
            f"{reciprocity_ms(factory, actor, repeat):.3f} ms"
        )
    print()
    print_summary(rows, backend, baseline, scoped)


def run(url: str, rows: int, repeat: int) -> None:
    engine = make_engine(url)
    factory = make_session_factory(engine, secret_key=secrets.token_hex(32))
    try:
        start = time.perf_counter()
        members = seed(engine, factory, rows)
        backend = engine.dialect.name
        print(f"seeded {rows:,} bulletins on {backend} in {time.perf_counter() - start:.1f} s")
        benchmark(factory, members, rows, repeat, backend)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with bench_database(args.database_url) as url:
        run(url, args.rows, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
