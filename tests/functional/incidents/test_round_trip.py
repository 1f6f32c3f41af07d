"""Export, then import into an empty database: the same reports come back (issue 3, item 4),
through the real command line on both ends, formula-looking text included."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from rcf.access.policy import Actor
from rcf.access.roles import Role
from rcf.cli import app as cli
from rcf.db import make_engine, make_session_factory
from rcf.incidents.models import Incident
from rcf.incidents.service import incident_content
from rcf.members.models import AgencyKind, Member
from rcf.members.schemas import AgencyIn
from rcf.members.service import save_agency
from rcf.settings import Settings
from tests.factories import World, make_incident

TRICKY = '=HYPERLINK("http://x") +cmd @SUM -10.9 <img src=x onerror=alert(1)>'


def _env(url: str, settings: Settings) -> dict[str, str]:
    return {
        "RCF_DATABASE_URL": url,
        "RCF_SECRET_KEY": settings.resolved_secret_key,
        "RCF_ARGON2_TIME_COST": "1",
        "RCF_ARGON2_MEMORY_KIB": "64",
    }


def _contents(session: Session) -> dict[str, dict[str, object]]:
    rows = session.scalars(select(Incident).order_by(Incident.reference))
    return {i.reference: incident_content(i) for i in rows}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_database_gives_the_same_reports(
    fmt: str, world: World, db: Session, test_settings: Settings, tmp_path: Path
) -> None:
    author = world.persona("A", Role.CONTRIBUTOR)
    make_incident(db, author, reference="RT-1", narrative=TRICKY)
    make_incident(
        db,
        author,
        reference="RT-2",
        kind="document_fraud",
        transport_means="aircraft",
        border_type="air",
        latitude=None,
        longitude=None,
        narrative="+cmd",
    )
    db.commit()
    runner = CliRunner()
    exported = tmp_path / f"export.{fmt}"
    source = _env(test_settings.resolved_database_url, test_settings)
    result = runner.invoke(
        cli,
        [
            "incidents",
            "export",
            "--format",
            fmt,
            "--output",
            str(exported),
            "--as-user",
            author.email,
        ],
        env=source,
    )
    assert result.exit_code == 0, result.output

    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    target = _env(empty, test_settings)
    for command in (["db", "upgrade"], ["members", "import"]):
        assert runner.invoke(cli, command, env=target).exit_code == 0
    engine = make_engine(empty)
    fresh = make_session_factory(engine, secret_key=test_settings.resolved_secret_key)()
    member = fresh.scalars(select(Member).where(Member.code == "THA")).one()
    save_agency(
        fresh, Actor.system(), member, AgencyIn(name="Immigration", kind=AgencyKind.IMMIGRATION)
    )
    fresh.commit()
    result = runner.invoke(
        cli,
        ["incidents", "import", str(exported), "--member", "THA", "--agency", "Immigration"],
        env=target,
    )
    assert result.exit_code == 0, result.output
    try:
        assert _contents(fresh) == _contents(db)
    finally:
        fresh.close()
        engine.dispose()
