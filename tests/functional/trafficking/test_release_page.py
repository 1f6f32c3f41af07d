"""The analysts' release page: a preview of what the k-anonymous release keeps, then the CSV
(audited); the own member's consented cases only (every member's for the RSO's analysts),
never an identity, and k never below 11."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.audit.models import AuditAction, AuditEntry
from rcf.runtime import Runtime
from rcf.trafficking.release_files import OUTPUT_COLUMNS
from tests.factories import SYNTHETIC_IDENTITY, World, csrf_from, make_case, sign_in

PAGE = "/trafficking/release"


def seed(db: Session, runtime: Runtime, world: World) -> None:
    for n in range(12):
        kind = ["forced_labour"] if n % 2 else ["forced_criminality"]
        make_case(db, runtime, world.persona("A", Role.CASE_WORKER), exploitation_types=kind)
    for _ in range(3):
        make_case(db, runtime, world.persona("B", Role.CASE_WORKER))
    db.commit()


def test_an_analyst_previews_then_downloads_the_release(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    seed(db, runtime, world)
    sign_in(client, world.persona("A", Role.ANALYST))
    csrf = csrf_from(client, PAGE)

    preview = client.post(PAGE, data={"csrf_token": csrf, "k": "11", "l": "2"})
    download = client.post(PAGE, data={"csrf_token": csrf, "k": "11", "l": "2", "download": "1"})

    assert preview.status_code == 200
    assert "of 12 cases released" in preview.text  # A's own cases, not B's
    assert download.status_code == 200
    assert download.headers["content-disposition"] == (
        'attachment; filename="trafficking-release-tha-k11.csv"'
    )
    rows = list(csv.reader(io.StringIO(download.text)))
    assert tuple(rows[0]) == tuple(OUTPUT_COLUMNS)
    assert len(rows) - 1 == 12
    for value in SYNTHETIC_IDENTITY.values():
        assert value not in download.text
    exported = db.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.RECORD_EXPORTED)
    ).all()
    assert [e.object_type for e in exported] == ["trafficking_release"]


def test_the_rsos_analyst_releases_every_member(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    seed(db, runtime, world)
    sign_in(client, world.persona("RSO", Role.ANALYST))
    csrf = csrf_from(client, PAGE)
    preview = client.post(PAGE, data={"csrf_token": csrf, "k": "11", "l": "1"})
    assert "of 15 cases released" in preview.text


def test_k_below_11_is_refused_beside_the_field(client: TestClient, world: World) -> None:
    sign_in(client, world.persona("A", Role.ANALYST))
    csrf = csrf_from(client, PAGE)
    refused = client.post(PAGE, data={"csrf_token": csrf, "k": "3", "l": "2"})
    assert refused.status_code == 400
    assert "Give a whole number from 11 to 1000." in refused.text
    assert 'value="3"' in refused.text
