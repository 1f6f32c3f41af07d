"""The network API answers what the page shows, under the same rules, as JSON; bad input and
hidden records answer problem+json."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.runtime import Runtime
from tests.factories import World, api_token
from tests.functional.network.test_network import HIDDEN_ONLY_PHONE, SHARED_PHONE, scene

BASE = "/api/v1/screening/network"


def _headers(
    db: Session, runtime: Runtime, world: World, member: str, role: Role
) -> dict[str, str]:
    scopes = ["screening:read", "incident:read"]
    token = api_token(db, runtime, world.persona(member, role), scopes)
    return {"Authorization": f"Bearer {token}"}


def test_the_network_of_a_person_as_nodes_and_edges(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    s = scene(db, world)
    got = client.get(f"{BASE}/persons/{s.a_person}?hops=3",
                     headers=_headers(db, runtime, world, "A", Role.ANALYST))  # fmt: skip

    assert got.status_code == 200
    body = got.json()
    assert body["start"] == {"kind": "person", "id": str(s.a_person)}
    assert body["hops"] == 3
    assert body["truncated"] is False
    labels = {n["label"] for n in body["nodes"]}
    assert "Synthetic Arjuna Tanaka" in labels
    assert SHARED_PHONE in labels
    assert f"Person of interest: contact IDN, hit reference {s.a_hit}" in labels  # H2
    phone_edge = {
        "a": {"kind": "person", "id": str(s.a_person)},
        "b": {"kind": "phone", "id": SHARED_PHONE},
        "relation": "phone",
    }
    assert phone_edge in body["edges"]
    for hidden in ("Synthetic Bima Hidden", "Synthetic Budi Regional", HIDDEN_ONLY_PHONE,
                   "B-BOAT-NAT"):  # fmt: skip
        assert hidden not in got.text


def test_the_network_of_an_event(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    s = scene(db, world)
    got = client.get(f"{BASE}/events/{s.a_report}",
                     headers=_headers(db, runtime, world, "A", Role.VIEWER))  # fmt: skip

    assert got.status_code == 200
    body = got.json()
    assert body["start"] == {"kind": "event", "id": str(s.a_report)}
    kinds = {(n["kind"], n["label"]) for n in body["nodes"]}
    assert ("vessel", "SINAR HARAPAN 3") in kinds
    assert "B-BOAT-REG" in got.text
    assert "B-BOAT-NAT" not in got.text


def test_a_hidden_start_answers_like_a_missing_one(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    s = scene(db, world)
    headers = _headers(db, runtime, world, "A", Role.FOCAL_POINT)
    for hidden, missing in (
        (f"{BASE}/persons/{s.b_national}", f"{BASE}/persons/987654"),
        (f"{BASE}/events/{s.b_report_national}", f"{BASE}/events/987654"),
    ):
        got, expected = client.get(hidden, headers=headers), client.get(missing, headers=headers)
        assert got.status_code == expected.status_code == 404
        assert got.headers["content-type"] == "application/problem+json"
        assert got.json()["title"] == expected.json()["title"]
        assert got.json()["detail"] == expected.json()["detail"]


def test_bad_steps_and_ids_answer_problem_json(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    s = scene(db, world)
    headers = _headers(db, runtime, world, "A", Role.ANALYST)
    for url in (f"{BASE}/persons/{s.a_person}?hops=0", f"{BASE}/persons/{s.a_person}?hops=4",
                f"{BASE}/persons/{s.a_person}?hops=x", f"{BASE}/persons/abc"):  # fmt: skip
        got = client.get(url, headers=headers)
        assert got.status_code == 422, url
        assert got.headers["content-type"] == "application/problem+json"


def test_without_a_token_the_network_is_refused(
    client: TestClient, db: Session, world: World
) -> None:
    s = scene(db, world)
    got = client.get(f"{BASE}/persons/{s.a_person}")
    assert got.status_code == 401
    assert got.headers["content-type"] == "application/problem+json"
