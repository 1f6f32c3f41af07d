"""Bulk import of incident reports: the CLI, the upload page, all-or-nothing, idempotence and a
real kill -9 in the middle of a write."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.policy import RecordShare
from rcf.access.roles import Role
from rcf.audit.models import AuditAction, AuditEntry
from rcf.incidents.columns import COLUMN_NAMES, to_flat
from rcf.incidents.import_stash import PREFIX as STASH_PREFIX
from rcf.incidents.models import Incident, IncidentVersion, PersonCount
from rcf.settings import Settings
from tests.factories import World, csrf_from, incident_data, sign_in
from tests.functional.test_cli import rcf_cli


def flat_rows(count: int, prefix: str = "IMP", **overrides: object) -> list[dict[str, str]]:
    return [to_flat(incident_data(reference=f"{prefix}-{n}", **overrides)) for n in range(count)]


def csv_text(rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMN_NAMES) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text(csv_text(rows), encoding="utf-8")
    return path


def import_cli(settings: Settings, path: Path, *extra: str) -> tuple[int, str, str]:
    result = rcf_cli(
        settings, "incidents", "import", str(path), "--member", "THA", "--agency", "Immigration",
        *extra,
    )  # fmt: skip
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def own_incidents(db: Session, world: World) -> int:
    db.expire_all()
    owner = world.members["A"].id
    return db.scalar(select(func.count(Incident.id)).where(Incident.owner_member_id == owner)) or 0


# --- CLI ----------------------------------------------------------------------------------------


def test_cli_import_creates_then_changes_nothing_then_amends(
    test_settings: Settings, world: World, db: Session, tmp_path: Path
) -> None:
    rows = flat_rows(3)
    rows[1]["visibility"], rows[1]["shared_with"] = "members", "idn|rso"
    path = write_csv(tmp_path / "reports.csv", rows)

    first = import_cli(test_settings, path)
    again = import_cli(test_settings, path)
    rows[2]["deaths"] = "1"
    amended = import_cli(test_settings, write_csv(tmp_path / "amended.csv", rows))

    assert first[0] == 0, first[2]
    assert "3 created, 0 amended, 0 unchanged" in first[1]
    assert again[0] == 0
    assert "0 created, 0 amended, 3 unchanged" in again[1]
    assert amended[0] == 0
    assert "0 created, 1 amended, 2 unchanged" in amended[1]
    assert own_incidents(db, world) == 3
    changed = db.scalars(select(Incident).where(Incident.reference == "IMP-2")).one()
    assert (changed.version, changed.deaths) == (2, 1)
    assert db.scalar(select(func.count(IncidentVersion.id))) == 1
    assert db.scalar(select(func.count(PersonCount.id))) == 9
    shared = db.scalars(select(Incident).where(Incident.reference == "IMP-1")).one()
    share_members = set(
        db.scalars(select(RecordShare.member_id).where(RecordShare.record_id == shared.id))
    )
    assert share_members == {world.members["B"].id, world.members["RSO"].id}
    assert shared.fee_usd_per_person is not None or shared.fee_currency == "USD"
    imports = db.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "incident_import")
    ).all()
    assert len(imports) == 3
    assert imports[0].action == AuditAction.RECORD_CREATED
    assert imports[0].changes["created"] == 3
    assert len(imports[0].object_id) == 64  # the file's SHA-256


def test_cli_import_with_errors_writes_nothing_and_lists_every_problem(
    test_settings: Settings, world: World, db: Session, tmp_path: Path
) -> None:
    rows = flat_rows(4)
    rows[1]["country"] = "ZZZ"
    rows[2]["persons"] = "LKA-M-adult"
    rows[3]["reference"] = "IMP-0"  # the same reference as row 2 of the file
    rows[0]["narrative"] = '=HYPERLINK("http://evil")'  # valid text: kept as the report says
    problems = tmp_path / "problems.csv"

    code, _, err = import_cli(
        test_settings, write_csv(tmp_path / "bad.csv", rows), "--problems", str(problems)
    )

    assert code == 1
    assert own_incidents(db, world) == 0
    assert "nothing was imported" in err
    assert "row 3, column country ('ZZZ')" in err
    assert "row 4, column persons" in err
    assert "row 5, column reference ('IMP-0'): The same reference is already on row 2." in err
    listed = list(csv.DictReader(io.StringIO(problems.read_text(encoding="utf-8"))))
    assert [(p["row"], p["column"]) for p in listed] == [
        ("3", "country"),
        ("4", "persons"),
        ("5", "reference"),
    ]


def test_cli_refuses_an_unsafe_file_with_a_clear_message(
    test_settings: Settings, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(csv_text(flat_rows(1, location_name="Île")).encode("latin-1"))

    code, _, err = import_cli(test_settings, path)

    assert code == 1
    assert "not UTF-8" in " ".join(err.split())


def test_template_round_trip_through_xlsx(
    test_settings: Settings, world: World, db: Session, tmp_path: Path
) -> None:
    template = tmp_path / "template.xlsx"
    made = rcf_cli(
        test_settings, "incidents", "template", "--format", "xlsx", "--output", str(template)
    )
    book = load_workbook(template)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for row in flat_rows(2, prefix="XLSX"):
        sheet.append([row[name] for name in header])
    book.save(template)

    code, out, err = import_cli(test_settings, template)

    assert made.exit_code == 0, made.output
    assert header == list(COLUMN_NAMES)
    assert code == 0, err
    assert "2 created" in out
    assert own_incidents(db, world) == 2


def test_template_csv_has_every_column(test_settings: Settings, tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    made = rcf_cli(test_settings, "incidents", "template", "--output", str(target))

    assert made.exit_code == 0, made.output
    assert target.read_text(encoding="utf-8").strip() == ",".join(COLUMN_NAMES)


def test_rates_loads_the_shipped_table(test_settings: Settings, world: World) -> None:
    first = rcf_cli(test_settings, "incidents", "rates")
    again = rcf_cli(test_settings, "incidents", "rates")

    assert first.exit_code == 0, first.output
    assert "changed" in first.stdout
    assert again.exit_code == 0
    assert "(0 changed)" in again.stdout


# --- kill -9 ------------------------------------------------------------------------------------


def _run_and_kill(settings: Settings, path: Path) -> tuple[int, list[str]]:
    """Start the import in its own process and kill -9 it once it has written a first batch:
    (its return code, the progress lines it printed)."""
    env = {
        **os.environ,
        "RCF_DATABASE_URL": settings.resolved_database_url,
        "RCF_SECRET_KEY": settings.resolved_secret_key,
        "RCF_ENVIRONMENT": "test",
        "RCF_DATA_DIR": str(settings.data_dir),
    }
    command = [sys.executable, "-m", "rcf", "incidents", "import", str(path)]
    command += ["--member", "THA", "--agency", "Immigration"]
    seen = []
    with subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        for line in process.stderr:
            seen.append(line)
            if line.startswith("written"):
                os.kill(process.pid, signal.SIGKILL)
                break
        process.wait(timeout=60)
    assert any(line.startswith("written") for line in seen), seen
    return process.returncode, seen


def test_a_killed_import_leaves_nothing_and_a_rerun_completes_once(
    test_settings: Settings, world: World, db: Session, tmp_path: Path
) -> None:
    """Killed while its workers are still checking, some reports already written (on an SQLite
    file, copied from the workers' first files: those left are removed by the rerun)."""
    total = 30_000
    path = write_csv(tmp_path / "big.csv", flat_rows(total, prefix="KILL"))
    url = db.get_bind().url
    sqlite_file = url.get_backend_name() == "sqlite" and url.database
    stash = Path(str(url.database)).resolve().parent if sqlite_file else None

    returncode, seen = _run_and_kill(test_settings, path)
    checked = [int(line.split()[1].replace(",", "")) for line in seen if line.startswith("checked")]
    left = list(stash.glob(f"{STASH_PREFIX}*")) if stash else []
    after_kill = own_incidents(db, world)
    completed = import_cli(test_settings, path)
    after_rerun = own_incidents(db, world)
    repeated = import_cli(test_settings, path)

    assert returncode == -signal.SIGKILL
    assert max(checked) < total  # killed while the rest was being checked
    assert after_kill == 0
    if stash:
        assert len(left) >= 2  # files of segments 0 and 1 at least, left by the kill
    assert completed[0] == 0, completed[2]
    assert after_rerun == total
    distinct = db.scalar(select(func.count(func.distinct(Incident.reference))))
    assert distinct == total
    assert repeated[0] == 0
    assert f"{total:,} unchanged" in repeated[1]
    assert own_incidents(db, world) == total
    assert db.scalar(select(func.count(PersonCount.id))) == 3 * total
    if stash:  # the workers' files (import_stash)
        assert list(stash.glob(f"{STASH_PREFIX}*")) == []


# --- The upload page ----------------------------------------------------------------------------


def upload(client: TestClient, csrf: str, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        "/incidents/import",
        data={"csrf_token": csrf},
        files={"file": (name, content, "application/octet-stream")},
    )


def test_upload_page_imports_a_valid_file(client: TestClient, world: World, db: Session) -> None:
    sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    csrf = csrf_from(client, "/incidents/import")

    response = upload(client, csrf, "week.csv", csv_text(flat_rows(2)).encode())

    assert response.status_code == 200, response.text
    assert "Import complete" in response.text
    assert "2 created" in response.text
    assert own_incidents(db, world) == 2


def test_upload_page_lists_problems_and_offers_a_safe_csv(
    client: TestClient, world: World, db: Session
) -> None:
    rows = flat_rows(2)
    rows[1]["kind"] = "=1+2"
    rows[0]["location_name"] = "<img src=x onerror=alert(1)>" + "x" * 300
    sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    csrf = csrf_from(client, "/incidents/import")

    response = upload(client, csrf, "bad.csv", csv_text(rows).encode())
    link = response.text.split('href="/incidents/import/')[1].split('"')[0]
    download = client.get(f"/incidents/import/{link}")

    assert response.status_code == 400
    assert "Nothing was imported" in response.text
    assert "<img src=x" not in response.text
    assert own_incidents(db, world) == 0
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    problems = list(csv.DictReader(io.StringIO(download.text)))
    columns = {p["column"]: p for p in problems}
    assert columns["kind"]["value"] == "'=1+2"
    assert columns["location_name"]["row"] == "2"


def test_problem_reports_belong_to_the_uploading_member(client: TestClient, world: World) -> None:
    rows = flat_rows(1, country="ZZZ")
    sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    response = upload(
        client, csrf_from(client, "/incidents/import"), "bad.csv", csv_text(rows).encode()
    )
    link = response.text.split('href="/incidents/import/')[1].split('"')[0]
    client.cookies.clear()
    sign_in(client, world.persona("B", Role.CONTRIBUTOR))

    foreign = client.get(f"/incidents/import/{link}")
    traversal = client.get("/incidents/import/..%2F..%2Fsecret_key/problems.csv")

    assert foreign.status_code == 404
    assert traversal.status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("macro.xlsm", b"PK\x03\x04", "macros"),
        ("fake.xlsx", b"not a zip at all", "not an .xlsx workbook"),
        ("notes.txt", b"a,b", "Choose a .csv or .xlsx file"),
        ("utf16.csv", "reference\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_upload_page_refuses_unsafe_files(
    name: str, content: bytes, message: str, client: TestClient, world: World
) -> None:
    sign_in(client, world.persona("A", Role.CONTRIBUTOR))

    response = upload(client, csrf_from(client, "/incidents/import"), name, content)

    assert response.status_code == 400
    assert message in response.text


def test_templates_download(client: TestClient, world: World) -> None:
    sign_in(client, world.persona("A", Role.VIEWER))

    as_csv = client.get("/incidents/template.csv")
    as_xlsx = client.get("/incidents/template.xlsx")

    assert as_csv.text.strip() == ",".join(COLUMN_NAMES)
    assert as_xlsx.content.startswith(b"PK\x03\x04")
    assert 'filename="incidents-template.xlsx"' in as_xlsx.headers["content-disposition"]


def test_an_unwritten_workbook_from_openpyxl_imports(
    test_settings: Settings, world: World, db: Session, tmp_path: Path
) -> None:
    """A workbook made by another program: dates and numbers as typed cells, not text."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Reference", "KIND", "occurred_on", "country", "persons", "deaths"])
    full_width_tha = "\uff54\uff48\uff41"
    sheet.append(
        ["WB-1", "Irregular_Entry", date(2025, 1, 2), full_width_tha, "MMR/M/adult=3", 1.0]
    )
    path = tmp_path / "typed.xlsx"
    book.save(path)

    code, _, err = import_cli(test_settings, path)

    assert code == 0, err
    report = db.scalars(select(Incident).where(Incident.reference == "WB-1")).one()
    assert (report.country, report.deaths, report.persons_total) == ("THA", 1, 3)
