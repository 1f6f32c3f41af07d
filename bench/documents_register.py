"""Benchmark of the document register (issue 4): bulk load, in-process checks, HTTP single
checks under a bounded load, and a large manifest. ``bench/documents.py`` calls
``register_section()``; this file also runs alone.

What is measured, in one process and one temporary database:

* bulk load: N generated records (10M by default) written by ``register_bulk.write_rows`` (the
  path of ``rcf documents import`` for new records), then indexed. Figure: records/s.
* in-process checks: ``checks.check_documents`` on batches of BATCH queries (1% of them in the
  register, some only confusable), as a manifest or a national system's batch runs them: one
  lookup per chunk of keys, hit rows stored, one audit entry per batch. Baseline (same run,
  same database): ``SELECT id FROM document_records WHERE id IN (...)`` by the same chunks, a
  bare primary-key lookup. Target >= 100,000 checks/s.
* HTTP single checks: the server on loopback, ``rcf serve --workers W`` (2 by default). An open-loop
  asyncio load generator sends ``POST /api/v1/documents/check`` at a fixed rate (500/s by
  default) for a few seconds over a bounded pool of 64 keep-alive connections: request n is due
  at start + n/rate whatever happened before, and its latency runs from that due time (so a
  stalled server is not hidden by a stalled client). Figures: p50/p95/p99 and the achieved rate.
  Baseline: ``GET /healthz`` at the same rate. Target p99 <= 20 ms. The token's rate limit is
  raised for the run.
* manifests: M passengers (1M by default) as a PAXLST file and as a CSV, each read by
  ``documents.manifests`` and checked by ``manifest_checks.check_manifest`` (read and check
  times shown apart). Baseline: the same file tokenised alone (``str.split`` by segment and
  element; ``csv.reader``). Target <= 30 s.

Nothing is asserted; the script exits 0.

Usage: PYTHONPATH=src:. python bench/documents_register.py [--records N] [--manifest M]
       [--http-seconds S] [--rate R] [--workers W] [--skip http|manifest] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gc
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import select

from rcf.access.policy import Actor
from rcf.accounts.models import User
from rcf.accounts.schemas import TokenCreate
from rcf.accounts.service import create_token
from rcf.cli.database import alembic_config
from rcf.documents.checks import CheckQuery, check_documents
from rcf.documents.manifest_checks import check_manifest
from rcf.documents.manifests import read_manifest_file
from rcf.documents.register import check_key
from rcf.documents.register_bulk import bound_now, write_rows
from rcf.incidents.import_files import Limits
from rcf.members.models import Agency, AgencyKind, Member, MemberKind
from rcf.runtime import Runtime
from rcf.settings import Settings

STATES = ["THA", "IDN", "MYS", "PHL", "VNM", "LKA", "BGD", "MMR", "KHM", "LAO"]
STATUSES = ["lost", "stolen_blank", "stolen_from_bearer", "revoked"]
LETTERS = "ACEFHJKMNPRTUVWXY"  # no confusable letters: a generated number is its own key
BATCH = 10_000
CHUNK_KEYS = 900
BIG_LIMITS = Limits(max_bytes=2_000_000_000, max_rows=5_000_000)


def number_of(i: int) -> str:
    """A deterministic document number: two letters and seven digits."""
    return LETTERS[i % 17] + LETTERS[(i // 17) % 17] + f"{(i * 7919) % 10_000_000:07d}"


# --- Set-up -------------------------------------------------------------------------------------


@dataclass
class Bench:
    runtime: Runtime
    members: dict[str, int]
    agencies: dict[str, int]
    folder: Path


def open_bench(folder: Path, database: Path | None = None) -> Bench:
    """A new database in ``folder``, or ``database`` (created and migrated if missing)."""
    path = database or folder / "register.sqlite3"
    url = f"sqlite:///{path}"
    settings = Settings(
        environment="test", database_url=url, secret_key="x" * 48, data_dir=folder,
        argon2_time_cost=1, argon2_memory_kib=64,
    )  # fmt: skip
    command.upgrade(alembic_config(url), "head")
    runtime = Runtime.from_settings(settings)
    members, agencies = {}, {}
    with runtime.sessions() as session:
        for code in STATES:
            member = session.scalars(select(Member).where(Member.code == code)).first()
            if member is None:
                member = Member(code=code, name=f"Bench {code}", kind=MemberKind.MEMBER_STATE)
                session.add(member)
                session.flush()
                session.add(
                    Agency(member_id=member.id, name="Immigration", kind=AgencyKind.IMMIGRATION)
                )
                session.flush()
            agency = session.scalars(select(Agency).where(Agency.member_id == member.id)).one()
            members[code], agencies[code] = member.id, agency.id
        session.commit()
    return Bench(runtime, members, agencies, folder)


def records_in(bench: Bench) -> int:
    with bench.runtime.engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT max(id) FROM document_records").scalar() or 0)


def load_register(bench: Bench, records: int) -> float:
    """Bulk-insert ``records`` generated records; returns the seconds taken (index included)."""
    start = time.perf_counter()
    review = (date.today() + timedelta(days=3650)).isoformat()
    with bench.runtime.engine.begin() as connection:
        # The check index is built after the load (as a restore would): cheaper than per row.
        connection.exec_driver_sql("PRAGMA cache_size=-524288")  # 512 MiB while loading
        connection.exec_driver_sql("DROP INDEX ix_document_records_check_key")
        now = bound_now(connection)
        write_rows(connection, _rows(bench, records, review, now))
        connection.exec_driver_sql(
            "CREATE INDEX ix_document_records_check_key ON document_records (check_key)"
        )
    return time.perf_counter() - start


def _rows(bench: Bench, records: int, review: str, now: Any) -> Iterator[tuple[Any, ...]]:
    for i in range(records):
        state = STATES[i % len(STATES)]
        number = number_of(i)
        yield (
            bench.members[state], bench.agencies[state], None, f"R{i}", number, state,
            check_key(state, number), "passport", STATUSES[i % 4], None, None, None, None, "",
            "H0", review, "", now, now,
        )  # fmt: skip


def _queries(records: int, count: int, seed: int = 11) -> list[CheckQuery]:
    """``count`` checks: 1% in the register (a third of those typed with an O for a 0)."""
    pick = random.Random(seed)
    out = []
    for n in range(count):
        if n % 100 == 0:
            i = pick.randrange(records)
            number = number_of(i)
            if n % 300 == 0:
                number = number.replace("0", "O", 1)
            out.append(CheckQuery(number, STATES[i % len(STATES)]))
        else:
            out.append(CheckQuery(f"ZZ{pick.randrange(10**8):08d}", pick.choice(STATES)))
    return out


# --- In-process checks --------------------------------------------------------------------------


def in_process(bench: Bench, records: int, count: int) -> dict[str, float]:
    queries = _queries(records, count)
    actor = Actor.system(member_id=bench.members["IDN"])
    with bench.runtime.sessions() as session:
        start = time.perf_counter()
        hits = 0
        for at in range(0, len(queries), BATCH):
            result = check_documents(session, actor, queries[at : at + BATCH], source="bench")
            hits += result.hit_count
            session.commit()
        ours = time.perf_counter() - start
    ids = [random.Random(3).randrange(1, records + 1) for _ in range(count)]
    with bench.runtime.engine.connect() as connection:
        start = time.perf_counter()
        for at in range(0, len(ids), CHUNK_KEYS):
            chunk = ids[at : at + CHUNK_KEYS]
            marks = ",".join("?" * len(chunk))
            connection.exec_driver_sql(
                f"SELECT id FROM document_records WHERE id IN ({marks})",
                tuple(chunk),
            ).all()
        baseline = time.perf_counter() - start
    return {"checks_per_s": count / ours, "baseline_per_s": count / baseline, "hits": hits}


# --- HTTP single checks -------------------------------------------------------------------------


def _token(bench: Bench) -> str:
    with bench.runtime.sessions() as session:
        user = User(
            email=f"bench-{secrets.token_hex(6)}@idn.test", full_name="Bench",
            member_id=bench.members["IDN"], agency_id=bench.agencies["IDN"], role="viewer",
            password_hash="!",  # noqa: S106 - no password: the bench signs in by token only
        )  # fmt: skip
        session.add(user)
        session.flush()
        actor = Actor.system(member_id=bench.members["IDN"])
        created = create_token(
            session, bench.runtime, actor,
            TokenCreate(name="bench", user_id=user.id, scopes=["document:read"]),
        )  # fmt: skip
        session.commit()
        return created.secret


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(bench: Bench, port: int, workers: int) -> subprocess.Popen[bytes]:
    """``rcf serve --workers W``."""
    settings = bench.runtime.settings
    env = {
        **os.environ,
        "RCF_DATABASE_URL": settings.resolved_database_url,
        "RCF_SECRET_KEY": settings.resolved_secret_key,
        "RCF_ENVIRONMENT": "test",
        "RCF_DATA_DIR": str(bench.folder),
        "RCF_API_RATE_LIMIT_PER_MINUTE": "10000000",
        "RCF_LOG_LEVEL": "WARNING",
    }
    command_line = [
        sys.executable, "-m", "rcf", "serve", "--port", str(port), "--workers", str(workers),
    ]  # fmt: skip
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command_line, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    # Every worker imports the application on its own: a minute or more on a busy machine.
    deadline = time.time() + 300
    answered = 0
    while time.time() < deadline and answered < 4 * workers:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                answered += 1
        except OSError:
            time.sleep(0.5)
    if answered < 4 * workers:
        server.kill()
        raise RuntimeError("the server did not start")
    return server


Request = tuple[str, str, bytes, dict[str, str]]
Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


def _raw(request: Request) -> bytes:
    method, path, body, headers = request
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return head.encode() + b"\r\n" + body


async def _exchange(connection: Connection, raw: bytes) -> int:
    """Send one request on a keep-alive connection; the response's status once it is read."""
    reader, writer = connection
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(
        (int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length")),
        0,
    )
    await reader.readexactly(length)
    return int(lines[0].split()[1])


@dataclass
class Load:
    latencies: list[float]  # ms from each request's scheduled time; inf for a failure
    seconds: float  # from the first scheduled request to the last answer

    @property
    def achieved_rate(self) -> float:
        return len(self.latencies) / self.seconds


async def _open_loop(port: int, requests: list[Request], rate: float, connections: int) -> Load:
    """Request ``n`` is due at ``start + n / rate`` whatever happened before (open loop); at most
    ``connections`` are in flight; latency runs from the due time, so a stalled server cannot
    hide behind a stalled client (no coordinated omission)."""
    loop = asyncio.get_running_loop()
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(await asyncio.open_connection("127.0.0.1", port))
    raws = [_raw(request) for request in requests]
    start = loop.time() + 0.2
    latencies: list[float] = []

    async def one(n: int, due: float) -> None:
        connection = await pool.get()
        try:
            ok = await asyncio.wait_for(_exchange(connection, raws[n]), 10) == 200
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            connection[1].close()
            connection = await asyncio.open_connection("127.0.0.1", port)
            ok = False
        pool.put_nowait(connection)
        latencies.append((loop.time() - due) * 1000 if ok else float("inf"))

    # Each request's task is made when it is due, not all at the start: a generator holding
    # every request's coroutine from the start (15,000 in a 30 s run) paused for full garbage
    # collections of them, ~100 ms inside the measured window, and counted that as latency.
    running: set[asyncio.Task[None]] = set()
    for n in range(len(raws)):
        due = start + n / rate
        if due > loop.time():
            await asyncio.sleep(due - loop.time())
        task = loop.create_task(one(n, due))
        running.add(task)
        task.add_done_callback(running.discard)
    await asyncio.gather(*running)
    seconds = loop.time() - start
    while not pool.empty():
        pool.get_nowait()[1].close()
    return Load(sorted(latencies), seconds)


def _load(port: int, requests: list[Request], rate: float, connections: int = 64) -> Load:
    # Out of the collector's sight, what this process built before (the application's modules,
    # the register, the requests): a full collection of it paused the generator for ~100 ms in
    # the middle of a run, counted as the server's latency.
    gc.collect()
    gc.freeze()
    return asyncio.run(_open_loop(port, requests, rate, connections))


def _percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (the uvicorn workers); Linux /proc."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(_cpu_seconds(int(child)) for child in children)


def _measured(pid: int, port: int, requests: list[Request], rate: float) -> tuple[Load, float]:
    """The load and the server's CPU milliseconds per request during it."""
    before = _cpu_seconds(pid)
    load = _load(port, requests, rate)
    return load, (_cpu_seconds(pid) - before) * 1000 / len(requests)


def over_http(
    bench: Bench, records: int, seconds: float, rate: float, workers: int
) -> dict[str, float]:
    token = _token(bench)
    port = _free_port()
    server = _start_server(bench, port, workers)
    try:
        count = int(seconds * rate)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        checks = [
            ("POST", "/api/v1/documents/check", json.dumps(
                {"document_number": q.number, "issuing_state": q.state}).encode(), headers)
            for q in _queries(records, count + int(rate), seed=5)
        ]  # fmt: skip
        _load(port, checks[count:], rate)  # warm-up: one second, other numbers
        ours, cpu_ms = _measured(server.pid, port, checks[:count], rate)
        health, health_cpu_ms = _measured(
            server.pid, port, [("GET", "/healthz", b"", {})] * count, rate
        )
    finally:
        server.terminate()
        server.wait(10)
    figures = {"requests": len(ours.latencies), "rate": ours.achieved_rate}
    figures |= {"cpu_ms": cpu_ms, "baseline_cpu_ms": health_cpu_ms}
    figures["failed"] = sum(1 for v in ours.latencies if v == float("inf"))
    for name, load in (("", ours), ("baseline_", health)):
        for share in (50, 95, 99):
            figures[f"{name}p{share}"] = _percentile(load.latencies, share / 100)
    return figures


# --- Manifest -----------------------------------------------------------------------------------


def _manifest_people(records: int, passengers: int) -> Iterator[tuple[str, str, int]]:
    """(number, state, n) per passenger: one in a thousand in the register."""
    pick = random.Random(17)
    for n in range(passengers):
        if n % 1000 == 0:
            i = pick.randrange(records)
            yield number_of(i), STATES[i % len(STATES)], n
        else:
            yield f"ZZ{pick.randrange(10**8):08d}", pick.choice(STATES), n


def write_manifest(path: Path, records: int, passengers: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["document_number", "issuing_state", "surname", "given_names", "birth_date",
             "expiry_date"]
        )  # fmt: skip
        for number, state, n in _manifest_people(records, passengers):
            writer.writerow([number, state, "SAMPLE", f"PASSENGER {n}", "1980-01-01", "2031-01-01"])


def write_paxlst(path: Path, records: int, passengers: int) -> None:
    """The same passengers as an advance passenger file (UN/EDIFACT PAXLST, one flight)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "UNA:+.? '\nUNB+UNOA:4+AIRLINE:ZZ+BORDER:ZZ+261129:1200+1'\n"
            "UNH+1+PAXLST:D:05B:UN:IATA'\nBGM+745'\n"
        )
        for number, state, n in _manifest_people(records, passengers):
            out.write(
                f"NAD+FL+++SAMPLE:PASSENGER {n}'\nATT+2++F'\nDTM+329:800101'\nLOC+178+BKK'\n"
                f"LOC+179+DPS'\nNAT+2+{state}'\nDOC+P:110:111+{number}'\nDTM+36:310101'\n"
                f"LOC+91+{state}'\n"
            )
        out.write(f"CNT+42:{passengers}'\nUNT+1+1'\nUNZ+1+1'\n")


def manifest(bench: Bench, records: int, passengers: int, kind: str) -> dict[str, float]:
    """Read and check a manifest of ``passengers`` (``kind`` csv or paxlst) against the
    register; the baseline tokenises the same file (csv.reader; str.split by segment)."""
    path = bench.folder / f"manifest.{kind}"
    (write_manifest if kind == "csv" else write_paxlst)(path, records, passengers)
    actor = Actor.system(member_id=bench.members["IDN"])
    start, cpu = time.perf_counter(), time.process_time()
    read = read_manifest_file(path, today=date.today(), limits=BIG_LIMITS)
    read_seconds = time.perf_counter() - start
    with bench.runtime.sessions() as session:
        report = check_manifest(session, actor, read, source="bench")
        session.commit()
    ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    with path.open(encoding="utf-8", newline="") as handle:
        if kind == "csv":
            sum(1 for _ in csv.reader(handle))
        else:
            for segment in handle.read().split("'"):
                segment.strip().split("+")
    baseline, baseline_cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": ours,
        "cpu_seconds": ours_cpu,
        "baseline_cpu_seconds": baseline_cpu,
        "read_seconds": read_seconds,
        "baseline_seconds": baseline,
        "passengers": len(report.results),
        "hits": report.hit_count,
    }


# --- The section --------------------------------------------------------------------------------


def register_section(
    records: int = 10_000_000,
    checks: int = 1_000_000,
    passengers: int = 1_000_000,
    http_seconds: float = 10.0,
    rate: float = 500.0,
    workers: int = 2,
    skip: frozenset[str] = frozenset(),
    database: Path | None = None,
) -> dict[str, Any]:
    """Run every measurement and print it; returns the figures (for bench/documents.py)."""
    folder = Path(tempfile.mkdtemp(prefix="rcf-bench-register-"))
    try:
        bench = open_bench(folder, database)
        figures: dict[str, Any] = {}
        if records_in(bench) == records:
            print(f"register: {records:,} records reused from {database}")
        else:
            if records_in(bench):
                raise SystemExit(f"{database} holds another register size: remove it first")
            seconds = load_register(bench, records)
            figures["load"] = {"records": records, "seconds": seconds, "per_s": records / seconds}
            print(
                f"register bulk load: {records:,} records in {seconds:.1f} s "
                f"({records / seconds:,.0f} records/s)"
            )
            with bench.runtime.engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE")  # kept in the file for later runs
        figures["checks"] = found = in_process(bench, records, checks)
        print(
            f"in-process checks: {found['checks_per_s']:,.0f} checks/s ({found['hits']:,} hits) vs "
            f"baseline bare primary-key lookup {found['baseline_per_s']:,.0f} keys/s: ratio "
            f"{found['checks_per_s'] / found['baseline_per_s']:.2f} (target >= 100,000 checks/s: "
            f"{'met' if found['checks_per_s'] >= 100_000 else 'NOT met'})"
        )
        if "http" not in skip:
            figures["http"] = web = over_http(bench, records, http_seconds, rate, workers)
            print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
            print(
                f"HTTP single checks at {rate:.0f}/s for {http_seconds:.0f} s, {workers} "
                f"worker(s) ({web['requests']:,} requests, {web['failed']} failed, achieved "
                f"{web['rate']:.0f}/s): p50 {web['p50']:.1f} ms, p95 {web['p95']:.1f} ms, p99 "
                f"{web['p99']:.1f} ms vs baseline GET /healthz p50 {web['baseline_p50']:.1f} ms, "
                f"p99 {web['baseline_p99']:.1f} ms: p99 ratio "
                f"{web['p99'] / web['baseline_p99']:.2f} (target p99 <= 20 ms: "
                f"{'met' if web['p99'] <= 20 else 'NOT met'}); server CPU "
                f"{web['cpu_ms']:.2f} ms per check vs {web['baseline_cpu_ms']:.2f} ms per "
                f"/healthz: ratio {web['cpu_ms'] / web['baseline_cpu_ms']:.1f}"
            )
        if "manifest" in skip:
            return figures
        for kind in ("paxlst", "csv"):
            figures[f"manifest_{kind}"] = m = manifest(bench, records, passengers, kind)
            print(
                f"manifest ({kind}): {m['passengers']:,} passengers read and checked in "
                f"{m['seconds']:.1f} s (read {m['read_seconds']:.1f} s, checked "
                f"{m['seconds'] - m['read_seconds']:.1f} s; {m['hits']:,} hits) vs baseline "
                f"tokenising alone {m['baseline_seconds']:.1f} s: ratio "
                f"{m['seconds'] / m['baseline_seconds']:.1f} (target <= 30 s: "
                f"{'met' if m['seconds'] <= 30 else 'NOT met'}); CPU {m['cpu_seconds']:.1f} s vs "
                f"{m['baseline_cpu_seconds']:.1f} s, load {os.getloadavg()[0]:.1f}"
            )
        return figures
    finally:
        bench_engine = locals().get("bench")
        if bench_engine is not None:
            bench_engine.runtime.engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--checks", type=int, default=1_000_000)
    parser.add_argument("--manifest", type=int, default=1_000_000)
    parser.add_argument("--http-seconds", type=float, help="10 by default (--quick: 3)")
    parser.add_argument("--rate", type=float, default=500.0)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument(
        "--database",
        type=Path,
        help="SQLite file to seed once and reuse (kept afterwards; e.g. /tmp/rcf-register-10m.db)",
    )
    parser.add_argument("--skip", action="append", default=[], choices=["http", "manifest"])
    parser.add_argument(
        "--quick", action="store_true", help="200k records, 100k checks/passengers, 3 s"
    )
    args = parser.parse_args()
    if args.quick:
        args.records, args.checks, args.manifest = 200_000, 100_000, 100_000
    if args.http_seconds is None:
        args.http_seconds = 3.0 if args.quick else 10.0
    register_section(
        args.records, args.checks, args.manifest, args.http_seconds, args.rate, args.workers,
        frozenset(args.skip), args.database,
    )  # fmt: skip


if __name__ == "__main__":
    main()
