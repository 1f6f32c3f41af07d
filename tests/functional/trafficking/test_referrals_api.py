"""Cross-border referrals over the API: consent first, four eyes on identity data, the state
machine (illegal moves 409 naming the allowed ones), data minimisation (a field not sent
never reaches the receiver in any response), secure messages, and consent withdrawal."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import and_, select, text
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.audit.models import AuditAction, AuditEntry
from rcf.runtime import Runtime
from rcf.trafficking.referral_models import TraffickingReferral
from tests.factories import (
    SYNTHETIC_IDENTITY,
    World,
    api_token,
    make_agency,
    make_case,
    make_user,
)

URL = "/api/v1/trafficking/referrals"
WITH_IDENTITY = {
    "purposes": ["case_management", "referral", "identity_sharing"],
    "given_on": "2026-02-11",
}
NOT_SENT = [v for k, v in SYNTHETIC_IDENTITY.items() if k != "names"]


class Parties:
    """Headers for each person in a referral from A to B, and a second B agency."""

    def __init__(self, db: Session, runtime: Runtime, world: World) -> None:
        self.db, self.runtime, self.world = db, runtime, world
        second_a = make_user(
            db, runtime, world.agencies["A"], Role.CASE_WORKER, email="cw2@tha.test"
        )
        other_agency = make_agency(db, world.members["B"], name="Social welfare")
        other_b = make_user(db, runtime, other_agency, Role.CASE_WORKER, email="cw@sw.idn.test")
        db.commit()
        self.sender = self.headers(world.persona("A", Role.CASE_WORKER))
        self.approver = self.headers(second_a)
        self.a_analyst = self.headers(world.persona("A", Role.ANALYST))
        self.focal = self.headers(world.persona("B", Role.FOCAL_POINT))
        self.b_worker = self.headers(world.persona("B", Role.CASE_WORKER))
        self.b_other_worker = self.headers(other_b)
        self.b_analyst = self.headers(world.persona("B", Role.ANALYST))
        self.b_agency = world.agencies["B"].id

    def headers(self, persona: Any) -> dict[str, str]:
        token = api_token(self.db, self.runtime, persona, ["trafficking:write"])
        return {"Authorization": f"Bearer {token}"}

    def case(self, consent: dict[str, Any] = WITH_IDENTITY) -> int:
        case = make_case(self.db, self.runtime, self.world.persona("A", Role.CASE_WORKER),
                         consent=consent)  # fmt: skip
        self.db.commit()
        return int(case.id)


@pytest.fixture
def parties(db: Session, runtime: Runtime, world: World) -> Parties:
    return Parties(db, runtime, world)


def refer(client: TestClient, p: Parties, fields: list[str], **extra: Any) -> dict[str, Any]:
    body = {"case_id": p.case(), "receiver": "IDN", "purpose": "safe_return", "fields": fields}
    response = client.post(URL, json=body | extra, headers=p.sender)
    assert response.status_code == 201, response.text
    return dict(response.json())


def move(client: TestClient, headers: dict[str, str], rid: int, to: str, **extra: Any) -> Any:
    return client.post(f"{URL}/{rid}/transitions", json={"to": to, **extra}, headers=headers)


def accepted(client: TestClient, p: Parties, fields: list[str]) -> int:
    """A referral sent with ``fields``, approved if needed, accepted for B's first agency."""
    rid = int(refer(client, p, fields)["id"])
    if set(fields) & {"names", "birth_date", "contact", "address", "identity_documents"}:
        assert client.post(f"{URL}/{rid}/approval", headers=p.approver).status_code == 200
    answer = move(client, p.focal, rid, "accepted", agency_id=p.b_agency)
    assert answer.status_code == 200, answer.text
    return rid


