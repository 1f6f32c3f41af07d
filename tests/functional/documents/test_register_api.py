"""The register through the API: only the issuing member adds, amends, withdraws and lists."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.app import create_app
from rcf.audit.models import AuditEntry
from rcf.documents.models import DocumentRecord
from rcf.runtime import Runtime
from tests.factories import World, api_token
from tests.functional.documents.support import add_record, record_data, token_for
from tests.functional.test_web_security import new_client, runtime_with

REGISTER = "/api/v1/documents/register"


def test_the_issuer_adds_a_record_stored_normalised(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    made = add_record(client, a, document_number=" aa-123 4567 ")
    assert made["document_number"] == "AA1234567"
    stored = db.get(DocumentRecord, made["id"])
    assert stored is not None
    assert stored.check_key == "THA:AA1234567"
    # The review date defaults to RCF_DOCUMENT_REVIEW_YEARS (10) years ahead.
    assert stored.review_date.year - stored.created_at.year == 10


def test_only_the_issuing_state_adds_its_documents(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    b = token_for(db, runtime, world, "B", Role.CONTRIBUTOR)  # IDN reports a THA passport
    response = client.post(REGISTER, json=record_data(), headers=b)
    assert response.status_code == 422
    assert "IDN" in response.json()["errors"]["issuing_state"]
    assert db.scalar(select(func.count(DocumentRecord.id))) == 0


def test_a_viewer_cannot_add(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    viewer = token_for(db, runtime, world, "A", Role.VIEWER)
    assert client.post(REGISTER, json=record_data(), headers=viewer).status_code == 403


def test_fraudulent_needs_a_fraud_type_and_only_then(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    missing = client.post(REGISTER, json=record_data(status="fraudulent"), headers=a)
    assert missing.status_code == 422
    stray = client.post(REGISTER, json=record_data(fraud_type="forged"), headers=a)
    assert stray.status_code == 422
    add_record(client, a, status="fraudulent", fraud_type="impostor")


def test_other_members_neither_list_nor_read_nor_change(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    b = token_for(db, runtime, world, "B", Role.FOCAL_POINT)
    made = add_record(client, a)
    assert client.get(REGISTER, headers=b).json()["items"] == []
    hidden = client.get(f"{REGISTER}/{made['id']}", headers=b)
    missing = client.get(f"{REGISTER}/987654", headers=b)
    assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content)
    assert hidden.status_code == 404
    amend = client.put(f"{REGISTER}/{made['id']}", json=record_data(remarks="x"), headers=b)
    assert amend.status_code == 404
    assert client.delete(f"{REGISTER}/{made['id']}", headers=b).status_code == 404
    db.expire_all()
    assert db.get(DocumentRecord, made["id"]).remarks == "Reported stolen at a bus station."  # type: ignore[union-attr]


def test_the_issuer_amends_and_withdraws(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    made = add_record(client, a)
    url = f"{REGISTER}/{made['id']}"
    amended = client.put(url, json=record_data(status="revoked"), headers=a)
    assert amended.status_code == 200
    assert amended.json()["status"] == "revoked"
    assert amended.json()["review_date"] == made["review_date"]
    assert client.delete(url, headers=a).status_code == 204
    assert client.get(url, headers=a).status_code == 404
    assert client.get(REGISTER, headers=a).json()["items"] == []


def test_the_rso_administrator_corrects_by_id_audited_but_cannot_list(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    rso = token_for(db, runtime, world, "RSO", Role.RSO_ADMIN)
    made = add_record(client, a)
    assert client.get(REGISTER, headers=rso).json()["items"] == []
    fixed = client.put(
        f"{REGISTER}/{made['id']}", json=record_data(remarks="Typo fixed."), headers=rso
    )
    assert fixed.status_code == 200
    entry = db.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "record.updated")
        .order_by(AuditEntry.id.desc())
    ).first()
    assert entry is not None
    assert entry.changes["correction_by_rso"] is True
    assert entry.object_member_id == world.members["A"].id


def test_mass_assignment_is_refused(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    for extra in ({"owner_member_id": 2}, {"id": 5}, {"check_key": "THA:X"}):
        response = client.post(REGISTER, json={**record_data(), **extra}, headers=a)
        assert response.status_code == 422, extra


def test_token_scopes_bound_the_register_and_the_checks(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    """C15: a read-only token cannot write; a token without a document scope cannot check."""
    persona = world.persona("A", Role.FOCAL_POINT)
    read_only = {"Authorization": "Bearer " + api_token(db, runtime, persona, ["document:read"])}
    other = {"Authorization": "Bearer " + api_token(db, runtime, persona, ["bulletin:write"])}
    assert client.post(REGISTER, json=record_data(), headers=read_only).status_code == 403
    assert client.get(REGISTER, headers=read_only).status_code == 200
    body = {"document_number": "AA1234567", "issuing_state": "THA"}
    assert client.post("/api/v1/documents/check", json=body, headers=read_only).status_code == 200
    assert client.post("/api/v1/documents/check", json=body, headers=other).status_code == 403
    assert client.get(REGISTER, headers=other).status_code == 403


def test_the_review_period_is_a_setting_and_an_issuer_may_set_an_earlier_date(
    runtime: Runtime, world: World, db: Session
) -> None:
    app = create_app(runtime=runtime_with(runtime, document_review_years=3))
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    earlier = (date.today() + timedelta(days=60)).isoformat()
    with new_client(app) as client:
        default = add_record(client, a)
        chosen = add_record(client, a, national_reference="THA-2", review_date=earlier)
    assert date.fromisoformat(default["review_date"]).year == date.today().year + 3
    assert chosen["review_date"] == earlier
