"""Imports leave their new reports in the rollups' tail (``import_rollups``): the summaries stay
exact while they are there (they add the tail up from the reports), writes to them stay exact,
and a fold moves them into the rollups atomically, in parts, and only once."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.incidents import import_rollups, rollups
from rcf.incidents.duplicates import link_duplicate
from rcf.incidents.models import Incident
from rcf.incidents.rollup_models import RollupTail
from rcf.incidents.schemas import IncidentIn
from rcf.incidents.service import IncidentFilters, amend_incident, withdraw_incident
from rcf.incidents.summary import Scope, build_summary
from rcf.runtime import Runtime
from rcf.settings import Settings
from tests.factories import World, csrf_from, sign_in
from tests.functional.incidents.test_import import csv_text, flat_rows, import_cli, upload
from tests.functional.incidents.test_rollup_writes import held
from tests.functional.incidents.test_rollups import Run, _report, assert_rollups_equal_direct
from tests.functional.test_cli import rcf_cli


def tail_ids(db: Session) -> list[int]:
    """The reports the tail covers, as the summaries see it."""
    return sorted(db.scalars(select(Incident.id).where(rollups.in_tail())))


def imported(run: Run, member: str = "A") -> list[int]:
    """Ids of the reports an import of ``run`` created (committed)."""
    before = set(db_ids(run.db))
    run.import_file(member)
    run.db.commit()
    return sorted(set(db_ids(run.db)) - before)


def db_ids(db: Session) -> list[int]:
    return list(db.scalars(select(Incident.id)))


def regional(db: Session, runtime: Runtime, world: World) -> object:
    actor = actor_for_user(world.persona("B", Role.VIEWER).user)
    return build_summary(db, runtime, actor, IncidentFilters(), Scope.REGIONAL)


def test_an_import_is_counted_from_the_tail_until_folded_with_the_same_figures(
    db: Session, runtime: Runtime, world: World
) -> None:
    run = Run(db, runtime, world, 21)
    for _ in range(3):
        run.create("A")
    db.commit()
    untouched = held(db)
    new = imported(run)

    assert tail_ids(db) == new  # the import wrote no rollup row, only its tail
    assert held(db) == untouched or len(new) < 3  # (the third row may amend a folded report)
    assert rollups.check(db) == {}
    assert_rollups_equal_direct(db, runtime, world)
    before_fold = regional(db, runtime, world)
    assert import_rollups.fold_all(runtime.sessions) >= len(new)

    db.expire_all()
    assert tail_ids(db) == []
    assert db.scalar(select(RollupTail.id)) is None
    assert rollups.check(db) == {}
    assert regional(db, runtime, world) == before_fold
    assert_rollups_equal_direct(db, runtime, world)


def test_amending_withdrawing_and_linking_reports_of_the_tail_stays_exact(
    db: Session, runtime: Runtime, world: World
) -> None:
    run = Run(db, runtime, world, 22)
    run.create("A")
    run.create("A")
    db.commit()
    folded, other = db.scalars(select(Incident.id).order_by(Incident.id)).all()
    first, second = imported(run)[:2]
    actor, analyst = run.actor("A"), run.actor("A", Role.ANALYST)
    reference = db.get_one(Incident, first).reference

    data = IncidentIn.model_validate(_report(run.rng, "A", reference))
    amend_incident(db, runtime, actor, first, data)
    db.commit()
    assert_rollups_equal_direct(db, runtime, world)
    link_duplicate(db, runtime, analyst, first, folded)  # a tail report as duplicate
    db.commit()
    link_duplicate(db, runtime, analyst, other, second)  # a folded one, of a tail report
    db.commit()
    assert_rollups_equal_direct(db, runtime, world)
    withdraw_incident(db, runtime, actor, second)
    db.commit()
    assert_rollups_equal_direct(db, runtime, world)
    import_rollups.fold_all(runtime.sessions)

    db.expire_all()
    assert tail_ids(db) == []
    assert_rollups_equal_direct(db, runtime, world)


def test_a_fold_rolled_back_leaves_the_tail_and_folds_in_parts_count_once(
    db: Session, runtime: Runtime, world: World
) -> None:
    run = Run(db, runtime, world, 23)
    new = imported(run) + imported(run, "B")
    rows = held(db)

    assert import_rollups.fold(db, limit=1) == 1
    db.rollback()  # as a killed fold: nothing of it stays
    assert tail_ids(db) == new
    assert held(db) == rows
    while import_rollups.fold(db, limit=1):  # one report per transaction
        db.commit()
        assert rollups.check(db) == {}
        assert_rollups_equal_direct(db, runtime, world)
    db.rollback()  # the last, empty fold's transaction (it holds the rollup lock on PostgreSQL)
    folded = held(db)

    assert tail_ids(db) == []
    assert import_rollups.fold_all(runtime.sessions) == 0  # nothing is folded twice
    assert held(db) == folded


def test_the_cli_folds_after_an_import_and_on_request(
    db: Session, runtime: Runtime, world: World, test_settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "reports.csv"
    path.write_text(csv_text(flat_rows(3)), encoding="utf-8")
    code, _out, err = import_cli(test_settings, path)
    assert code == 0, err
    assert tail_ids(db) == []  # folded once the import committed
    Run(db, runtime, world, 24).import_file("B")
    db.commit()
    assert tail_ids(db) != []

    folded = rcf_cli(test_settings, "incidents", "rollups", "fold")

    assert folded.exit_code == 0, folded.output
    assert "into the rollups" in folded.output
    assert tail_ids(db) == []
    assert rcf_cli(test_settings, "incidents", "rollups", "check").exit_code == 0


def test_the_upload_page_folds_after_answering(
    client: TestClient, world: World, db: Session
) -> None:
    sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    response = upload(client, csrf_from(client, "/incidents/import"), "week.csv",
                      csv_text(flat_rows(2)).encode())  # fmt: skip

    assert response.status_code == 200, response.text
    assert len(db_ids(db)) == 2
    assert tail_ids(db) == []  # the background task ran after the page was sent
    assert rollups.check(db) == {}
