"""Checks: exact and confusable matches, only the hit's five values, no enumeration, audited."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.models import ApiToken
from rcf.audit.models import AuditEntry
from rcf.audit.verify import verify_chain
from rcf.documents.models import DocumentHit
from rcf.runtime import Runtime
from tests.factories import World, api_token, make_agency, make_member, make_user
from tests.functional.documents.support import add_record, check, token_for

CHECK = "/api/v1/documents/check"
HIT_FIELDS = {"hit_reference", "match", "status", "owner_member", "handling_code"}
# The ICAO Doc 9303 TD3 specimen: document L898902C3 of Utopia (UTO).
SPECIMEN = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]


def test_an_exact_hit_says_only_status_owner_handling_and_reference(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    add_record(client, token_for(db, runtime, world, "A", Role.CONTRIBUTOR))
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    answer = check(client, b, "aa 123-4567", "th")
    assert answer["result"] == "hit"
    assert answer["checked"] == {"document_number": "AA1234567", "issuing_state": "THA"}
    [hit] = answer["hits"]
    assert set(hit) == HIT_FIELDS
    assert hit["match"] == "exact"
    assert hit["status"] == "stolen_from_bearer"
    assert hit["owner_member"] == "THA"
    assert hit["handling_code"] == "H1"
    assert "AA1234567" not in str(hit)
    assert "THA-LOST" not in answer.__repr__()


def test_confusable_candidates_are_marked_and_come_after_exact_ones(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    add_record(client, a, national_reference="R1", document_number="AB1234567")
    add_record(client, a, national_reference="R2", document_number="A81234567")
    hits = check(client, token_for(db, runtime, world, "B", Role.VIEWER), "A81234567")["hits"]
    assert [h["match"] for h in hits] == ["exact", "confusable"]
    ocr = check(client, token_for(db, runtime, world, "B", Role.VIEWER), "A8I234S67")["hits"]
    assert {h["match"] for h in ocr} == {"confusable"}
    assert len(ocr) == 2


def test_no_hit_for_another_state_a_prefix_or_a_withdrawn_record(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    made = add_record(client, a)
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    assert check(client, b, "AA1234567", "IDN")["result"] == "no_hit"
    for partial in ("AA123", "AA", "A", "AA12345678"):
        assert check(client, b, partial)["result"] == "no_hit", partial
    client.delete(f"/api/v1/documents/register/{made['id']}", headers=a)
    assert check(client, b, "AA1234567")["result"] == "no_hit"


def test_checkers_cannot_enumerate_the_register(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    """No wildcard, no listing and no record id: a checker learns one record per exact key."""
    made = add_record(client, token_for(db, runtime, world, "A", Role.CONTRIBUTOR))
    b = token_for(db, runtime, world, "B", Role.FOCAL_POINT)
    for pattern in ("%", "*", "AA%", "AA_234567", "' OR 1=1 --"):
        response = client.post(
            CHECK, json={"document_number": pattern, "issuing_state": "THA"}, headers=b
        )
        assert response.status_code in (200, 422), pattern
        if response.status_code == 200:
            assert response.json()["hits"] == [], pattern
    assert client.get("/api/v1/documents/register", headers=b).json()["items"] == []
    assert client.get(f"/api/v1/documents/register/{made['id']}", headers=b).status_code == 404
    assert client.get("/api/v1/documents/register?member=THA", headers=b).json()["items"] == []


def test_a_check_by_mrz(client: TestClient, db: Session, runtime: Runtime, world: World) -> None:
    """Utopia (the specimen state) as a member reports its specimen passport; B checks the MRZ."""
    utopia = make_user(db, runtime, make_agency(db, make_member(db, "UTO")), Role.CONTRIBUTOR)
    db.commit()
    headers = {"Authorization": "Bearer " + api_token(db, runtime, utopia, ["document:write"])}
    add_record(client, headers, document_number="L898902C3", issuing_state="UTO")
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    answer = client.post(CHECK, json={"mrz": SPECIMEN}, headers=b).json()
    assert answer["checked"] == {"document_number": "L898902C3", "issuing_state": "UTO"}
    assert [h["match"] for h in answer["hits"]] == ["exact"]
    broken = client.post(CHECK, json={"mrz": ["P<UTO", "nonsense"]}, headers=b)
    assert broken.status_code == 422


def test_bad_requests_are_422_problems(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    bodies = [
        {},
        {"document_number": "X1"},
        {"document_number": "X1", "issuing_state": "ZZZ"},
        {"document_number": "X1", "issuing_state": "THA", "mrz": SPECIMEN},
        {"document_number": "X" * 100, "issuing_state": "THA"},
        {"document_number": "X1", "issuing_state": "THA", "owner": "THA"},
    ]
    for body in bodies:
        response = client.post(CHECK, json=body, headers=b)
        assert response.status_code == 422, body
        assert response.headers["content-type"].startswith("application/problem+json")


def test_every_check_is_audited_without_the_number(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    add_record(client, token_for(db, runtime, world, "A", Role.CONTRIBUTOR))
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    hit = check(client, b, "AA1234567")["hits"][0]
    check(client, b, "ZZ9999999")
    entries = list(
        db.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "document.checked")
            .order_by(AuditEntry.id)
        )
    )
    assert [e.object_id for e in entries] == [hit["hit_reference"], "1 checks"]
    assert entries[0].object_member_id == world.members["A"].id
    assert entries[0].member_id == world.members["B"].id
    assert all(
        "AA1234567" not in str(e.changes) and "ZZ9999999" not in str(e.changes) for e in entries
    )
    stored = db.scalars(select(DocumentHit)).one()
    assert stored.owner_member_id == world.members["A"].id
    assert stored.status == "pending"


def test_checks_answered_at_once_are_each_audited_in_one_intact_chain(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    """Checks without a hit have their entries group-committed: sent from eight threads at once
    (hits among them), every check is in the trail before its answer and the chain verifies."""
    add_record(client, token_for(db, runtime, world, "A", Role.CONTRIBUTOR))
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    numbers = [f"ZZ{n:07d}" if n % 5 else "AA1234567" for n in range(40)]
    answered: list[str] = []
    seen: list[bool] = []
    lock = threading.Lock()
    checked = select(func.count()).where(AuditEntry.action == "document.checked")

    def send(number: str) -> str:
        result = str(check(client, b, number)["result"])
        with lock:
            answered.append(number)
            with runtime.sessions() as session:  # each answered check is committed already
                seen.append((session.scalar(checked) or 0) >= len(answered))
        return result

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(send, numbers))

    assert results.count("hit") == 8
    assert all(seen)
    entries = db.scalars(select(AuditEntry).where(AuditEntry.action == "document.checked")).all()
    assert len(entries) == 40
    assert sorted(e.object_id for e in entries).count("1 checks") == 32
    with runtime.sessions() as session:
        assert verify_chain(session) is None


def test_a_revoked_token_a_disabled_user_or_a_suspended_member_is_refused_at_once(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    """No cached authentication: the next check after the change is refused."""
    cases = [
        (Role.VIEWER, "UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP WHERE id = :id"),
        (Role.CONTRIBUTOR, "UPDATE users SET is_active = false WHERE id = :user"),
        (Role.FOCAL_POINT, "UPDATE members SET status = 'suspended' WHERE id = :member"),
    ]
    for role, change in cases:
        headers = token_for(db, runtime, world, "B", role)
        assert check(client, headers, "AA1234567")["result"] == "no_hit"
        token = db.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
        assert token is not None
        ids = {"id": token.id, "user": token.user_id, "member": token.member_id}
        db.execute(text(change), ids)
        db.commit()
        refused = client.post(CHECK, json={"document_number": "X1", "issuing_state": "THA"},
                              headers=headers)  # fmt: skip
        assert refused.status_code == 401, change
        assert refused.headers["content-type"].startswith("application/problem+json")


def test_no_token_is_401_before_the_body_is_looked_at(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer rcf_unknown"}):
        response = client.post(CHECK, content=b"{not json", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


def test_a_bad_body_names_its_fields(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    long_number = client.post(
        CHECK, json={"document_number": "X" * 101, "issuing_state": "THA"}, headers=b
    )
    assert long_number.status_code == 422
    assert set(long_number.json()["errors"]) == {"document_number"}
    not_json = client.post(CHECK, content=b"{not json", headers=b)
    assert not_json.status_code == 422
    assert not_json.headers["content-type"].startswith("application/problem+json")


def test_a_wrong_value_is_named_on_its_own_field(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    """An officer who typed GER for Germany is told the state is wrong, not the number."""
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    bodies = {
        "issuing_state": {"document_number": "X1", "issuing_state": "GER"},
        "document_type": {"document_number": "X1", "issuing_state": "THA", "document_type": "Q"},
        "document_number": {"document_number": "X-?", "issuing_state": "THA"},
    }
    for field, body in bodies.items():
        response = client.post(CHECK, json=body, headers=b)
        assert response.status_code == 422, body
        assert set(response.json()["errors"]) == {field}, body


def test_the_type_tells_visas_from_documents_and_nothing_finer(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    """A refugee travel document carries P in its MRZ: a check as a passport still hits it."""
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    add_record(client, a, document_number="TD1234567", document_type="travel_document")
    add_record(
        client, a, national_reference="THA-V-1", document_number="VV1234567", document_type="visa"
    )
    add_record(
        client, a, national_reference="THA-O-1", document_number="OT1234567", document_type="other"
    )

    def hits(number: str, kind: str) -> int:
        body = {"document_number": number, "issuing_state": "THA", "document_type": kind}
        response = client.post(CHECK, json=body, headers=b)
        assert response.status_code == 200, response.text
        return len(response.json()["hits"])

    assert [hits("TD1234567", kind) for kind in ("P", "passport", "ID", "V")] == [1, 1, 1, 0]
    assert [hits("VV1234567", kind) for kind in ("V", "visa", "P")] == [1, 1, 0]
    assert [hits("OT1234567", kind) for kind in ("P", "V")] == [1, 1]


def test_an_mrz_with_a_failing_check_digit_or_no_number_is_handled(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    add_record(client, a, document_number="L898902C3", issuing_state="THA")
    misread = [SPECIMEN[0].replace("UTO", "THA"), SPECIMEN[1].replace("C36UTO", "C35UTO")]
    found = client.post(CHECK, json={"mrz": misread}, headers=b)
    assert found.status_code == 200
    assert [h["match"] for h in found.json()["hits"]] == ["exact"]
    no_number = [SPECIMEN[0], "<<<<<<<<<<" + SPECIMEN[1][10:]]
    refused = client.post(CHECK, json={"mrz": no_number}, headers=b)
    assert refused.status_code == 422
    assert set(refused.json()["errors"]) == {"mrz"}
