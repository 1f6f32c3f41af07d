"""On an SQLite file, the import's workers keep the new reports in files beside the database
(``import_stash``): they hold victims' data, so they are private and never left behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.incidents import import_stash, import_workers, import_writing, importing
from rcf.incidents.columns import COLUMN_NAMES, to_flat
from rcf.incidents.import_files import Table
from rcf.incidents.import_stash import PREFIX
from rcf.incidents.importing import can_use_workers, import_table
from rcf.incidents.service import Outcome
from tests.factories import World, incident_data

ROWS = 60
COUNTRY = COLUMN_NAMES.index("country")


@pytest.fixture
def directory(db: Session, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The database's directory; files of ROWS rows are checked by workers."""
    url = db.get_bind().url
    if url.get_backend_name() != "sqlite" or not can_use_workers():
        pytest.skip("an SQLite file, and workers forked from the main thread")
    monkeypatch.setattr(importing, "PARALLEL_FROM", 10)
    return Path(str(url.database)).resolve().parent


def _table(count: int = ROWS) -> Table:
    flat = to_flat(incident_data(reference="X"))
    cells = [[f"SX-{n}", *[flat[name] for name in COLUMN_NAMES[1:]]] for n in range(count)]
    return Table(list(COLUMN_NAMES), iter(enumerate(cells, start=2)))


def _left(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"{PREFIX}*"))


def test_the_files_are_private_beside_the_database_and_removed(
    db: Session, world: World, directory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    actor = actor_for_user(world.persona("A", Role.CONTRIBUTOR).user)
    seen: list[tuple[Path, int]] = []
    copy = import_writing.copy_stashed

    def spy(connection: Any, stash: Any, owner: Any, ids: list[int], batch: Any) -> None:
        seen.extend((path.parent, stat.S_IMODE(path.stat().st_mode)) for path in stash.files())
        copy(connection, stash, owner, ids, batch)

    monkeypatch.setattr(import_writing, "copy_stashed", spy)

    result = import_table(db, actor, _table(), sha256="8" * 64, file_name="s.csv")
    db.commit()

    assert result.counts[Outcome.CREATED] == ROWS
    assert seen
    assert {(parent, mode) for parent, mode in seen} == {(directory, 0o600)}
    assert _left(directory) == []
    attached = [row[1] for row in db.execute(text("PRAGMA database_list"))]
    assert "main" in attached
    assert [name for name in attached if name not in ("main", "temp")] == []  # detached
    persons = (
        "SELECT count(*) FROM incident_person_counts p JOIN incidents i ON i.id = p.incident_id"
    )
    per_report = len(incident_data()["persons"])
    assert db.execute(text(persons)).scalar() == ROWS * per_report


@pytest.fixture
def segments(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """Chunks and batches of 5 rows, segments of 10, 20, 40... rows (several files a worker),
    copied from 20 new reports on; records the files present at each copy."""
    monkeypatch.setattr(import_workers, "BATCH", 5)
    monkeypatch.setattr(import_writing, "BATCH", 5)
    monkeypatch.setattr(import_stash, "FIRST_SEGMENT_ROWS", 10)
    monkeypatch.setattr(import_writing, "DEFER_INDEXES_FROM", 20)
    seen: list[set[str]] = []
    copy = import_writing.copy_stashed

    def spy(connection: Any, stash: Any, owner: Any, ids: list[int], batch: Any) -> None:
        seen.append({path.name for path in stash.files()})
        copy(connection, stash, owner, ids, batch)

    monkeypatch.setattr(import_writing, "copy_stashed", spy)
    return seen


def test_segments_are_copied_while_the_rest_is_checked(
    db: Session, world: World, directory: Path, segments: list[set[str]]
) -> None:
    actor = actor_for_user(world.persona("A", Role.CONTRIBUTOR).user)
    phases: list[tuple[str, int]] = []

    def progress(phase: str, done: int) -> None:
        phases.append((phase, done))

    result = import_table(
        db, actor, _table(), sha256="b" * 64, file_name="s.csv", progress=progress
    )
    db.commit()

    assert result.counts[Outcome.CREATED] == ROWS
    written = [n for n, (phase, _) in enumerate(phases) if phase == "written"]
    assert written[0] < phases.index(("checked", ROWS))  # copied while the rest was checked
    files = set().union(*segments)
    workers = {name.rsplit("-", 2)[1] for name in files}
    assert len(files) > len(workers) >= 1  # several files a worker
    assert _left(directory) == []
    references = db.execute(text("SELECT count(DISTINCT reference) FROM incidents")).scalar()
    assert references == ROWS
    again = import_table(db, actor, _table(), sha256="b" * 64, file_name="s.csv")
    db.commit()
    assert again.counts[Outcome.UNCHANGED] == ROWS
    assert db.execute(text("SELECT count(*) FROM incidents")).scalar() == ROWS


def test_a_bad_last_row_rolls_back_the_segments_copied_before(
    db: Session, world: World, directory: Path, segments: list[set[str]]
) -> None:
    actor = actor_for_user(world.persona("A", Role.CONTRIBUTOR).user)
    table = _table()
    cells = list(table.rows)
    cells[-1][1][COUNTRY] = "ZZZ"

    result = import_table(
        db, actor, Table(table.header, iter(cells)), sha256="c" * 64, file_name="s.csv"
    )
    db.commit()

    assert segments  # some reports were copied before the last row was checked
    assert not result.ok
    assert [(p.row, p.column) for p in result.checked.problems] == [(ROWS + 1, "country")]
    assert _left(directory) == []
    assert db.execute(text("SELECT count(*) FROM incidents")).scalar() == 0


def test_files_of_a_killed_import_are_removed_by_the_next(
    db: Session, world: World, directory: Path
) -> None:
    """A file whose importing process is gone (kill -9) is removed; one of a running import is
    not (another import may be using it)."""
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True
    )
    stale = directory / f"{PREFIX}{int(finished.stdout)}-0123456789abcdef-1.sqlite3"
    running = directory / f"{PREFIX}{os.getppid()}-0123456789abcdef-1.sqlite3"
    for path in (stale, running):
        path.touch(mode=0o600)
    actor = actor_for_user(world.persona("A", Role.CONTRIBUTOR).user)
    try:
        result = import_table(db, actor, _table(3), sha256="a" * 64, file_name="s.csv")
        db.commit()
        assert result.ok
        assert _left(directory) == [running]
    finally:
        running.unlink(missing_ok=True)
        stale.unlink(missing_ok=True)
