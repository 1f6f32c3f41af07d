"""Bulk import of the watchlist: CSV, XLSX and FollowTheMoney JSON lines, at the command line
and through the upload page; all or nothing, idempotent, problems by row and column."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.screening.models import IdentifierKind, WatchlistIdentifier, WatchlistPerson
from rcf.settings import Settings
from tests.factories import World, sign_in
from tests.functional.test_cli import rcf_cli

HEADER = (
    "reference,primary_name,aliases,birth_dates,nationalities,gender,phones,documents,"
    "visibility,handling_code\n"
)
GOOD = HEADER + (
    "WL-1,Mohammed Rahim Qasimi,محمد رحيم قاسمی;Mohd Rahim,1979-04-12,AF,M,+93 70 555 0199,"
    "P04512290 AFG,regional,H0\n"
    'WL-2,Aung Ko Ko Htwe,"[""U Aung Ko"", ""ကိုကိုထွေး""]",1985..1987,MM,M,,,national,H1\n'
    "WL-3,Siti Nurhaliza binti Yusof,,1990,ID;MY,F,0812 5550 1234,,regional,H2\n"
)
AGENCY = ["--member", "THA", "--agency", "Immigration"]


def _count(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count(WatchlistPerson.id))) or 0


def test_the_cli_import_is_all_or_nothing_and_idempotent(
    test_settings: Settings, db: Session, world: World, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "WL-4,Someone,,1979-13-01,AF,M,,,national,H0\nWL-1,Again,,,,,,,,\n")
    refused = rcf_cli(test_settings, "screening", "import", str(bad), *AGENCY)
    assert refused.exit_code == 1
    assert "row 5, column birth_dates" in refused.stderr
    assert "row 6, column reference" in refused.stderr
    assert _count(db) == 0
    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    first = rcf_cli(test_settings, "screening", "import", str(good), *AGENCY)
    assert first.exit_code == 0, first.output
    assert "3 created" in first.stdout
    again = rcf_cli(test_settings, "screening", "import", str(good), *AGENCY)
    assert "0 created, 0 amended, 3 unchanged" in again.stdout
    changed = tmp_path / "changed.csv"
    changed.write_text(GOOD.replace("1985..1987", "1986"))
    third = rcf_cli(test_settings, "screening", "import", str(changed), *AGENCY)
    assert "0 created, 1 amended, 2 unchanged" in third.stdout
    assert _count(db) == 3
    phones = set(
        db.scalars(
            select(WatchlistIdentifier.value).where(
                WatchlistIdentifier.kind == IdentifierKind.PHONE
            )
        )
    )
    assert phones == {"+93705550199", "+6281255501234"}  # read in the first nationality (ID)


def test_followthemoney_persons_and_refused_schemas(
    test_settings: Settings, db: Session, world: World, tmp_path: Path
) -> None:
    person = {
        "id": "ftm-person-1",
        "schema": "Person",
        "properties": {
            "name": ["Abdul Wahid Karimi"],
            "alias": ["عبدالواحد کریمی"],
            "birthDate": ["1975-03"],
            "nationality": ["af"],
            "gender": ["male"],
            "passportNumber": ["OA1234567"],
            "phone": ["+93 79 555 0142"],
        },
    }
    company = {"id": "ftm-co-1", "schema": "Company", "properties": {"name": ["Synthetic Co"]}}
    bad = tmp_path / "entities.jsonl"
    bad.write_text(json.dumps(person) + "\n" + json.dumps(company) + "\n{not json\n")
    refused = rcf_cli(test_settings, "screening", "import", str(bad), *AGENCY)
    assert refused.exit_code == 1
    assert "row 2, column schema" in refused.stderr
    assert "Only Person entities" in refused.stderr
    assert "row 3" in refused.stderr
    good = tmp_path / "persons.jsonl"
    good.write_text(json.dumps(person, ensure_ascii=False) + "\n")
    assert rcf_cli(test_settings, "screening", "import", str(good), *AGENCY).exit_code == 0
    stored = db.scalars(select(WatchlistPerson)).one()
    assert stored.reference == "ftm-person-1"
    assert stored.birth_dates == ["1975"]
    assert stored.nationalities == ["AF"]
    assert stored.gender == "M"
    assert [n.name for n in stored.names] == ["Abdul Wahid Karimi", "عبدالواحد کریمی"]


def test_the_upload_page_takes_xlsx_and_lists_problems(
    client: TestClient, db: Session, world: World
) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in GOOD.splitlines()[:2]:
        sheet.append(line.split(","))
    sheet.append(["WL-9", "<img src=x onerror=alert(1)>", "", "", "XX", "", "", "", "", ""])
    content = io.BytesIO()
    book.save(content)
    files = {"file": ("watchlist.xlsx", content.getvalue())}
    refused = client.post("/screening/persons/import", data={"csrf_token": csrf}, files=files)
    assert refused.status_code == 400
    assert "Nothing was imported" in refused.text
    assert "nationalities" in refused.text
    assert "<img src=x" not in refused.text
    assert _count(db) == 0
    good = {"file": ("watchlist.csv", GOOD.encode())}
    done = client.post("/screening/persons/import", data={"csrf_token": csrf}, files=good)
    assert done.status_code == 200
    assert "3 created" in done.text
    assert client.get("/screening/persons/template.csv").text.startswith("reference,primary_name")


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("watchlist.xlsx", _zip_bomb(), "zip bomb"),
        ("watchlist.xlsm", b"PK\x03\x04", "macros"),
        ("entities.jsonl", b"[" * 10_000 + b"]" * 10_000 + b"\n", "not a JSON object"),
        ("entities.jsonl", b'{"schema": "Person", "x": "' + b"a" * 1_100_000 + b'"}\n', "longer"),
        ("entities.jsonl", b'{"id": 1e400, "schema": "Person", "properties": []}\n', "entity"),
    ],
    ids=["zip bomb", "macros", "deep json", "long line", "odd json"],
)
def test_the_upload_page_refuses_bombs_clearly_and_imports_nothing(
    name: str, content: bytes, message: str, client: TestClient, db: Session, world: World
) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    files = {"file": (name, content)}
    response = client.post("/screening/persons/import", data={"csrf_token": csrf}, files=files)
    assert response.status_code == 400
    assert message in response.text
    assert _count(db) == 0
