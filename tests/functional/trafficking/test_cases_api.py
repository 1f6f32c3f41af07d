"""The case API: open, read, amend; who sees the identity; consent withdrawal stops sharing;
a case is never regional; the blind index finds a case by document number."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.audit.models import AuditAction, AuditEntry
from rcf.errors import Forbidden
from rcf.runtime import Runtime
from rcf.trafficking import service
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.schemas import CaseIn
from tests.factories import (
    SYNTHETIC_IDENTITY,
    World,
    api_token,
    case_data,
    make_agency,
    make_case,
    make_user,
)

WRITE = ["trafficking:write"]
READ = ["trafficking:read"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token(db: Session, runtime: Runtime, world: World, member: str, role: Role) -> dict[str, str]:
    return bearer(api_token(db, runtime, world.persona(member, role), WRITE))


def test_open_read_and_amend_a_case(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    headers = token(db, runtime, world, "A", Role.CASE_WORKER)
    created = client.post("/api/v1/trafficking/cases", json=case_data(), headers=headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["case_number"].startswith("TC-")
    assert body["identity_visible"] is True
    assert body["identity"]["names"] == SYNTHETIC_IDENTITY["names"]
    assert body["identity"]["identity_documents"][0]["number"] == SYNTHETIC_IDENTITY["document"]
    assert body["context"]["exploitation_types"] == ["forced_criminality"]
    assert body["outstanding_protection_steps"] == [
        "medical.care",
        "medical.consent",
        "medical.defer_interview",
    ]
    url = f"/api/v1/trafficking/cases/{body['id']}"
    amended = client.put(
        url,
        json=case_data(protection_steps_done=["medical.care"], status="follow_up"),
        headers=headers,
    )
    assert amended.status_code == 200, amended.text
    assert (amended.json()["version"], amended.json()["context"]["status"]) == (2, "follow_up")
    assert "medical.care" not in amended.json()["outstanding_protection_steps"]
    listed = client.get("/api/v1/trafficking/cases", headers=headers).json()["items"]
    assert [item["case_number"] for item in listed] == [body["case_number"]]


def test_others_who_may_see_the_case_get_no_identity(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    case = make_case(
        db,
        runtime,
        world.persona("A", Role.CASE_WORKER),
        sharing={"visibility": "members", "shared_with": ["IDN"]},
    )
    db.commit()
    url = f"/api/v1/trafficking/cases/{case.id}"
    for member, role in [("A", Role.FOCAL_POINT), ("B", Role.CASE_WORKER), ("B", Role.ANALYST)]:
        headers = bearer(api_token(db, runtime, world.persona(member, role), READ))
        body = client.get(url, headers=headers).json()
        assert body["case_number"] == case.case_number, (member, role)
        assert (body["identity_visible"], body["identity"], body["notes"]) == (False, None, None)
        # Whom the owner shares with is the owner's business.
        assert body["sharing"]["shared_with"] == (["IDN"] if member == "A" else [])
    c_worker = bearer(api_token(db, runtime, world.persona("C", Role.CASE_WORKER), READ))
    assert client.get(url, headers=c_worker).status_code == 404


def test_another_agency_of_the_owner_sees_the_case_but_not_the_identity(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    case = make_case(db, runtime, world.persona("A", Role.CASE_WORKER))
    police = make_agency(db, world.members["A"], "Police")
    other = make_user(db, runtime, police, Role.CASE_WORKER, email="cw@police.tha.test")
    db.commit()
    headers = bearer(api_token(db, runtime, other, WRITE))
    url = f"/api/v1/trafficking/cases/{case.id}"
    assert client.get(url, headers=headers).json()["identity"] is None
    refused = client.put(url, json=case_data(), headers=headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")


def test_every_decryption_is_audited_without_the_value(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    case = make_case(db, runtime, world.persona("A", Role.CASE_WORKER))
    db.commit()
    headers = token(db, runtime, world, "A", Role.CASE_WORKER)
    listed = client.get("/api/v1/trafficking/cases", headers=headers).json()["items"]
    assert (listed[0]["identity"], listed[0]["identity_visible"]) == (None, True)
    decrypted = select(AuditEntry).where(AuditEntry.action == AuditAction.IDENTITY_DECRYPTED)
    assert db.scalars(decrypted).all() == []  # a list opens no identity
    assert client.get(f"/api/v1/trafficking/cases/{case.id}", headers=headers).status_code == 200
    entries = list(
        db.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.IDENTITY_DECRYPTED))
    )
    fields = sorted(entry.changes["field"] for entry in entries)
    assert fields == sorted(
        ["names", "birth_date", "identity_documents", "contact", "address", "support_plan", "notes"]
    )
    assert all(entry.object_id == str(case.id) for entry in entries)
    assert all(SYNTHETIC_IDENTITY["names"] not in repr(entry.changes) for entry in entries)


def test_consent_withdrawal_stops_sharing_at_once(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    case = make_case(
        db,
        runtime,
        world.persona("A", Role.CASE_WORKER),
        sharing={"visibility": "members", "shared_with": ["IDN"]},
    )
    db.commit()
    url = f"/api/v1/trafficking/cases/{case.id}"
    b_reader = bearer(api_token(db, runtime, world.persona("B", Role.CASE_WORKER), READ))
    assert client.get(url, headers=b_reader).status_code == 200
    owner = token(db, runtime, world, "A", Role.CASE_WORKER)
    withdrawn = client.post(f"{url}/consent-withdrawal", headers=owner)
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["consent"]["withdrawn_at"] is not None
    assert client.get(url, headers=b_reader).status_code == 404
    assert client.get("/api/v1/trafficking/cases", headers=b_reader).json()["items"] == []
    assert client.get(url, headers=owner).status_code == 200  # the owner keeps its case
    reshared = client.put(
        url,
        json=case_data(sharing={"visibility": "members", "shared_with": ["IDN"]}),
        headers=owner,
    )
    assert reshared.status_code == 422
    again = client.post(f"{url}/consent-withdrawal", headers=owner)
    assert again.status_code == 409


def test_a_case_is_never_regional_and_sharing_needs_consent(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    headers = token(db, runtime, world, "A", Role.CASE_WORKER)
    regional = client.post(
        "/api/v1/trafficking/cases",
        json=case_data(sharing={"visibility": "regional"}),
        headers=headers,
    )
    assert regional.status_code == 422
    assert "never shared with the whole region" in regional.text
    no_consent = case_data(
        consent={"purposes": ["case_management"], "given_on": "2026-02-11"},
        sharing={"visibility": "members", "shared_with": ["IDN"]},
    )
    refused = client.post("/api/v1/trafficking/cases", json=no_consent, headers=headers)
    assert refused.status_code == 422
    assert "consent to referral" in refused.text
    assert db.scalar(select(TraffickingCase.id)) is None


def test_bad_input_is_refused_field_by_field(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    headers = token(db, runtime, world, "A", Role.CASE_WORKER)
    bad = case_data(
        identified_on="2999-01-01",
        exploitation_types=["slavery_of_the_sea"],
        protection_steps_done=["made.up"],
        surname="extra field",
    )
    answer = client.post("/api/v1/trafficking/cases", json=bad, headers=headers)
    assert answer.status_code == 422
    text = answer.text
    for field in ("identified_on", "exploitation_types", "protection_steps_done", "surname"):
        assert field in text


def test_roles_without_the_permission_are_refused(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    contributor = token(db, runtime, world, "A", Role.CONTRIBUTOR)
    assert client.get("/api/v1/trafficking/cases", headers=contributor).status_code == 403
    focal = token(db, runtime, world, "A", Role.FOCAL_POINT)
    created = client.post("/api/v1/trafficking/cases", json=case_data(), headers=focal)
    assert created.status_code == 403


def test_blind_index_finds_the_case_by_document_number_within_the_agency(
    db: Session, runtime: Runtime, world: World
) -> None:
    worker = world.persona("A", Role.CASE_WORKER)
    case = make_case(db, runtime, worker)
    make_case(db, runtime, world.persona("B", Role.CASE_WORKER))  # same number, other member
    db.commit()
    actor = actor_for_user(worker.user)
    found = service.find_by_identity_number(db, runtime, actor, "zq 447-1902")
    assert [c.id for c in found] == [case.id]
    assert service.find_by_identity_number(db, runtime, actor, "ZQ4471903") == []


def test_an_actor_without_a_member_cannot_open_a_case(db: Session, runtime: Runtime) -> None:
    data = CaseIn.model_validate(case_data())
    with pytest.raises(Forbidden):
        service.create_case(db, runtime, Actor.system(), data)
