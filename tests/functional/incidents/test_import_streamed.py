"""A large import writes checked rows into its open transaction while worker processes check the
rest (on an SQLite file, copied from the workers' files segment by segment: ``import_stash``):
a problem anywhere, even on the last row, still means nothing is written, and the report still
lists every problem in the file."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.incidents import import_stash, import_writing, rollups
from rcf.incidents.columns import COLUMN_NAMES, to_flat
from rcf.incidents.import_files import Table
from rcf.incidents.import_rows import CheckedReport
from rcf.incidents.importing import PARALLEL_FROM, can_use_workers, import_table
from rcf.incidents.service import Outcome
from tests.factories import World, incident_data

ROWS = PARALLEL_FROM + 2_500  # checked by the workers, in chunks, several written before the end
DATE = COLUMN_NAMES.index("occurred_on")
COUNTRY = COLUMN_NAMES.index("country")
MEMBERS = {"visibility": "members", "shared_with": ["IDN", "THA"]}


def _cells(first: int, count: int, prefix: str = "ST") -> list[list[str]]:
    """Reports over the months of a year in file order (the first rows written are the only ones
    in their months), some shared with members, some without a fee."""
    flat = to_flat(incident_data(reference="X"))
    shared = to_flat(incident_data(reference="X", sharing=MEMBERS, fee_amount=None))
    shared.update(fee_currency="", fee_basis="", payment_method="")
    rows = []
    for n in range(first, first + count):
        template = [(shared if n % 7 == 0 else flat)[name] for name in COLUMN_NAMES]
        template[DATE] = f"2025-{min(n * 12 // ROWS, 11) + 1:02d}-{n % 28 + 1:02d}"
        rows.append([f"{prefix}-{n}", *template[1:]])
    return rows


def _table(cells: list[list[str]]) -> Table:
    return Table(list(COLUMN_NAMES), iter(enumerate(cells, start=2)))


def _stored(db: Session, prefix: str = "ST") -> int:
    sql = text("SELECT count(*) FROM incidents WHERE reference LIKE :like")
    return db.execute(sql, {"like": f"{prefix}-%"}).scalar() or 0


def _indexes(db: Session) -> list[tuple[str, str]]:
    sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1"
    return [(name, s) for name, s in db.execute(text(sql))]


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Rows written before the checking ended (a spy on the writer, the database is real)."""
    if not can_use_workers():
        pytest.skip("workers are forked from the main thread only")
    monkeypatch.setattr(import_writing, "DEFER_INDEXES_FROM", 1_000)
    monkeypatch.setattr(import_stash, "FIRST_SEGMENT_ROWS", 1_000)  # SQLite: segments 0-2
    sizes: list[int] = []
    write = import_writing.NewReports.write

    def spy(self: import_writing.NewReports, batch: Sequence[CheckedReport]) -> None:
        sizes.append(len(batch))
        write(self, batch)

    monkeypatch.setattr(import_writing.NewReports, "write", spy)
    return sizes


def test_a_bad_last_row_writes_nothing_and_every_problem_is_reported(
    db: Session, world: World, written: list[int]
) -> None:
    actor = actor_for_user(world.persona("A", Role.CONTRIBUTOR).user)
    before = _indexes(db) if db.get_bind().dialect.name == "sqlite" else []
    cells = _cells(0, ROWS)
    cells[ROWS - 1500][DATE] = "not a date"
    cells[-1][COUNTRY] = "ZZZ"

    result = import_table(db, actor, _table(cells), sha256="5" * 64, file_name="st.csv")

    assert sum(written) > 0  # rows were written while the rest was checked ...
    assert not result.ok
    assert [(p.row, p.column) for p in result.checked.problems] == [
        (ROWS - 1500 + 2, "occurred_on"),
        (ROWS + 1, "country"),
    ]
    assert result.checked.rows == ROWS
    db.commit()  # ... and a caller committing after a refused import commits nothing
    assert _stored(db) == 0
    if before:
        assert _indexes(db) == before


def test_a_valid_file_is_written_once_with_amendments_left_to_the_service(
    db: Session, world: World, written: list[int]
) -> None:
    actor = actor_for_user(world.persona("A", Role.CONTRIBUTOR).user)
    first = import_table(db, actor, _table(_cells(0, 100)), sha256="6" * 64, file_name="a.csv")
    db.commit()
    assert first.counts[Outcome.CREATED] == 100
    cells = _cells(0, ROWS)
    cells[0][COUNTRY] = "THA"  # changes an existing report

    result = import_table(db, actor, _table(cells), sha256="7" * 64, file_name="b.csv")
    db.commit()

    assert result.ok
    assert sum(written) == ROWS - 100 + 100  # streamed new ones; the first file's 100 before
    assert result.counts[Outcome.CREATED] == ROWS - 100
    assert result.counts[Outcome.AMENDED] == 1
    assert result.counts[Outcome.UNCHANGED] == 99
    assert _stored(db) == ROWS
    assert rollups.check(db) == {}  # the streamed reports are in the rollups, exactly
    again = import_table(db, actor, _table(cells), sha256="7" * 64, file_name="b.csv")
    db.commit()
    assert again.counts[Outcome.UNCHANGED] == ROWS
    assert _stored(db) == ROWS
