"""Benchmark of the incident bulk import against pandas ``read_csv`` + ``to_sql``.

What is measured, on the same generated CSV file:

* ours: ``rcf.incidents.importing.import_table`` as ``rcf incidents import`` runs it: read and
  normalise every cell, validate every row through ``IncidentIn`` (the API's schema), hash it,
  look up existing references, bulk-insert incidents, person counts and shares, audit, commit.
  Rows are checked by ``WORKERS`` worker processes (files of ``PARALLEL_FROM`` rows or more).
  The database starts empty (a first import, the expensive case).
* baseline: ``pandas.read_csv`` of the file + ``DataFrame.to_sql`` into a fresh table of the
  same database, with no validation at all (``method="multi"`` is slower on SQLite, so the
  default executemany is used; chunks of 10,000).

Printed: rows/s of each and the ratio ours/baseline. Targets (issue 3): >= 50,000 rows/s on
SQLite and >= 2x pandas. Nothing is asserted; the script exits 0.

Usage: PYTHONPATH=src:. python bench/import_incidents.py [--rows N | --quick] [--database-url URL]
(pandas comes from the ``bench`` extra: ``pip install -c constraints.txt -e '.[bench]'``.)
The default database is a temporary SQLite file; a PostgreSQL URL must name a server where this
script may create and drop a database ``rcf_bench_import``.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import os
import random
import resource
import shutil
import tempfile
import time
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from rcf.access.policy import Actor
from rcf.cli.database import alembic_config
from rcf.incidents import import_rollups, import_writing
from rcf.incidents.columns import COLUMN_NAMES
from rcf.incidents.import_files import CLI_LIMITS, open_path
from rcf.incidents.importing import WORKERS, file_sha256, import_table
from rcf.incidents.rates import parse_rates, save_rates, shipped_rates
from rcf.members.models import Agency, AgencyKind, Member, MemberKind
from rcf.runtime import Runtime
from rcf.settings import Settings

KINDS = ["maritime_interception", "irregular_entry", "smuggling_land", "document_fraud"]
COUNTRIES = ["THA", "IDN", "MYS", "LKA", "MMR", "BGD", "AFG", "IRN", "VNM", "PHL"]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Varied, valid reports: every row passes validation (we time the success path)."""
    pick = random.Random(seed)
    start = date(2020, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMN_NAMES)
        for n in range(rows):
            row = _row(n, pick, start)
            writer.writerow([row.get(name, "") for name in COLUMN_NAMES])


def _row(n: int, pick: random.Random, start: date) -> dict[str, str]:
    origin, destination = pick.sample(COUNTRIES, 2)
    adults, children = pick.randint(1, 60), pick.randint(0, 10)
    persons = f"{origin}/M/adult={adults}" + (f"|{origin}/F/child={children}" if children else "")
    row = {
        "reference": f"BENCH-{n:08d}",
        "kind": pick.choice(KINDS),
        "occurred_on": (start + timedelta(days=pick.randrange(2000))).isoformat(),
        "country": pick.choice(COUNTRIES),
        "location_name": f"Place {pick.randrange(500)}",
        "latitude": f"{pick.uniform(-10, 20):.4f}",
        "longitude": f"{pick.uniform(90, 130):.4f}",
        "origin_country": origin,
        "destination_country": destination,
        "transport_means": pick.choice(["boat", "vehicle", "on_foot", "unknown"]),
        "methods": "clandestine_entry|concealment",
        "persons": persons,
        "smuggled": pick.choice(["yes", "no", "unknown"]),
        "arrests": str(pick.randrange(3)),
        "impact_level": pick.choice(["low", "medium", "high"]),
        "visibility": pick.choice(["national", "regional"]),
        "narrative": "Synthetic benchmark report.",
    }
    if n % 3 == 0:
        row.update(fee_amount=str(pick.randrange(100, 5000)), fee_currency="USD")
        row.update(fee_basis="per_person", payment_method="cash")
    return row


def prepare(url: str, data_dir: Path) -> tuple[Runtime, Actor]:
    settings = Settings(database_url=url, secret_key="bench-" + "k" * 40, data_dir=data_dir)
    command.upgrade(alembic_config(url), "head")
    runtime = Runtime.from_settings(settings)
    with runtime.sessions() as session:
        member = Member(code="THA", name="Bench", kind=MemberKind.MEMBER_STATE)
        session.add(member)
        session.flush()
        agency = Agency(member_id=member.id, name="Immigration", kind=AgencyKind.IMMIGRATION)
        session.add(agency)
        session.flush()
        save_rates(session, Actor.system(), parse_rates(shipped_rates())[0])
        actor = dataclasses.replace(
            Actor.system(member_id=member.id), agency_id=agency.id, request_id="bench"
        )
        session.commit()
    return runtime, actor


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the import's workers); the
    database server's own time is not included (PostgreSQL), for neither side."""
    return main_cpu_seconds() + workers_cpu_seconds()


def main_cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def workers_cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


