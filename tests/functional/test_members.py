"""The members registry: `rcf members import`, the directory pages and the members API."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import Result
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

import rcf.members
from rcf.access.roles import Role
from rcf.audit.models import AuditAction, AuditEntry
from rcf.cli import app as cli_app
from rcf.members.models import Agency, ConsultativeProcess, Member, MemberKind, MemberStatus
from rcf.runtime import Runtime
from rcf.settings import Settings
from tests.factories import World, api_token, sign_in

REFERENCE = Path(rcf.members.__file__).parent / "data"
MEMBER_HEADER = "code,name,kind,status,joined_on"


def rcf_cli(settings: Settings, *args: str) -> Result:
    env = {
        "RCF_DATABASE_URL": settings.resolved_database_url,
        "RCF_SECRET_KEY": settings.resolved_secret_key,
        "RCF_ENVIRONMENT": "test",
        "RCF_DATA_DIR": str(settings.data_dir),
    }
    return CliRunner().invoke(cli_app, list(args), env=env)


def one_line(text: str) -> str:
    return " ".join(text.split())


def counts(db: Session) -> tuple[int, int, int, int]:
    db.expire_all()
    return (
        db.scalar(select(func.count(Member.id))) or 0,
        db.scalar(select(func.count(Agency.id))) or 0,
        db.scalar(select(func.count(ConsultativeProcess.id))) or 0,
        db.scalar(select(func.count(AuditEntry.id))) or 0,
    )


def registry_snapshot(db: Session) -> list[tuple[object, ...]]:
    db.expire_all()
    members = db.execute(
        select(Member.code, Member.name, Member.kind, Member.status, Member.joined_on).order_by(
            Member.code
        )
    )
    processes = db.execute(
        select(ConsultativeProcess.code, ConsultativeProcess.name).order_by(
            ConsultativeProcess.code
        )
    )
    return [tuple(row) for row in [*members, *processes]]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the reference files to spoil."""
    target = tmp_path / "registry"
    shutil.copytree(REFERENCE, target)
    return target


def append(path: Path, line: bytes) -> None:
    path.write_bytes(path.read_bytes() + line)


# --- `rcf members import` -----------------------------------------------------------------------


def test_import_loads_the_reference_registry(test_settings: Settings, db: Session) -> None:
    result = rcf_cli(test_settings, "members", "import")

    assert result.exit_code == 0, result.output
    assert "Imported 71 members, 1 agencies and 5 consultative processes" in result.stdout
    members, agencies, processes, entries = counts(db)
    assert (members, agencies, processes) == (71, 1, 5)
    # Every row written is audited as a change by the command line operator.
    assert entries == 71 + 1 + 5
    labels = set(db.scalars(select(AuditEntry.actor_label)))
    assert labels == {"system (cli)"}
    rso = db.scalars(select(Member).where(Member.code == "RSO")).one()
    assert rso.kind == MemberKind.RSO
    assert db.scalar(select(func.count()).where(Member.kind == MemberKind.MEMBER_STATE)) == 45


def test_import_twice_changes_nothing_and_audits_nothing(
    test_settings: Settings, db: Session
) -> None:
    assert rcf_cli(test_settings, "members", "import").exit_code == 0
    before, entries_before = registry_snapshot(db), counts(db)

    again = rcf_cli(test_settings, "members", "import")

    assert again.exit_code == 0, again.output
    assert registry_snapshot(db) == before
    assert counts(db) == entries_before


def test_reimport_audits_exactly_what_changed(
    test_settings: Settings, db: Session, folder: Path
) -> None:
    assert rcf_cli(test_settings, "members", "import", str(folder)).exit_code == 0
    first_seq = db.scalar(select(func.max(AuditEntry.seq)))
    members_csv = folder / "members.csv"
    members_csv.write_text(
        members_csv.read_text().replace(
            "THA,Thailand,member_state,active,", "THA,Thailand,member_state,suspended,"
        )
    )

    assert rcf_cli(test_settings, "members", "import", str(folder)).exit_code == 0

    new = list(db.scalars(select(AuditEntry).where(AuditEntry.seq > first_seq)))
    assert [(e.action, e.object_id) for e in new] == [(AuditAction.MEMBER_UPDATED, "THA")]
    assert new[0].changes == {"status": {"before": "active", "after": "suspended"}}