def test_four_eyes_on_identity_data(client: TestClient, parties: Parties) -> None:
    p = parties
    sent = refer(client, p, ["names", "gender"])
    rid = sent["id"]
    assert (sent["approval"], sent["status"]) == ("pending", "requested")
    # The receiver does not see a referral waiting for approval, nor can anyone act for it.
    assert client.get(f"{URL}/{rid}", headers=p.focal).status_code == 404
    assert client.get(URL, params={"box": "inbox"}, headers=p.focal).json() == []
    assert move(client, p.focal, rid, "accepted", agency_id=p.b_agency).status_code == 404
    own = client.post(f"{URL}/{rid}/approval", headers=p.sender)
    assert own.status_code == 403
    assert "different person" in own.json()["detail"]
    assert client.post(f"{URL}/{rid}/approval", headers=p.a_analyst).status_code == 403
    assert client.post(f"{URL}/{rid}/approval", headers=p.b_worker).status_code == 404
    approved = client.post(f"{URL}/{rid}/approval", headers=p.approver)
    assert approved.status_code == 200
    assert approved.json()["approval"] == "approved"
    assert client.post(f"{URL}/{rid}/approval", headers=p.approver).status_code == 409
    seen = client.get(f"{URL}/{rid}", headers=p.focal)
    assert seen.status_code == 200
    assert seen.json()["identity"] is None  # the focal point answers; it does not read identity


def test_no_approval_needed_without_identity(client: TestClient, parties: Parties) -> None:
    sent = refer(client, parties, ["gender", "age_band"])
    assert sent["approval"] == "not_needed"
    inbox = client.get(URL, params={"box": "inbox"}, headers=parties.focal).json()
    assert [r["id"] for r in inbox] == [sent["id"]]


def test_consent_is_checked_first(client: TestClient, parties: Parties) -> None:
    p = parties
    no_referral = {"purposes": ["case_management"], "given_on": "2026-02-11"}
    body = {"case_id": p.case(no_referral), "receiver": "IDN", "purpose": "services"}
    refused = client.post(URL, json=body | {"fields": ["gender"]}, headers=p.sender)
    assert refused.status_code == 403
    assert "consent" in refused.json()["detail"].lower()
    no_identity = {"purposes": ["referral"], "given_on": "2026-02-11"}
    body["case_id"] = p.case(no_identity)
    assert client.post(URL, json=body | {"fields": ["gender"]}, headers=p.sender).status_code == 201
    identity = client.post(URL, json=body | {"fields": ["names"]}, headers=p.sender)
    assert identity.status_code == 403
    assert "identity" in identity.json()["detail"].lower()
    unknown = client.post(URL, json=body | {"fields": ["gender", "religion"]}, headers=p.sender)
    assert unknown.status_code == 422


def test_state_machine_over_http(client: TestClient, parties: Parties, world: World) -> None:
    p = parties
    rid = refer(client, p, ["gender"])["id"]
    illegal = move(client, p.focal, rid, "arrived")
    assert illegal.status_code == 409
    assert "accepted, declined or withdrawn" in illegal.json()["detail"]
    assert move(client, p.sender, rid, "accepted").status_code == 409  # the receiver's move
    assert move(client, p.b_worker, rid, "accepted", agency_id=p.b_agency).status_code == 403
    assert move(client, p.focal, rid, "accepted").status_code == 422  # no agency assigned
    a_agency = world.agencies["A"].id
    assert move(client, p.focal, rid, "accepted", agency_id=a_agency).status_code == 422
    assert move(client, p.focal, rid, "bogus").status_code == 422
    done = move(client, p.focal, rid, "accepted", agency_id=p.b_agency)
    assert done.status_code == 200
    assert done.json()["due_at"] is not None
    assert done.json()["receiver_agency_id"] == p.b_agency
    assert move(client, p.focal, rid, "in_transit").status_code == 409  # the sender's move
    assert move(client, p.sender, rid, "in_transit").status_code == 200
    assert move(client, p.b_other_worker, rid, "arrived").status_code == 403  # not assigned
    assert move(client, p.b_worker, rid, "arrived").status_code == 200
    assert move(client, p.b_worker, rid, "closed").json()["status"] == "closed"
    final = move(client, p.sender, rid, "withdrawn")
    assert final.status_code == 409
    assert "final" in final.json()["detail"]


