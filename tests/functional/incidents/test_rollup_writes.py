"""Each write changes only the rollup groups it touches (``rollups.apply``), and they stay exact:
amendments that move a report between groups, withdrawals, links and several flushes in one
transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.incidents import rollups
from rcf.incidents.duplicates import link_duplicate, unlink_duplicate
from rcf.incidents.models import Incident
from rcf.incidents.rollup_models import DuplicateRollup
from rcf.incidents.schemas import IncidentIn
from rcf.incidents.service import amend_incident, withdraw_incident
from rcf.runtime import Runtime
from tests.factories import World
from tests.functional.incidents.test_rollups import Run, _report, assert_rollups_equal_direct

TABLES = [
    *[r.table for r in (*rollups.DAYS, *rollups.FINE)],
    *[t.table for t in rollups.TOTALS],
    DuplicateRollup,
]


def held(db: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every rollup row (without its id), per table."""
    found = {}
    for table in TABLES:
        columns = [c for c in table.__table__.c if c.name != "id"]
        found[table.__tablename__] = sorted(map(tuple, db.execute(select(*columns))), key=repr)
    return found


def test_an_amendment_moves_the_report_between_groups_and_empty_groups_go(
    db: Session, runtime: Runtime, world: World
) -> None:
    run = Run(db, runtime, world, 11)
    run.create("A")
    db.commit()
    report = db.scalars(select(Incident)).one()
    actor = run.actor("A")
    for _ in range(3):  # new day, route, fee, persons, sharing each time
        data = IncidentIn.model_validate(_report(run.rng, "A", report.reference))
        amend_incident(db, runtime, actor, report.id, data)
        db.commit()
        assert rollups.check(db) == {}
    assert len(held(db)["incident_day_rollups"]) == 1  # the groups it left are gone

    withdraw_incident(db, runtime, actor, report.id)
    db.commit()

    assert all(rows == [] for rows in held(db).values())


def test_several_flushes_in_one_transaction_count_each_report_once(
    db: Session, runtime: Runtime, world: World
) -> None:
    run = Run(db, runtime, world, 12)
    run.create("A")
    db.commit()
    first = db.scalars(select(Incident)).one()
    run.create("B")  # new, then amended before the commit
    db.flush()
    second = db.scalars(select(Incident).where(Incident.id != first.id)).one()
    amend_incident(db, runtime, run.actor("B"), second.id,
                   IncidentIn.model_validate(_report(run.rng, "B", second.reference)))  # fmt: skip
    for _ in range(2):  # an existing report amended twice
        data = IncidentIn.model_validate(_report(run.rng, "A", first.reference))
        amend_incident(db, runtime, run.actor("A"), first.id, data)
        db.flush()
    db.commit()

    assert rollups.check(db) == {}
    assert_rollups_equal_direct(db, runtime, world)


def test_linking_and_unlinking_a_duplicate_restores_the_rollups(
    db: Session, runtime: Runtime, world: World
) -> None:
    run = Run(db, runtime, world, 13)
    run.create("A")
    run.create("A")  # its own reports: always visible to its analyst
    db.commit()
    before = held(db)
    canonical, duplicate = db.scalars(select(Incident.id).order_by(Incident.id)).all()
    analyst = run.actor("A", Role.ANALYST)

    link_duplicate(db, runtime, analyst, duplicate, canonical)
    db.commit()
    assert rollups.check(db) == {}
    assert len(held(db)["incident_duplicate_rollups"]) == 1
    assert_rollups_equal_direct(db, runtime, world)
    unlink_duplicate(db, runtime, analyst, duplicate)
    db.commit()

    assert held(db) == before