BAD_FILES = {
    "unknown kind": (
        "members.csv",
        b"ZZA,Zed Land,planet,active,\n",
        "members.csv row 73, column kind",
    ),
    "state with a code that is not ISO 3166": (
        "members.csv",
        b"ZZZ,Zed Land,member_state,active,\n",
        "members.csv row 73, column code: ZZZ is not an ISO 3166-1 alpha-3 country code",
    ),
    "bad date": (
        "members.csv",
        b"ZZB,Zed Bureau,member_organisation,active,31/12/2020\n",
        "members.csv row 73, column joined_on",
    ),
    "more values than columns": (
        "members.csv",
        b"ZZB,Zed Bureau,member_organisation,active,,surplus\n",
        "members.csv row 73, column -: more values than the header has columns",
    ),
    "NUL byte": (
        "members.csv",
        b"ZZB,Zed\x00Bureau,member_organisation,active,\n",
        "members.csv row 73, column name: contains a NUL character",
    ),
    "oversized field": (
        "members.csv",
        b"ZZB," + b"x" * 200_000 + b",member_organisation,active,\n",
        "members.csv row 73, column -: not readable as CSV",
    ),
    "agency of an unknown member": (
        "agencies.csv",
        b"ZZQ,Ghost agency,police\n",
        "agencies.csv row 3, column member_code: unknown member 'ZZQ'",
    ),
    "process with a bad year": (
        "processes.csv",
        b"NEW-RCP,New process,Somewhere,1066,\n",
        "processes.csv row 7, column established",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_a_bad_row_means_nothing_is_written(
    case: str, test_settings: Settings, db: Session, folder: Path
) -> None:
    name, line, expected = BAD_FILES[case]
    append(folder / name, line)

    result = rcf_cli(test_settings, "members", "import", str(folder))

    assert result.exit_code == 1
    assert expected in one_line(result.stderr), result.stderr
    assert "nothing was imported" in result.stderr
    assert counts(db) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (f"{MEMBER_HEADER},code", "members.csv row 1, column header: duplicate column code"),
        ("code,name,kind,status", "members.csv row 1, column header: expected columns"),
        ("code,name,kind,status,joined,extra", "members.csv row 1, column header"),
    ],
    ids=["duplicate header", "missing column", "unknown column"],
)
def test_a_bad_header_is_named(
    header: str, expected: str, test_settings: Settings, db: Session, folder: Path
) -> None:
    members_csv = folder / "members.csv"
    members_csv.write_text(members_csv.read_text().replace(MEMBER_HEADER, header, 1))

    result = rcf_cli(test_settings, "members", "import", str(folder))

    assert result.exit_code == 1
    assert expected in one_line(result.stderr)
    assert counts(db) == (0, 0, 0, 0)


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_a_file_that_is_not_utf8_is_refused(
    encoding: str, test_settings: Settings, db: Session, folder: Path
) -> None:
    members_csv = folder / "members.csv"
    text = (
        members_csv.read_text(encoding="utf-8") + "ZZB,Bureau d'étude,member_organisation,active,\n"
    )
    members_csv.write_bytes(text.encode(encoding))

    result = rcf_cli(test_settings, "members", "import", str(folder))

    assert result.exit_code == 1
    assert "members.csv" in result.stderr
    assert "not UTF-8" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert counts(db) == (0, 0, 0, 0)


def test_a_bad_row_leaves_an_existing_registry_untouched(
    test_settings: Settings, db: Session, folder: Path
) -> None:
    """All or nothing also when the same files hold valid changes."""
    assert rcf_cli(test_settings, "members", "import", str(folder)).exit_code == 0
    before, counted = registry_snapshot(db), counts(db)
    members_csv = folder / "members.csv"
    members_csv.write_text(members_csv.read_text().replace("Thailand", "Renamed Thailand"))
    append(members_csv, b"ZZA,Zed Land,planet,active,\n")

    result = rcf_cli(test_settings, "members", "import", str(folder))

    assert result.exit_code == 1
    assert registry_snapshot(db) == before
    assert counts(db) == counted


def test_the_byte_order_mark_of_a_spreadsheet_export_is_accepted(
    test_settings: Settings, db: Session, folder: Path
) -> None:
    members_csv = folder / "members.csv"
    members_csv.write_bytes(b"\xef\xbb\xbf" + members_csv.read_bytes())

    result = rcf_cli(test_settings, "members", "import", str(folder))

    assert result.exit_code == 0, result.output
    assert counts(db)[:3] == (71, 1, 5)


# --- Directory pages ----------------------------------------------------------------------------


@pytest.fixture
def registry(world: World, test_settings: Settings, db: Session) -> World:
    """The personas' world, with the reference registry imported over it."""
    assert rcf_cli(test_settings, "members", "import").exit_code == 0
    return world


def test_directory_lists_members_and_the_five_processes(
    client: TestClient, registry: World
) -> None:
    sign_in(client, registry.persona("C", Role.VIEWER))

    page = client.get("/members")

    assert page.status_code == 200
    for text in ("Thailand", "Indonesia", "International Organization for Migration", "RSO"):
        assert text in page.text
    assert len(re.findall(r'<a href="/members/[A-Z0-9-]+">', page.text)) == 71
    for code in ("COLOMBO", "IGC", "IGAD-RCP", "MIDSA", "SACM"):
        assert f"({code})" in page.text
    observers = client.get("/members", params={"kind": "observer_state"})
    assert "Canada" in observers.text
    assert "Thailand" not in observers.text


def test_member_page_shows_no_edit_form_to_a_viewer(client: TestClient, registry: World) -> None:
    sign_in(client, registry.persona("A", Role.VIEWER))

    page = client.get("/members/tha")

    assert page.status_code == 200
    assert "Thailand" in page.text
    assert "Edit member" not in page.text
    assert client.get("/members/ZZZ").status_code == 404


