"""The HTCDS Excel toolkit (basic template) both ways, over the CLI and the API with the real
database: all rows or none with a row/column report, idempotent re-imports, identity sealed
and exported only to the owning agency's case workers, no live formula in any cell."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.runtime import Runtime
from rcf.settings import Settings
from rcf.trafficking.htcds import COLUMNS
from rcf.trafficking.models import TraffickingCase
from tests.factories import World, api_token, make_case, sign_in
from tests.functional.test_cli import rcf_cli

A_DOCUMENT = "QA5550001"
EXPORT = "/api/v1/trafficking/htcds/export.xlsx"
IMPORT = "/api/v1/trafficking/htcds/import"
ROW = {
    "cas_CaseId": "NGO-0001",
    "cas_Status": "Active",
    "cas_IdentificationDate": "2026-03-02",
    "prs_FirstName": "Quilvane",
    "prs_SecondName": "Oxtarrow",
    "prs_Birthdate": "2001-05-09",
    "prs_Gender": "Female",
    "prs_AgeBand": "24-26",
    "prs_Nationality": "TH",
    "prs_IdentityNumber": "QX7730115",
    "vic_TraffickingStatus": "ActualVictim",
    "vic_MethodOfRecruitment": "JobOffer; Internet",
    "vic_MethodsOfControl": "DebtBondage; WithholdsDocuments",
    "vic_TypeOfExploitation": "IllicitActivities",
    "vic_LabourIndustry": "R_ArtsEntertainmentAndRecreation",
    "vic_CountryOfExploitation": "KH",
    "vic_ConsentPurposes": "case_management; statistics",
    "vic_ConsentDate": "2026-03-03",
}


def workbook(rows: list[dict[str, str]], path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    header = list(ROW)
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name, "") for name in header])
    book.save(path)
    return path


def import_cli(settings: Settings, path: Path, *extra: str) -> Any:
    return rcf_cli(settings, "trafficking", "import", str(path), "--member", "THA",
                   "--agency", "Immigration", *extra)  # fmt: skip


def test_import_is_idempotent_and_seals_identity(
    test_settings: Settings, db: Session, world: World, tmp_path: Path
) -> None:
    second = ROW | {"cas_CaseId": "NGO-0002", "prs_FirstName": "Brellic", "prs_Gender": "Male"}
    path = workbook([ROW, second], tmp_path / "cases.xlsx")

    first = import_cli(test_settings, path)
    again = import_cli(test_settings, path)
    changed = import_cli(test_settings, workbook([ROW | {"prs_AgeBand": "27-29"}, second],
                                                 tmp_path / "changed.xlsx"))  # fmt: skip

    assert first.exit_code == 0, first.output
    assert "2 rows: 2 created, 0 amended, 0 unchanged" in first.stdout
    assert "2 rows: 0 created, 0 amended, 2 unchanged" in again.stdout
    assert "2 rows: 0 created, 1 amended, 1 unchanged" in changed.stdout
    cases = db.scalars(select(TraffickingCase).order_by(TraffickingCase.id)).all()
    assert [(c.external_id, str(c.age_band), c.version) for c in cases] == [
        ("NGO-0001", "27-29", 2),
        ("NGO-0002", "24-26", 1),
    ]
    assert cases[0].means_of_control == ["debt_bondage", "withholds_documents"]
    assert cases[0].citizenships == ["THA"]
    dump = repr(db.execute(text("SELECT * FROM trafficking_cases")).all())
    for plain in ("Quilvane", "Oxtarrow", "QX7730115", "2001-05-09"):
        assert plain not in dump


def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(
    test_settings: Settings, db: Session, world: World, tmp_path: Path
) -> None:
    bad = [
        ROW,
        ROW | {"cas_CaseId": "NGO-0002", "vic_MethodsOfControl": "DebtBondage; Telepathy"},
        ROW | {"cas_CaseId": "NGO-0003", "prs_Birthdate": "2001-02-30"},
        ROW | {"cas_CaseId": "NGO-0001"},
    ]
    refused = import_cli(test_settings, workbook(bad, tmp_path / "bad.xlsx"),
                         "--problems", str(tmp_path / "problems.csv"))  # fmt: skip

    assert refused.exit_code == 1
    report = " ".join(refused.stderr.split())
    assert "row 3, column vic_MethodsOfControl ('DebtBondage; Telepathy')" in report
    assert "row 4, column prs_Birthdate:" in report
    assert "row 5, column cas_CaseId ('NGO-0001'): Also on row 2." in report
    assert "nothing was imported" in report
    assert "2001-02-30" not in report  # an identity value is never repeated
    assert "prs_Birthdate" in (tmp_path / "problems.csv").read_text("utf-8")
    assert db.scalars(select(TraffickingCase)).all() == []


def test_unknown_columns_are_refused(test_settings: Settings, world: World, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("cas_CaseId,cas_IdentificationDate,prs_Religion\nX,2026-01-01,none\n")
    refused = import_cli(test_settings, path)
    assert refused.exit_code == 1
    assert "column prs_Religion: Not a column of the HTCDS basic template." in " ".join(
        refused.stderr.split()
    )


def headers(db: Session, runtime: Runtime, world: World, member: str, role: Role) -> dict[str, str]:
    token = api_token(db, runtime, world.persona(member, role), ["trafficking:write"])
    return {"Authorization": f"Bearer {token}"}


def exported(client: TestClient, who: dict[str, str]) -> list[list[str]]:
    response = client.get(EXPORT, headers=who)
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[c.value or "" for c in row] for row in sheet.iter_rows()]


def test_export_shows_identity_only_to_the_owning_agencys_case_workers(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    make_case(db, runtime, world.persona("A", Role.CASE_WORKER), identity={
        "names": "=HYPERLINK(\"http://x\")", "birth_date": "1998-07-14",
        "identity_documents": [{"number": A_DOCUMENT}]})  # fmt: skip
    make_case(db, runtime, world.persona("B", Role.CASE_WORKER))
    db.commit()

    own = exported(client, headers(db, runtime, world, "A", Role.CASE_WORKER))
    analyst = exported(client, headers(db, runtime, world, "A", Role.ANALYST))
    other = exported(client, headers(db, runtime, world, "B", Role.CASE_WORKER))

    assert own[0] == COLUMNS
    first_name = COLUMNS.index("prs_FirstName")
    assert own[1][first_name] == '\'=HYPERLINK("http://x")'  # text, never a live formula
    assert own[1][COLUMNS.index("prs_IdentityNumber")] == A_DOCUMENT
    assert own[1][COLUMNS.index("vic_TypeOfExploitation")] == "IllicitActivities"
    assert len(analyst) == 2
    assert all(cell == "" for cell in analyst[1][COLUMNS.index("prs_FirstName") :])
    assert len(other) == 2  # B's own case only
    assert A_DOCUMENT not in repr(other + analyst)


def test_import_over_the_api(
    client: TestClient, db: Session, runtime: Runtime, world: World, tmp_path: Path
) -> None:
    data = workbook([ROW], tmp_path / "api.xlsx").read_bytes()
    files = {"file": ("cases.xlsx", data, "application/octet-stream")}
    worker = headers(db, runtime, world, "A", Role.CASE_WORKER)

    done = client.post(IMPORT, files=files, headers=worker)
    again = client.post(IMPORT, files=files, headers=worker)
    analyst = client.post(
        IMPORT, files=files, headers=headers(db, runtime, world, "A", Role.ANALYST)
    )
    bad = client.post(IMPORT, files={"file": ("c.csv", b"cas_CaseId\nX\n", "text/csv")},
                      headers=worker)  # fmt: skip

    assert done.json() == {"rows": 1, "created": 1, "amended": 0, "unchanged": 0}
    assert again.json()["unchanged"] == 1
    assert analyst.status_code == 403
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["errors"] == {
        "row 1, column cas_IdentificationDate": "This column is required."
    }


def test_the_upload_page_reports_every_problem_and_writes_all_or_nothing(
    client: TestClient, db: Session, world: World, tmp_path: Path
) -> None:
    csrf = sign_in(client, world.persona("A", Role.CASE_WORKER))
    page = "/trafficking/htcds/import"
    assert client.get("/trafficking/cases").text.count(page) == 1  # linked for case workers
    bad = [ROW, ROW | {"cas_CaseId": "NGO-0002", "prs_Birthdate": "2001-02-30"},
           ROW | {"cas_CaseId": "NGO-0003", "vic_MethodsOfControl": "<img src=x>"}]  # fmt: skip
    good = [ROW, ROW | {"cas_CaseId": "NGO-0002", "prs_FirstName": "Brellic"}]

    def upload(rows: list[dict[str, str]]) -> Any:
        data = workbook(rows, tmp_path / "cases.xlsx").read_bytes()
        return client.post(page, data={"csrf_token": csrf}, files={"file": ("c.xlsx", data)})

    refused = upload(bad)
    assert refused.status_code == 400
    assert "Nothing was imported" in refused.text
    assert "2 problem(s) in 3 rows" in refused.text
    assert "<td>3</td><td>prs_Birthdate</td><td><code></code></td>" in refused.text
    assert "<td>4</td><td>vic_MethodsOfControl</td><td><code>&lt;img src=x&gt;" in refused.text
    assert "<img src=x>" not in refused.text  # escaped
    assert "2001-02-30" not in refused.text  # an identity value is never repeated
    assert db.scalars(select(TraffickingCase)).all() == []
    done, again = upload(good), upload(good)
    assert done.status_code == 200
    assert "2 rows: 2 created, 0 amended, 0 unchanged" in done.text
    assert "2 rows: 0 created, 0 amended, 2 unchanged" in again.text
    assert len(db.scalars(select(TraffickingCase)).all()) == 2
    empty = client.post(page, data={"csrf_token": csrf})
    assert empty.status_code == 400
    assert "Choose an XLSX or CSV file." in empty.text


def test_the_page_download_is_the_toolkit_workbook_with_own_identity(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    make_case(db, runtime, world.persona("A", Role.CASE_WORKER),
              identity={"identity_documents": [{"number": A_DOCUMENT}]})  # fmt: skip
    db.commit()
    rows = {}
    for role in (Role.CASE_WORKER, Role.ANALYST):
        client.cookies.clear()
        sign_in(client, world.persona("A", role))
        response = client.get("/trafficking/htcds/export.xlsx")
        assert response.status_code == 200
        assert response.headers["content-disposition"].startswith("attachment;")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows[role] = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    number = COLUMNS.index("prs_IdentityNumber")
    assert rows[Role.CASE_WORKER][1][number] == A_DOCUMENT
    assert rows[Role.ANALYST][1][number] == ""
