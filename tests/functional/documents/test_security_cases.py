"""The attack cases of security-cases.md that touch documents: scraping the checks (E1), no
difference between a withdrawn record and one never reported (C4), hostile uploads as manifests
and register files (D3, D4) and formulas in the problems file (D2)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.app import create_app
from rcf.documents.models import DocumentRecord
from rcf.documents.register_schemas import MAX_BATCH
from rcf.runtime import Runtime
from rcf.settings import Settings
from tests.factories import World, sign_in
from tests.functional.documents.support import add_record, token_for
from tests.functional.test_cli import rcf_cli
from tests.functional.test_web_security import new_client, runtime_with
from tests.unit.incidents.test_importing import BILLION_LAUGHS, with_part, workbook, zip_of

CHECK, BATCH = "/api/v1/documents/check", "/api/v1/documents/check-batch"
ONE = {"document_number": "ZZ0000001", "issuing_state": "IDN"}


@pytest.mark.parametrize(
    ("path", "body"), [(CHECK, ONE), (BATCH, {"passengers": [ONE]})], ids=["check", "batch"]
)
def test_checks_are_rate_limited_per_token(
    runtime: Runtime, world: World, db: Session, path: str, body: dict[str, object]
) -> None:
    """E1: guessing numbers through the check is slowed like any scraping of the API."""
    app = create_app(runtime=runtime_with(runtime, api_rate_limit_per_minute=2))
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    with new_client(app) as client:
        allowed = [client.post(path, json=body, headers=b) for _ in range(2)]
        limited = client.post(path, json=body, headers=b)

    assert [r.status_code for r in allowed] == [200, 200]
    assert limited.status_code == 429
    assert limited.headers["content-type"].startswith("application/problem+json")
    assert 1 <= int(limited.headers["retry-after"]) <= 60


def test_a_batch_counts_one_request_per_hundred_passengers(
    runtime: Runtime, world: World, db: Session
) -> None:
    """E1: 10,000 numbers in one batch are not one guess."""
    app = create_app(runtime=runtime_with(runtime, api_rate_limit_per_minute=5))
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    passengers = [{"document_number": f"ZZ{n:07d}", "issuing_state": "IDN"} for n in range(400)]
    with new_client(app) as client:
        first = client.post(BATCH, json={"passengers": passengers}, headers=b)
        second = client.post(CHECK, json=ONE, headers=b)
        limited = client.post(CHECK, json=ONE, headers=b)

    assert (first.status_code, second.status_code, limited.status_code) == (200, 200, 429)


def test_checks_through_the_pages_are_rate_limited_per_user(
    runtime: Runtime, world: World, db: Session
) -> None:
    """E1: the check form is no way round the API's limit."""
    app = create_app(runtime=runtime_with(runtime, api_rate_limit_per_minute=2))
    with new_client(app) as client:
        csrf = sign_in(client, world.persona("B", Role.VIEWER))
        form = {**ONE, "csrf_token": csrf}
        allowed = [client.post("/documents/check", data=form) for _ in range(2)]
        limited = client.post("/documents/check", data=form)
        upload = {"file": ("m.csv", b"document_number,issuing_state\nZZ1,IDN\n", "text/csv")}
        manifest = client.post("/documents/manifest", data={"csrf_token": csrf}, files=upload)

    assert [r.status_code for r in allowed] == [200, 200]
    assert (limited.status_code, manifest.status_code) == (429, 429)
    assert 1 <= int(limited.headers["retry-after"]) <= 60


def test_a_withdrawn_number_answers_exactly_like_one_never_reported(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    """C4: the answer (status and every byte of the body) does not tell a checker that a number
    was once in the register."""
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    made = add_record(client, a, document_number="AA7777777")
    assert client.delete(f"/api/v1/documents/register/{made['id']}", headers=a).status_code == 204
    b = token_for(db, runtime, world, "B", Role.VIEWER)

    def answer(number: str) -> tuple[int, bytes]:
        body = {"document_number": number, "issuing_state": "THA"}
        response = client.post(CHECK, json=body, headers=b)
        return response.status_code, response.content.replace(number.encode(), b"N")

    assert answer("AA7777777") == answer("AA7777778")


def test_oversized_batches_are_refused(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    """D3/D8: more passengers than a batch takes, or a manifest text over its cap: 422."""
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    many = client.post(BATCH, json={"passengers": [ONE] * (MAX_BATCH + 1)}, headers=b)
    huge = client.post(BATCH, json={"manifest": "X" * 2_000_001}, headers=b)

    assert many.status_code == 422
    assert huge.status_code in (413, 422)  # the body cap may answer before the schema


HOSTILE_WORKBOOKS = {  # name: (content, the reason given)
    "zip bomb": (zip_of({"xl/a.xml": b"\0" * 5_000_000}), "zip bomb"),
    "billion laughs": (
        with_part(
            workbook(["document_number", "issuing_state"]),
            "xl/worksheets/sheet1.xml",
            BILLION_LAUGHS,
        ),
        "cannot be read safely",
    ),
    "macros": (zip_of({"xl/vbaProject.bin": b"x"}), "macros"),
    "zip slip": (zip_of({"../../etc/passwd": b"x"}), "unsafe name"),
}


@pytest.mark.parametrize("name", list(HOSTILE_WORKBOOKS))
def test_hostile_workbooks_are_refused_as_manifests_and_as_register_files(
    client: TestClient, db: Session, world: World, name: str
) -> None:
    """D4: the manifest upload and the register import both refuse them, with a reason and
    without a 500; nothing is imported."""
    content, reason = HOSTILE_WORKBOOKS[name]
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    upload = {"file": ("flight.xlsx", content, "application/octet-stream")}
    manifest = client.post("/documents/manifest", data={"csrf_token": csrf}, files=upload)
    imported = client.post("/documents/register/import", data={"csrf_token": csrf}, files=upload)

    assert manifest.status_code == 400
    # Refused, not "0 passenger(s), 0 hit(s)" over an empty table, which reads as all clear.
    assert "The manifest was refused: nothing was checked" in manifest.text
    assert "passenger(s)," not in manifest.text
    assert reason in manifest.text
    assert imported.status_code == 400
    assert reason in imported.text
    assert db.scalar(select(func.count(DocumentRecord.id))) == 0


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_the_register_problems_file_holds_no_formula(
    test_settings: Settings, db: Session, world: World, tmp_path: Path, start: str
) -> None:
    """D2: a value copied from a hostile file into the problems CSV cannot run in a spreadsheet."""
    bad = tmp_path / "records.csv"
    payload = f"{start}HYPERLINK(A1)"
    bad.write_text(
        "national_reference,document_number,issuing_state,document_type,status\n"
        f"R1,{payload},THA,passport,lost\n"
    )
    problems = tmp_path / "problems.csv"
    agency = ["--member", "THA", "--agency", "Immigration"]
    result = rcf_cli(
        test_settings, "documents", "import", str(bad), *agency, "--problems", str(problems)
    )

    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(problems.read_text())))
    assert [row["column"] for row in rows] == ["document_number"]
    assert not rows[0]["value"].startswith(start)
    assert "HYPERLINK" in rows[0]["value"]