def _edit_form(csrf: str, **values: str) -> dict[str, str]:
    return {"name": "Thailand", "status": "active", "joined_on": "", "csrf_token": csrf, **values}


def test_rso_admin_changes_a_status_and_it_is_audited(
    client: TestClient, registry: World, db: Session
) -> None:
    admin = registry.persona("RSO", Role.RSO_ADMIN)
    csrf = sign_in(client, admin)
    last_seq = db.scalar(select(func.max(AuditEntry.seq)))

    response = client.post("/members/THA", data=_edit_form(csrf, status="suspended"))

    assert response.status_code == 303
    assert response.headers["location"] == "/members/THA"
    db.expire_all()
    tha = db.scalars(select(Member).where(Member.code == "THA")).one()
    assert tha.status == MemberStatus.SUSPENDED
    entry = db.scalars(select(AuditEntry).where(AuditEntry.seq > last_seq)).one()
    assert entry.action == AuditAction.MEMBER_UPDATED
    assert entry.object_id == "THA"
    assert entry.actor_user_id == admin.user.id
    assert entry.member_id == registry.members["RSO"].id
    assert entry.changes == {"status": {"before": "active", "after": "suspended"}}
    assert "Suspended" in client.get("/members/THA").text


def test_invalid_member_edit_is_shown_beside_the_field(
    client: TestClient, registry: World, db: Session
) -> None:
    csrf = sign_in(client, registry.persona("RSO", Role.RSO_ADMIN))
    before = registry_snapshot(db)

    response = client.post("/members/THA", data=_edit_form(csrf, status="annexed", name=""))

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert 'id="status-error"' in response.text
    assert 'id="name-error"' in response.text
    assert registry_snapshot(db) == before


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CONTRIBUTOR, Role.FOCAL_POINT])
def test_only_the_rso_admin_edits_members(
    role: Role, client: TestClient, registry: World, db: Session
) -> None:
    csrf = sign_in(client, registry.persona("A", role))
    before, counted = registry_snapshot(db), counts(db)

    edit = client.post("/members/THA", data=_edit_form(csrf, status="former"))
    agency = client.post(
        "/members/THA/agencies", data={"name": "Rogue", "kind": "police", "csrf_token": csrf}
    )

    assert edit.status_code == 403
    assert agency.status_code == 403
    assert registry_snapshot(db) == before
    assert counts(db) == counted


def test_rso_admin_adds_an_agency(client: TestClient, registry: World, db: Session) -> None:
    csrf = sign_in(client, registry.persona("RSO", Role.RSO_ADMIN))

    response = client.post(
        "/members/IDN/agencies",
        data={"name": "Coast Guard", "kind": "coast_guard", "csrf_token": csrf},
    )

    assert response.status_code == 303
    db.expire_all()
    idn = db.scalars(select(Member).where(Member.code == "IDN")).one()
    assert "Coast Guard" in [a.name for a in idn.agencies]
    assert (
        db.scalar(select(func.count()).where(AuditEntry.action == AuditAction.AGENCY_CREATED)) == 2
    )  # the reference RSO secretariat and this one


# --- API ----------------------------------------------------------------------------------------


def test_api_lists_members_with_a_token(
    client: TestClient, registry: World, db: Session, runtime: Runtime
) -> None:
    token = api_token(db, runtime, registry.persona("B", Role.VIEWER), ["member:read"])
    headers = {"Authorization": f"Bearer {token}"}

    listing = client.get("/api/v1/members", headers=headers)
    states = client.get("/api/v1/members", params={"kind": "member_state"}, headers=headers)
    one = client.get("/api/v1/members/idn", headers=headers)

    assert listing.status_code == 200
    assert len(listing.json()) == 71
    assert {m["kind"] for m in states.json()} == {"member_state"}
    assert one.status_code == 200
    assert one.json()["code"] == "IDN"
    assert one.json()["name"] == "Indonesia"
    assert one.json()["agencies"][0]["name"] == "Immigration"
    assert set(one.json()) == {"code", "name", "kind", "status", "joined_on", "agencies"}


def test_api_unknown_member_is_a_problem_404(
    client: TestClient, registry: World, db: Session, runtime: Runtime
) -> None:
    token = api_token(db, runtime, registry.persona("B", Role.VIEWER), ["member:read"])

    response = client.get("/api/v1/members/ZZZ", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


def test_api_members_needs_a_token_with_the_member_scope(
    client: TestClient, registry: World, db: Session, runtime: Runtime
) -> None:
    token = api_token(db, runtime, registry.persona("B", Role.VIEWER), ["bulletin:read"])

    assert client.get("/api/v1/members").status_code == 401
    wrong_scope = client.get("/api/v1/members", headers={"Authorization": f"Bearer {token}"})
    assert wrong_scope.status_code == 403


def test_member_page_lists_its_active_focal_points(client: TestClient, world: World) -> None:
    sign_in(client, world.persona("B", Role.VIEWER))
    page = client.get("/members/THA")
    assert page.status_code == 200
    assert world.persona("A", Role.FOCAL_POINT).email in page.text
    assert world.persona("A", Role.VIEWER).email not in page.text
