"""On SQLite a large first import drops the plain indexes of the tables it writes and builds them
again before the commit: afterwards the schema is the one the migrations made, and an import
that fails half-way leaves the indexes as they were."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.incidents import import_writing
from rcf.incidents.columns import COLUMN_NAMES, to_flat
from rcf.incidents.import_files import Table
from rcf.incidents.importing import import_table
from tests.factories import World, incident_data


def _indexes(db: Session) -> list[tuple[str, str]]:
    rows = db.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('incidents', 'incident_person_counts', 'record_shares') ORDER BY name"
        )
    )
    return [(name, sql) for name, sql in rows]


def _table(count: int) -> Table:
    rows = [to_flat(incident_data(reference=f"IX-{n}")) for n in range(count)]
    cells = [[row[name] for name in COLUMN_NAMES] for row in rows]
    return Table(list(COLUMN_NAMES), iter(enumerate(cells, start=2)))


@pytest.fixture
def sqlite_only(db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("indexes are built again on SQLite only")
    monkeypatch.setattr(import_writing, "DEFER_INDEXES_FROM", 2)  # a "large" import


@pytest.mark.usefixtures("sqlite_only")
def test_the_indexes_are_built_again_and_used(db: Session, world: World) -> None:
    before = _indexes(db)
    actor = actor_for_user(world.persona("A", Role.CONTRIBUTOR).user)

    result = import_table(db, actor, _table(5), sha256="1" * 64, file_name="ix.csv")
    db.commit()

    assert result.ok
    assert len(before) >= 5
    assert _indexes(db) == before
    plan = db.execute(
        text("EXPLAIN QUERY PLAN SELECT id FROM incidents WHERE country = 'IDN'")
    ).all()
    assert "ix_incidents_country" in str(plan)
    assert db.execute(text("PRAGMA integrity_check")).scalar() == "ok"


@pytest.mark.usefixtures("sqlite_only")
def test_an_import_failing_while_writing_leaves_the_indexes(
    db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _indexes(db)
    actor = actor_for_user(world.persona("A", Role.CONTRIBUTOR).user)

    def fail(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_writing, "_insert_shares", fail)
    with pytest.raises(RuntimeError):
        import_table(db, actor, _table(5), sha256="2" * 64, file_name="ix.csv")
    db.rollback()

    assert _indexes(db) == before
    assert (
        db.execute(text("SELECT count(*) FROM incidents WHERE reference LIKE 'IX-%'")).scalar() == 0
    )