class Split:
    """``--split``: where the main process's time goes, by timing the inserts of the rows
    (``NewReports.write``) from outside (wrapped for this run only). What is left of the main
    process is reading the file, handing blocks to the workers, collecting their results,
    building indexes, recording the rollups' tail and committing; the fold is timed apart."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {"inserts": 0.0}
        self.wall: dict[str, float] = {"inserts": 0.0}
        self.restore: list[tuple[object, str, object]] = []
        self._wrap(import_writing.NewReports, "write", "inserts")

    def _wrap(self, owner: object, name: str, part: str) -> None:
        original = getattr(owner, name)

        def timed(*args: object, **kwargs: object) -> object:
            cpu, wall = time.process_time(), time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.cpu[part] += time.process_time() - cpu
                self.wall[part] += time.perf_counter() - wall

        self.restore.append((owner, name, original))
        setattr(owner, name, timed)

    def close(self) -> None:
        for owner, name, original in self.restore:
            setattr(owner, name, original)


def time_ours(runtime: Runtime, actor: Actor, path: Path) -> tuple[float, str]:
    started = time.perf_counter()
    with path.open("rb") as whole:
        sha256 = file_sha256(whole)
    with closing(open_path(path, CLI_LIMITS)) as table, runtime.sessions() as session:
        result = import_table(session, actor, table, sha256=sha256, file_name=path.name)
        session.commit()
    elapsed = time.perf_counter() - started
    if not result.ok:
        raise SystemExit(f"generated rows refused: {result.checked.problems[:5]}")
    return elapsed, str({str(k): v for k, v in result.counts.items()})


def time_fold(runtime: Runtime) -> tuple[float, float]:
    """The rollups' fold of the new reports, which ``rcf incidents import`` runs after the
    import has committed (the summaries are exact before it: they add the rollups' tail):
    (wall seconds, CPU seconds of this process, the only one it runs in)."""
    started, cpu = time.perf_counter(), time.process_time()
    import_rollups.fold_all(runtime.sessions)
    return time.perf_counter() - started, time.process_time() - cpu


def time_pandas(url: str, path: Path) -> float:
    import pandas as pd

    engine = create_engine(url)
    started = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.to_sql("pandas_incidents", engine, if_exists="replace", index=False, chunksize=10_000)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


def print_split(split: Split, rows: int, main: float, workers: float) -> None:
    """The import's CPU per row by part (the fold apart)."""
    per_row = 1e6 / rows
    rest = main - split.cpu["inserts"]
    print(
        f"split, CPU per row: main process reading/collecting/indexes/commit "
        f"{rest * per_row:.1f} us, inserts {split.cpu['inserts'] * per_row:.1f} us; "
        f"workers checking {workers * per_row:.1f} us"
    )


def postgres_database(server: str) -> str:
    url = make_url(server)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS rcf_bench_import"))
        connection.execute(text("CREATE DATABASE rcf_bench_import"))
    admin.dispose()
    return url.set(database="rcf_bench_import").render_as_string(hide_password=False)


def drop_postgres(server: str) -> None:
    admin = create_engine(make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS rcf_bench_import WITH (FORCE)"))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="50,000 rows")
    parser.add_argument("--database-url", default="", help="PostgreSQL server (default SQLite)")
    parser.add_argument(
        "--split", action="store_true", help="also print where the import's time went"
    )
    args = parser.parse_args()
    rows = 50_000 if args.quick else args.rows
    work = Path(tempfile.mkdtemp(prefix="rcf-bench-import-"))
    try:
        path = work / "incidents.csv"
        generate(path, rows)
        print(f"{rows:,} rows, {path.stat().st_size / 1e6:.1f} MB of CSV")
        url = postgres_database(args.database_url) if args.database_url else ""
        url = url or f"sqlite:///{work / 'bench.sqlite3'}"
        runtime, actor = prepare(url, work)
        load_before = os.getloadavg()[0]
        cpu, main_cpu = cpu_seconds(), main_cpu_seconds()
        split = Split() if args.split else None
        ours, counts = time_ours(runtime, actor, path)
        if split is not None:
            split.close()
        fold, fold_cpu = time_fold(runtime)
        runtime.engine.dispose()
        main_cpu = main_cpu_seconds() - main_cpu
        cpu_ours, cpu = cpu_seconds() - cpu, cpu_seconds()
        baseline = time_pandas(url, path)
        cpu_baseline = cpu_seconds() - cpu
        backend = make_url(url).get_backend_name()
        print(f"backend: {backend}; ours: {counts}")
        print(f"ours (validated import):     {rows / ours:>10,.0f} rows/s ({ours:.1f} s)")
        print(f"baseline (pandas, no checks): {rows / baseline:>9,.0f} rows/s ({baseline:.1f} s)")
        print(f"ratio ours/baseline: {baseline / ours:.2f}x (target >= 2x; >= 50,000 rows/s)")
        print(
            f"then the rollups' fold, after the commit: {fold:.1f} s; import and fold together "
            f"{rows / (ours + fold):,.0f} rows/s, {baseline / (ours + fold):.2f}x the baseline"
        )
        # On a busy machine wall times stretch; the CPU seconds each side used do much less so.
        workers, imported = cpu_ours - main_cpu, cpu_ours - fold_cpu
        print(
            f"CPU seconds: ours, import {imported:.1f} (this process {main_cpu - fold_cpu:.1f}, "
            f"its workers {workers:.1f}) + fold {fold_cpu:.1f} = {cpu_ours:.1f}; baseline "
            f"{cpu_baseline:.1f}; ratio import alone {cpu_baseline / imported:.2f}x, with the "
            f"fold {cpu_baseline / cpu_ours:.2f}x"
        )
        if split is not None:
            print_split(split, rows, main_cpu - fold_cpu, workers)
        # The machine may be shared: a load above the CPU count means the figures are low.
        print(
            f"load average: {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; "
            f"{os.cpu_count()} CPUs; import workers: {WORKERS}"
        )
    finally:
        if args.database_url:
            drop_postgres(args.database_url)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