def test_only_the_fields_sent_reach_the_receiver(
    client: TestClient, parties: Parties, db: Session
) -> None:
    p = parties
    rid = accepted(client, p, ["names", "gender"])
    message = client.post(
        f"{URL}/{rid}/messages", json={"body": "Arrival Tuesday"}, headers=p.sender
    )
    assert message.status_code == 201
    seen = client.get(f"{URL}/{rid}", headers=p.b_worker).json()
    assert seen["identity"] == {"names": SYNTHETIC_IDENTITY["names"]}
    assert seen["case"] == {"gender": "male"}
    assert seen["case_id"] is None
    responses = [
        client.get(f"{URL}/{rid}", headers=headers)
        for headers in (p.b_worker, p.b_other_worker, p.b_analyst, p.focal)
    ]
    responses += [
        client.get(URL, params={"box": "inbox"}, headers=p.b_worker),
        client.get(f"{URL}/{rid}/messages", headers=p.b_worker),
        move(client, p.b_worker, rid, "reintegration_support"),
    ]
    for response in responses:
        assert response.status_code == 200, response.text
        for value in [*NOT_SENT, "forced_criminality", "TC-", "KHM"]:
            assert value not in response.text
    for headers in (p.b_other_worker, p.b_analyst, p.focal):
        assert SYNTHETIC_IDENTITY["names"] not in client.get(f"{URL}/{rid}", headers=headers).text
    opened = db.scalars(select(AuditEntry).where(DECRYPTED)).all()
    assert opened
    # A list opens nothing: it carries no identity and adds no decryption to the audit trail.
    before = len(opened)
    listed = client.get(URL, params={"box": "inbox"}, headers=p.b_worker).json()
    assert [r["identity"] for r in listed] == [None]
    assert decryptions(db) == before
    assert all(SYNTHETIC_IDENTITY["names"] not in str(e.changes) for e in opened)


DECRYPTED = and_(
    AuditEntry.action == AuditAction.IDENTITY_DECRYPTED,
    AuditEntry.object_type == "trafficking_referral",
)


def decryptions(db: Session) -> int:
    db.expire_all()
    return len(db.scalars(select(AuditEntry).where(DECRYPTED)).all())


def test_identity_and_messages_are_sealed_at_rest(
    client: TestClient, parties: Parties, db: Session
) -> None:
    rid = accepted(client, parties, ["names", "contact"])
    body = {"body": "Meet Zyqora at the shelter"}
    sent = client.post(f"{URL}/{rid}/messages", json=body, headers=parties.b_worker)
    assert sent.status_code == 201
    rows = db.execute(text("SELECT * FROM trafficking_referrals")).all()
    rows += db.execute(text("SELECT * FROM trafficking_referral_messages")).all()
    dump = repr(rows)
    for value in (SYNTHETIC_IDENTITY["names"], SYNTHETIC_IDENTITY["contact"], "Meet Zyqora"):
        assert value not in dump
    back = client.get(f"{URL}/{rid}/messages", headers=parties.sender).json()
    assert [(m["from_member"], m["body"]) for m in back] == [("IDN", body["body"])]


def test_consent_withdrawal_stops_the_referral_at_once(
    client: TestClient, parties: Parties, db: Session
) -> None:
    p = parties
    rid = accepted(client, p, ["names", "gender"])
    assert client.get(f"{URL}/{rid}", headers=p.b_worker).json()["identity"]
    case_id = client.get(f"{URL}/{rid}", headers=p.sender).json()["case_id"]
    withdrawn = client.post(
        f"/api/v1/trafficking/cases/{case_id}/consent-withdrawal", headers=p.sender
    )
    assert withdrawn.status_code == 200
    for url in (f"{URL}/{rid}", f"{URL}/{rid}/messages"):
        assert client.get(url, headers=p.b_worker).status_code == 404
    assert client.get(URL, params={"box": "inbox"}, headers=p.b_worker).json() == []
    assert move(client, p.b_worker, rid, "arrived").status_code == 404
    own = client.get(f"{URL}/{rid}", headers=p.sender).json()
    assert own["status"] == "withdrawn"
    assert own["identity"] is None
    stored = db.scalars(select(TraffickingReferral).where(TraffickingReferral.id == rid)).one()
    db.refresh(stored)
    assert stored.identity_sealed is None
