"""``rcf trafficking release`` without ``--input`` reads the cases of the database: only those
whose person consented to statistics and has not withdrawn, and never an identity field."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.audit.models import AuditEntry
from rcf.runtime import Runtime
from rcf.settings import Settings
from rcf.trafficking import service
from rcf.trafficking.release_cases import statistics_cases
from tests.factories import SYNTHETIC_IDENTITY, World, make_case
from tests.functional.test_cli import rcf_cli

NO_STATISTICS = {"purposes": ["case_management"], "given_on": "2026-02-11"}


def seed(db: Session, runtime: Runtime, world: World) -> None:
    worker = world.persona("A", Role.CASE_WORKER)
    for _ in range(4):
        make_case(db, runtime, worker)
    make_case(db, runtime, worker, consent=NO_STATISTICS)
    withdrawn = make_case(db, runtime, worker)
    service.withdraw_consent(db, runtime, actor_for_user(worker.user), withdrawn.id)
    for _ in range(2):
        make_case(db, runtime, world.persona("B", Role.CASE_WORKER), citizenships=["IDN"])
    db.commit()


def test_only_cases_consented_to_statistics_are_released(
    db: Session, runtime: Runtime, world: World
) -> None:
    seed(db, runtime, world)
    records = statistics_cases(db)
    assert len(records) == 6
    assert {r.citizenship for r in records} == {"THA", "IDN"}
    assert records[0].year == 2026
    assert records[0].exploitation_types == ("forced_criminality",)
    assert len(statistics_cases(db, "tha")) == 4


def test_release_command_reads_the_database(
    test_settings: Settings, db: Session, runtime: Runtime, world: World, tmp_path: Path
) -> None:
    seed(db, runtime, world)
    output = tmp_path / "release.csv"
    result = rcf_cli(
        test_settings, "trafficking", "release", "--output", str(output), "--k", "2", "--l", "1"
    )
    assert result.exit_code == 0, result.output
    assert "6 of 6 cases released" in result.output
    text = output.read_text(encoding="utf-8")
    assert not [value for value in SYNTHETIC_IDENTITY.values() if value in text]
    assert "t1." not in text
    assert len(list(csv.DictReader(text.splitlines()))) == 6
    exported = db.scalars(select(AuditEntry).where(AuditEntry.action == "record.exported")).all()
    assert [e.object_id for e in exported] == ["6 cases"]


def test_member_applies_only_to_the_database(test_settings: Settings, tmp_path: Path) -> None:
    source = tmp_path / "cases.csv"
    source.write_text("year_of_registration\n2020\n", encoding="utf-8")
    result = rcf_cli(
        test_settings,
        "trafficking",
        "release",
        "--input",
        str(source),
        "--member",
        "THA",
        "--output",
        str(tmp_path / "out.csv"),
    )
    assert result.exit_code == 2
