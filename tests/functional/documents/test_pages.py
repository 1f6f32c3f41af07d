"""The register, check, manifest and hit pages, driven through real forms."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.documents.models import DocumentHit, DocumentRecord
from rcf.runtime import Runtime
from tests.factories import World, sign_in

FORM = {
    "national_reference": "THA-PAGE-1",
    # Full-width, as pasted from some systems: stored as AA1234567.
    "document_number": "\uff21\uff21\uff11\uff12\uff13\uff14\uff15\uff16\uff17",
    "issuing_state": "THA",
    "document_type": "passport",
    "status": "stolen_blank",
    "fraud_type": "",
    "remarks": "<img src=x onerror=alert(1)>",
    "handling_code": "H2",
}


def _add_by_form(client: TestClient, world: World) -> str:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    response = client.post("/documents/register", data={**FORM, "csrf_token": csrf})
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def test_the_issuer_reports_by_form_and_sees_its_register(
    client: TestClient, db: Session, world: World
) -> None:
    location = _add_by_form(client, world)
    page = client.get(location)
    assert page.status_code == 200
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert "<img src=x" not in page.text
    listing = client.get("/documents/register")
    assert "THA-PAGE-1" in listing.text
    assert "AA1234567" in listing.text


def test_a_form_error_is_shown_beside_the_field_and_keeps_the_input(
    client: TestClient, db: Session, world: World
) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    data = {**FORM, "status": "fraudulent", "csrf_token": csrf}
    response = client.post("/documents/register", data=data)
    assert response.status_code == 400
    assert "A fraud type is given exactly when the status is fraudulent." in response.text
    response = client.post(
        "/documents/register", data={**data, "status": "lost", "issuing_state": "IDN"}
    )
    assert response.status_code == 400
    assert 'id="issuing_state-error"' in response.text
    assert "Your member can only report documents issued by THA." in response.text
    assert 'value="THA-PAGE-1"' in response.text
    assert db.scalars(select(DocumentRecord)).first() is None


def test_another_member_sees_an_empty_register_and_404_on_the_record(
    client: TestClient, db: Session, world: World
) -> None:
    location = _add_by_form(client, world)
    client.cookies.clear()
    sign_in(client, world.persona("B", Role.FOCAL_POINT))
    assert "THA-PAGE-1" not in client.get("/documents/register").text
    assert client.get(location).status_code == 404


def test_an_officer_checks_and_the_issuer_confirms_through_the_pages(
    client: TestClient, db: Session, world: World
) -> None:
    _add_by_form(client, world)
    client.cookies.clear()
    csrf = sign_in(client, world.persona("B", Role.VIEWER))
    answer = client.post(
        "/documents/check",
        data={"document_number": "AA 1234 567", "issuing_state": "THA", "csrf_token": csrf},
    )
    assert answer.status_code == 200
    assert "HIT" in answer.text
    assert "stolen blank" in answer.text
    assert "THA-PAGE-1" not in answer.text  # the checker never sees the owner's reference
    hit = db.scalars(select(DocumentHit)).one()
    client.cookies.clear()
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    assert "1 new hit(s)" in client.get("/documents/hits").text
    detail = client.get(f"/documents/hits/{hit.reference}")
    assert "THA-PAGE-1" in detail.text  # the owner sees which of its records
    decided = client.post(
        f"/documents/hits/{hit.reference}/decision",
        data={"decision": "confirmed", "message": "Ours.", "csrf_token": csrf},
    )
    assert decided.status_code == 303
    db.expire_all()
    assert db.get(DocumentHit, hit.id).status == "confirmed"  # type: ignore[union-attr]


def test_a_manifest_upload_lists_hits_first(client: TestClient, db: Session, world: World) -> None:
    _add_by_form(client, world)
    client.cookies.clear()
    csrf = sign_in(client, world.persona("B", Role.VIEWER))
    manifest = (
        "document_number,issuing_state,surname,given_names,expiry_date\r\n"
        "ZZ1,IDN,FIRST,ROW,2019-01-01\r\n"
        "AA1234567,THA,SECOND,ROW,2031-01-01\r\n"
    )
    response = client.post(
        "/documents/manifest",
        data={"csrf_token": csrf},
        files={"file": ("manifest.csv", manifest.encode(), "text/csv")},
    )
    assert response.status_code == 200, response.text
    assert "2 passenger(s), 1 hit(s)" in response.text
    assert response.text.index("SECOND") < response.text.index("FIRST")
    assert "expired" in response.text


def test_the_import_page_refuses_a_bad_file_whole_and_imports_a_good_one(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    header = "national_reference,document_number,issuing_state,document_type,status\r\n"
    bad = header + "R1,AA1,THA,passport,lost\r\nR2,AA2,THA,passport,misplaced\r\n"
    refused = client.post(
        "/documents/register/import",
        data={"csrf_token": csrf},
        files={"file": ("records.csv", bad.encode(), "text/csv")},
    )
    assert refused.status_code == 400
    assert "Nothing was imported" in refused.text
    assert db.scalars(select(DocumentRecord)).first() is None
    utf16 = client.post(
        "/documents/register/import",
        data={"csrf_token": csrf},
        files={
            "file": (
                "records.csv",
                (header + "R1,AA1,THA,passport,lost\r\n").encode("utf-16"),
                "text/csv",
            )
        },
    )
    assert utf16.status_code == 400
    assert "UTF-16" in utf16.text
    good = client.post(
        "/documents/register/import",
        data={"csrf_token": csrf},
        files={
            "file": ("records.csv", (header + "R1,AA1,THA,passport,lost\r\n").encode(), "text/csv")
        },
    )
    assert good.status_code == 200
    assert "1 created" in good.text


def test_a_check_with_an_unknown_state_marks_the_state_field(
    client: TestClient, db: Session, world: World
) -> None:
    csrf = sign_in(client, world.persona("B", Role.VIEWER))
    data = {"document_number": "C01X00T47", "issuing_state": "GER", "csrf_token": csrf}
    response = client.post("/documents/check", data=data)
    assert response.status_code == 400
    assert 'id="issuing_state-error"' in response.text
    assert 'id="document_number-error"' not in response.text
    assert 'value="C01X00T47"' in response.text


def test_a_check_by_mrz_also_shows_what_is_wrong_with_the_mrz(
    client: TestClient, db: Session, world: World
) -> None:
    """A check digit that fails is itself a sign of an altered document: the officer sees it
    beside the register's answer."""
    csrf = sign_in(client, world.persona("B", Role.VIEWER))
    altered = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408132F1204159ZE184226B<<<<<10",  # birth day 12 changed to 13
    ]
    response = client.post("/documents/check", data={"mrz": "\n".join(altered), "csrf_token": csrf})
    assert response.status_code == 200
    assert "No hit for L898902C3 (UTO)" in response.text
    assert "The MRZ: NOT VALID" in response.text
    assert "The birth date check digit" in response.text
    assert "The document expired on 2012-04-15." in response.text
    by_number = {"document_number": "L898902C3", "issuing_state": "UTO", "csrf_token": csrf}
    assert "The MRZ:" not in client.post("/documents/check", data=by_number).text
