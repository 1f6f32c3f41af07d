"""Referral attachments over HTTP with the real database: type by content, size limit, sealed
at rest, opened only by the case workers who may see the identity sent (everyone else: the
missing file's 404, byte for byte), downloaded as an attachment, audited, and cut off for the
receiver the moment consent is withdrawn."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.audit.models import AuditAction, AuditEntry
from rcf.runtime import Runtime
from tests.factories import World, api_token, csrf_from, sign_in
from tests.functional.trafficking.test_referrals_api import URL, Parties, accepted, move, refer

PDF = b"%PDF-1.7\n% Synthetic medical certificate of Zyqora\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
NOTE = b"Synthetic note: Zyqora arrives Tuesday.\n"
MISSING = "/api/v1/trafficking/attachments/987654"


@pytest.fixture
def parties(db: Session, runtime: Runtime, world: World) -> Parties:
    return Parties(db, runtime, world)


def upload(client: TestClient, headers: dict[str, str], rid: int, name: str, data: bytes) -> Any:
    files = {"file": (name, data, "application/octet-stream")}
    return client.post(f"{URL}/{rid}/attachments", files=files, headers=headers)


def attached(
    client: TestClient, p: Parties, name: str = "certificate.pdf", data: bytes = PDF
) -> tuple[int, int]:
    rid = int(refer(client, p, ["gender"])["id"])
    answer = upload(client, p.sender, rid, name, data)
    assert answer.status_code == 201, answer.text
    return rid, int(answer.json()["id"])


def test_the_receiving_case_worker_downloads_after_acceptance(
    client: TestClient, parties: Parties
) -> None:
    p = parties
    rid, aid = attached(client, p)
    url = f"/api/v1/trafficking/attachments/{aid}"
    assert client.get(url, headers=p.b_worker).status_code == 404  # not accepted yet
    assert move(client, p.focal, rid, "accepted", agency_id=p.b_agency).status_code == 200

    got = client.get(url, headers=p.b_worker)

    assert got.status_code == 200
    assert got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"].startswith('attachment; filename="certificate.pdf"')
    assert got.headers["x-content-type-options"] == "nosniff"
    assert "no-store" in got.headers["cache-control"]
    listed = client.get(f"{URL}/{rid}/attachments", headers=p.b_worker).json()
    assert [(a["id"], a["name"], a["content_type"]) for a in listed] == [
        (aid, "certificate.pdf", "application/pdf")
    ]
    answer = upload(client, p.b_worker, rid, "reply.txt", NOTE)
    assert answer.status_code == 201  # the receiving side attaches too, once it accepted


def test_everyone_else_gets_the_missing_files_404(
    client: TestClient, parties: Parties, db: Session, runtime: Runtime, world: World
) -> None:
    p = parties
    rid, aid = accepted_with_file(client, p)
    url = f"/api/v1/trafficking/attachments/{aid}"
    missing = client.get(MISSING, headers=p.b_analyst)
    c_worker = {
        "Authorization": "Bearer "
        + api_token(db, runtime, world.persona("C", Role.CASE_WORKER), ["trafficking:write"])
    }
    for headers in (p.a_analyst, p.b_analyst, p.focal, p.b_other_worker, c_worker):
        hidden = client.get(url, headers=headers)
        assert (hidden.status_code, hidden.content) == (404, missing.content)
        listed = client.get(f"{URL}/{rid}/attachments", headers=headers)
        assert listed.status_code in (200, 404)
        assert "certificate" not in listed.text
    assert client.get(url, headers=p.approver).status_code == 200  # a sending case worker


def accepted_with_file(client: TestClient, p: Parties) -> tuple[int, int]:
    rid, aid = attached(client, p)
    assert move(client, p.focal, rid, "accepted", agency_id=p.b_agency).status_code == 200
    return rid, aid


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("tool.pdf", b"MZ\x90\x00 a Windows program", "none of them"),
        ("certificate.txt", PDF, "name it .pdf"),
        ("photo.jpg", PNG, "name it .png"),
        ("page.txt", b"<!DOCTYPE html><script>alert(1)</script>", "none of them"),
        ("note.txt", b"", "Choose a file"),
        ("big.txt", b"a" * 1_500_001, "larger than 1,500,000 bytes"),
    ],
    ids=["program", "pdf named txt", "png named jpg", "html", "empty", "too large"],
)
def test_a_file_is_refused_by_its_content(
    name: str, data: bytes, says: str, client: TestClient, parties: Parties, db: Session
) -> None:
    rid = int(refer(client, parties, ["gender"])["id"])

    refused = upload(client, parties.sender, rid, name, data)

    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert says in refused.text
    assert db.execute(text("SELECT count(*) FROM trafficking_referral_attachments")).scalar() == 0


def test_a_json_body_is_not_an_upload(client: TestClient, parties: Parties) -> None:
    rid = int(refer(client, parties, ["gender"])["id"])
    answer = client.post(f"{URL}/{rid}/attachments", json={"file": "x"}, headers=parties.sender)
    assert answer.status_code == 422
    assert "multipart/form-data" in answer.text


def test_the_file_and_its_name_are_sealed_and_audited(
    client: TestClient, parties: Parties, db: Session
) -> None:
    p = parties
    _, aid = accepted_with_file(client, p)
    dump = repr(db.execute(text("SELECT * FROM trafficking_referral_attachments")).all())
    for plain in ("Zyqora", "certificate", "%PDF"):
        assert plain not in dump
    before = downloads(db, aid)
    assert (
        client.get(f"/api/v1/trafficking/attachments/{aid}", headers=p.b_worker).status_code == 200
    )
    assert downloads(db, aid) == before + 1  # one entry per download, naming no file
    entries = db.scalars(select(AuditEntry)).all()
    assert all(
        "certificate" not in str(e.changes) and "Zyqora" not in str(e.changes) for e in entries
    )
    upload_entry = [e for e in entries if (e.changes or {}).get("attachment") == aid
                    and e.action == AuditAction.RECORD_UPDATED]  # fmt: skip
    assert len(upload_entry) == 1


def downloads(db: Session, aid: int) -> int:
    db.expire_all()
    entries = db.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.IDENTITY_DECRYPTED)
    ).all()
    return sum(1 for e in entries if (e.changes or {}).get("attachment") == aid)


def test_consent_withdrawal_cuts_the_receiver_off_at_once(
    client: TestClient, parties: Parties
) -> None:
    p = parties
    rid, aid = accepted_with_file(client, p)
    url = f"/api/v1/trafficking/attachments/{aid}"
    assert client.get(url, headers=p.b_worker).status_code == 200
    case_id = client.get(f"{URL}/{rid}", headers=p.sender).json()["case_id"]
    withdrawal = f"/api/v1/trafficking/cases/{case_id}/consent-withdrawal"
    assert client.post(withdrawal, headers=p.sender).status_code == 200

    assert client.get(url, headers=p.b_worker).status_code == 404
    assert client.get(f"{URL}/{rid}/attachments", headers=p.b_worker).status_code == 404
    assert upload(client, p.b_worker, rid, "late.txt", NOTE).status_code == 404


def test_a_declined_referral_keeps_its_files_from_the_receiver(
    client: TestClient, parties: Parties
) -> None:
    p = parties
    rid, aid = accepted_with_file(client, p)
    assert move(client, p.sender, rid, "withdrawn").status_code == 200
    url = f"/api/v1/trafficking/attachments/{aid}"
    assert client.get(url, headers=p.b_worker).status_code == 404
    assert client.get(url, headers=p.sender).status_code == 200
    assert upload(client, p.sender, rid, "late.txt", NOTE).status_code == 409


def test_upload_and_download_through_the_pages(
    client: TestClient, parties: Parties, world: World
) -> None:
    p = parties
    rid = accepted(client, p, ["gender"])
    sign_in(client, world.persona("A", Role.CASE_WORKER))
    page = f"/trafficking/referrals/{rid}"
    csrf = csrf_from(client, page)
    hostile = 'x\r\nSet-Cookie: a=b"; ../../etc/Zyqora "report".txt'
    sent = client.post(
        f"{page}/attachments",
        data={"csrf_token": csrf},
        files={"file": (hostile, NOTE, "text/html")},
    )
    assert sent.status_code == 303
    shown = client.get(page).text
    assert "The file was attached." in shown
    link = shown.split('href="/trafficking/attachments/')[1].split('"')[0]

    got = client.get(f"/trafficking/attachments/{link}")

    assert got.status_code == 200
    assert got.content == NOTE
    assert got.headers["content-type"].startswith("text/plain")
    disposition = got.headers["content-disposition"]
    for character in ("\r", "\n", "/"):
        assert character not in disposition
    assert disposition.startswith('attachment; filename="Zyqora ')
    assert disposition.count('"') == 2  # the quotes sent in the name were dropped or encoded
    refused = client.post(
        f"{page}/attachments",
        data={"csrf_token": csrf},
        files={"file": ("a.pdf", b"MZ\x90\x00", "x")},
    )
    assert refused.status_code == 303
    assert "none of them" in client.get(page).text
