"""The hit workflow: the owner is notified (inbox, signed webhook) and confirms; both members
exchange messages; nobody else sees the hit."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.access.roles import Role
from rcf.audit.models import AuditAction, AuditEntry
from rcf.documents.webhooks import set_webhook
from rcf.runtime import Runtime
from tests.factories import World
from tests.functional.documents.support import add_record, check, token_for
from tests.functional.webhook_receiver import Receiver

HITS = "/api/v1/documents/hits"


def _hit(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> tuple[str, dict[str, str], dict[str, str]]:
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    b = token_for(db, runtime, world, "B", Role.CONTRIBUTOR)
    add_record(client, a)
    reference = check(client, b, "AA1234567")["hits"][0]["hit_reference"]
    return reference, a, b


def test_the_owner_sees_the_hit_in_its_inbox_and_confirms_it(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    reference, a, b = _hit(client, db, runtime, world)
    inbox = client.get(HITS, headers=a).json()["items"]
    assert [(h["hit_reference"], h["status"], h["checking_member"]) for h in inbox] == [
        (reference, "pending", "IDN")
    ]
    owner_view = client.get(f"{HITS}/{reference}", headers=a).json()
    assert owner_view["national_reference"] == "THA-LOST-0001"
    checker_view = client.get(f"{HITS}/{reference}", headers=b).json()
    assert checker_view["national_reference"] is None  # the checker never learns the record
    sent = client.post(
        f"{HITS}/{reference}/messages", json={"body": "Traveller held at gate 4."}, headers=b
    )
    assert sent.status_code == 201
    decided = client.post(
        f"{HITS}/{reference}/decision",
        json={"decision": "confirmed", "message": "Confirmed: our stolen passport."},
        headers=a,
    )
    assert decided.status_code == 200
    seen = client.get(f"{HITS}/{reference}", headers=b).json()
    assert seen["status"] == "confirmed"
    assert [(m["member"], m["body"]) for m in seen["messages"]] == [
        ("IDN", "Traveller held at gate 4."),
        ("THA", "Confirmed: our stolen passport."),
    ]
    again = client.post(f"{HITS}/{reference}/decision", json={"decision": "not_same"}, headers=a)
    assert again.status_code == 409


def test_the_owner_says_not_the_same_document_and_each_step_is_audited(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    reference, a, b = _hit(client, db, runtime, world)
    asked = client.post(f"{HITS}/{reference}/messages", json={"body": "Photo differs?"}, headers=b)
    assert asked.status_code == 201
    decided = client.post(
        f"{HITS}/{reference}/decision",
        json={"decision": "not_same", "message": "Ours ends in 7; yours in 1."},
        headers=a,
    )
    assert decided.status_code == 200
    seen = client.get(f"{HITS}/{reference}", headers=b).json()
    assert (seen["status"], seen["decided_at"] is not None) == ("not_same", True)
    assert [(m["member"], m["body"]) for m in seen["messages"]] == [
        ("IDN", "Photo differs?"),
        ("THA", "Ours ends in 7; yours in 1."),
    ]
    entries = db.scalars(
        select(AuditEntry.action).where(
            AuditEntry.object_type == "document_hit", AuditEntry.object_id == reference
        )
    ).all()
    assert sorted(entries) == sorted([AuditAction.HIT_MESSAGE_SENT, AuditAction.HIT_DECIDED])


def test_only_the_owner_decides_and_strangers_get_404(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    reference, _a, b = _hit(client, db, runtime, world)
    assert (
        client.post(
            f"{HITS}/{reference}/decision", json={"decision": "not_same"}, headers=b
        ).status_code
        == 403
    )
    c = token_for(db, runtime, world, "C", Role.FOCAL_POINT)
    for url in (f"{HITS}/{reference}", f"{HITS}/H-0000000000000000"):
        assert client.get(url, headers=c).status_code == 404
    hidden = client.post(f"{HITS}/{reference}/messages", json={"body": "hello"}, headers=c)
    missing = client.post(f"{HITS}/H-0000000000000000/messages", json={"body": "hello"}, headers=c)
    assert (
        (hidden.status_code, hidden.content)
        == (missing.status_code, missing.content)
        == (404, missing.content)
    )
    assert client.get(HITS, headers=c).json()["items"] == []
    viewer = token_for(db, runtime, world, "A", Role.VIEWER)
    assert (
        client.post(
            f"{HITS}/{reference}/decision", json={"decision": "confirmed"}, headers=viewer
        ).status_code
        == 403
    )


def test_the_owner_webhook_gets_a_signed_post(
    client: TestClient, db: Session, runtime: Runtime, world: World, receiver: str
) -> None:
    secret = set_webhook(db, runtime.secret_key, Actor.system(), world.members["A"].id, receiver)
    db.commit()
    reference, _a, _b = _hit(client, db, runtime, world)
    [(headers, body)] = Receiver.received
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["x-rcf-signature"], expected)
    event = json.loads(body)
    assert event == {
        "event": "document.hit",
        "hit_reference": reference,
        "match": "exact",
        "status": "stolen_from_bearer",
        "owner_member": "THA",
        "handling_code": "H1",
    }


def test_a_failing_or_slow_webhook_never_fails_the_check(
    client: TestClient,
    db: Session,
    runtime: Runtime,
    world: World,
    receiver: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    set_webhook(
        db, runtime.secret_key, Actor.system(), world.members["A"].id, "http://127.0.0.1:9/nothing"
    )
    db.commit()
    reference, a, _b = _hit(client, db, runtime, world)
    assert reference
    assert "hit webhook failed" in caplog.text
    Receiver.delay = runtime.settings.document_webhook_timeout_seconds + 1
    set_webhook(db, runtime.secret_key, Actor.system(), world.members["A"].id, receiver)
    db.commit()
    answer = check(client, token_for(db, runtime, world, "B", Role.VIEWER), "AA1234567")
    assert answer["result"] == "hit"
    assert caplog.text.count("hit webhook failed") == 2
    assert len(client.get(HITS, headers=a).json()["items"]) == 2
