"""Finding a case of one's own agency by identity number (blind index, audited without the
number) and withdrawing a case (then missing to everyone, its referrals stopped)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.audit.models import AuditEntry
from rcf.runtime import Runtime
from tests.factories import SYNTHETIC_IDENTITY, World, api_token, csrf_from, make_case, sign_in

LOOKUP = "/api/v1/trafficking/identity-lookup"
CASES = "/api/v1/trafficking/cases"


def headers(db: Session, runtime: Runtime, world: World, member: str, role: Role) -> dict[str, str]:
    token = api_token(db, runtime, world.persona(member, role), ["trafficking:write"])
    return {"Authorization": f"Bearer {token}"}


def test_a_case_worker_finds_own_cases_by_identity_number(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    case = make_case(db, runtime, world.persona("A", Role.CASE_WORKER))
    make_case(db, runtime, world.persona("B", Role.CASE_WORKER))  # same number, other member
    db.commit()
    typed = {"number": "zq 4471-902"}  # as written on a form: spaces, dash, lower case

    own = client.post(
        LOOKUP, json=typed, headers=headers(db, runtime, world, "A", Role.CASE_WORKER)
    )
    other = client.post(
        LOOKUP, json=typed, headers=headers(db, runtime, world, "C", Role.CASE_WORKER)
    )
    analyst = client.post(
        LOOKUP, json=typed, headers=headers(db, runtime, world, "A", Role.ANALYST)
    )
    empty = client.post(
        LOOKUP, json={"number": " "}, headers=headers(db, runtime, world, "A", Role.CASE_WORKER)
    )

    assert own.json() == [{"id": case.id, "case_number": case.case_number}]
    assert other.json() == []
    assert analyst.status_code == 403
    assert empty.status_code == 422
    trail = repr([(e.object_id, e.changes) for e in db.scalars(select(AuditEntry)).all()])
    assert "4471" not in trail
    assert "1 match(es)" in trail


def test_the_lookup_page(client: TestClient, db: Session, runtime: Runtime, world: World) -> None:
    case = make_case(db, runtime, world.persona("A", Role.CASE_WORKER))
    db.commit()
    sign_in(client, world.persona("A", Role.CASE_WORKER))
    csrf = csrf_from(client, "/trafficking/identity-lookup")
    found = client.post(
        "/trafficking/identity-lookup",
        data={"csrf_token": csrf, "number": SYNTHETIC_IDENTITY["document"]},
    )
    assert found.status_code == 200
    assert f'<a href="/trafficking/cases/{case.id}">{case.case_number}</a>' in found.text
    refused = client.post("/trafficking/identity-lookup", data={"csrf_token": csrf, "number": ""})
    assert refused.status_code == 400


def test_a_withdrawn_case_is_missing_to_everyone_and_its_referrals_stop(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    worker = headers(db, runtime, world, "A", Role.CASE_WORKER)
    case = make_case(db, runtime, world.persona("A", Role.CASE_WORKER))
    db.commit()
    body = {"case_id": case.id, "receiver": "IDN", "purpose": "services", "fields": ["gender"]}
    referral = client.post("/api/v1/trafficking/referrals", json=body, headers=worker).json()
    analyst = headers(db, runtime, world, "A", Role.ANALYST)

    assert client.delete(f"{CASES}/{case.id}", headers=analyst).status_code == 403
    assert client.delete(f"{CASES}/{case.id}", headers=worker).status_code == 204

    missing = client.get(f"{CASES}/987654", headers=worker)
    for who in (worker, analyst):
        gone = client.get(f"{CASES}/{case.id}", headers=who)
        assert (gone.status_code, gone.content) == (404, missing.content)
    assert client.delete(f"{CASES}/{case.id}", headers=worker).status_code == 404
    sent = client.get(f"/api/v1/trafficking/referrals/{referral['id']}", headers=worker).json()
    assert sent["status"] == "withdrawn"
