"""Screening in the platform: one person screened through the service (scope, index, re-check
of the candidates in SQL, hits and audit), with the per-process index kept between requests,
against the same requests rebuilding the index each time (the baseline: no cache).

Seeds a throwaway SQLite database with the demo members and ``--persons`` synthetic persons of
interest (``rcf.screening.demo_data``), then screens ``--queries`` demo names (half in their
original script) as a Thai viewer. Each request runs in its own transaction, rolled back, so
the figures do not grow with the audit trail. Prints, never asserts; exits 0.

Usage: ``PYTHONPATH=src:. .venv/bin/python bench/screening_platform.py [--persons N] [--queries Q]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from alembic import command
from sqlalchemy import select

from rcf.accounts.auth import actor_for_user
from rcf.accounts.models import User
from rcf.cli.database import alembic_config
from rcf.demo import seed_demo
from rcf.runtime import Runtime
from rcf.screening.live_index import forget_indexes
from rcf.screening.models import WatchlistName
from rcf.screening.schemas import MatchIn
from rcf.screening.screenings import screen_person
from rcf.settings import Settings


def _runtime(folder: Path) -> Runtime:
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    settings = Settings(
        environment="test", database_url=url, secret_key="x" * 48, data_dir=folder,
        argon2_time_cost=1, argon2_memory_kib=64,
    )  # fmt: skip
    command.upgrade(alembic_config(url), "head")
    return Runtime.from_settings(settings)


def _timed(runtime: Runtime, names: list[str], before: Callable[[], None]) -> list[float]:
    with runtime.sessions() as session:
        user = session.scalars(select(User).where(User.email == "viewer@tha.demo.rcf")).one()
        actor = actor_for_user(user)
        times = []
        for name in names:
            before()
            start = time.perf_counter()
            screen_person(session, runtime, actor, MatchIn(name=name), source="bench")
            times.append(time.perf_counter() - start)
            session.rollback()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=3_000)
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        runtime = _runtime(Path(folder))
        with runtime.sessions() as session:
            seed_demo(session, runtime, incidents=0, persons=args.persons)
            session.commit()
            names = list(session.scalars(select(WatchlistName.name).limit(args.queries)))
        _timed(runtime, names[:1], lambda: None)  # warm up: build the index once
        cached = _timed(runtime, names, lambda: None)
        rebuilt = _timed(runtime, names, forget_indexes)
        runtime.engine.dispose()
    cached_ms = statistics.median(cached) * 1000
    rebuilt_ms = statistics.median(rebuilt) * 1000
    print(
        f"platform screening ({args.persons:,} persons, {len(names)} queries, sqlite): "
        f"baseline (index rebuilt per request) {rebuilt_ms:.1f} ms, "
        f"per-process index {cached_ms:.1f} ms median, ratio {rebuilt_ms / cached_ms:.1f}x"
    )


if __name__ == "__main__":
    main()
