"""The incident API: CRUD, versions, keyset pagination, mass assignment, token scopes, scope."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.runtime import Runtime
from tests.factories import World, api_token, incident_data, make_incident

WRITE = ["incident:write"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def writer_token(db: Session, runtime: Runtime, world: World, member: str = "A") -> str:
    return api_token(db, runtime, world.persona(member, Role.CONTRIBUTOR), WRITE)


def test_create_read_amend_and_withdraw(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    headers = bearer(writer_token(db, runtime, world))
    created = client.post("/api/v1/incidents", json=incident_data(), headers=headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["version"], body["owner_member"], body["persons_total"]) == (1, "THA", 30)
    assert body["fee_usd_per_person"] is None or body["fee_usd_per_person"] == "3000.00"
    url = f"/api/v1/incidents/{body['id']}"
    assert client.get(url, headers=headers).json()["reference"] == "INC-0001"

    amended = client.put(url, json=incident_data(deaths=1), headers=headers)
    assert amended.status_code == 200, amended.text
    assert (amended.json()["version"], amended.json()["deaths"]) == (2, 1)
    versions = client.get(f"{url}/versions", headers=headers).json()
    assert [(v["version"], v["content"]["deaths"]) for v in versions] == [(1, 0)]

    other_reference = client.put(url, json=incident_data(reference="NEW"), headers=headers)
    assert other_reference.status_code == 422
    assert client.delete(url, headers=headers).status_code == 204
    assert client.get(url, headers=headers).status_code == 404
    assert client.get("/api/v1/incidents", headers=headers).json()["items"] == []


def test_keyset_pagination_walks_three_pages(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    author = world.persona("A", Role.CONTRIBUTOR)
    for number in range(5):
        make_incident(db, author, reference=f"P-{number}")
    db.commit()
    headers = bearer(writer_token(db, runtime, world))
    seen, after, pages = [], None, 0
    while True:
        query = {"limit": 2, **({"after": after} if after else {})}
        page = client.get("/api/v1/incidents", params=query, headers=headers).json()
        seen += [item["reference"] for item in page["items"]]
        pages, after = pages + 1, page["next_after"]
        if after is None:
            break
    assert pages == 3
    assert seen == [f"P-{n}" for n in range(4, -1, -1)]


def test_filters_in_the_api(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    author = world.persona("A", Role.CONTRIBUTOR)
    make_incident(db, author, reference="F-1", kind="smuggling_land", country="THA")
    make_incident(db, author, reference="F-2")
    db.commit()
    headers = bearer(writer_token(db, runtime, world))
    found = client.get("/api/v1/incidents?kind=smuggling_land&country=tha", headers=headers)
    assert [i["reference"] for i in found.json()["items"]] == ["F-1"]
    refused = client.get("/api/v1/incidents?country=ZZZ", headers=headers)
    assert refused.status_code == 422
    assert "country" in refused.json()["errors"]


def test_server_set_fields_cannot_be_sent(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    headers = bearer(writer_token(db, runtime, world))
    for extra in ({"owner_member_id": 2}, {"id": 5}, {"version": 9}, {"fee_usd_per_person": 1}):
        response = client.post("/api/v1/incidents", json=incident_data(**extra), headers=headers)
        assert response.status_code == 422, extra
        assert response.headers["content-type"] == "application/problem+json"


def test_a_read_only_token_cannot_write(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    persona = world.persona("A", Role.CONTRIBUTOR)
    incident = make_incident(db, persona)
    db.commit()
    headers = bearer(api_token(db, runtime, persona, ["incident:read"]))
    assert (
        client.post("/api/v1/incidents", json=incident_data(), headers=headers).status_code == 403
    )
    url = f"/api/v1/incidents/{incident.id}"  # type: ignore[attr-defined]
    assert client.put(url, json=incident_data(), headers=headers).status_code == 403
    assert client.delete(url, headers=headers).status_code == 403
    assert client.get(url, headers=headers).status_code == 200


def test_other_members_records_through_the_api(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = world.persona("A", Role.CONTRIBUTOR)
    regional = make_incident(db, a, reference="REG")
    national = make_incident(db, a, reference="NAT", sharing={"visibility": "national"})
    make_incident(db, world.persona("B", Role.CONTRIBUTOR), reference="B-OWN")
    db.commit()
    headers = bearer(writer_token(db, runtime, world, "B"))
    seen = client.get(f"/api/v1/incidents/{regional.id}", headers=headers)  # type: ignore[attr-defined]
    assert seen.status_code == 200
    assert seen.json()["sharing"]["shared_with"] == []
    hidden = client.get(f"/api/v1/incidents/{national.id}", headers=headers)  # type: ignore[attr-defined]
    missing = client.get("/api/v1/incidents/987654", headers=headers)
    assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content)
    put = client.put(
        f"/api/v1/incidents/{regional.id}", json=incident_data(reference="REG"), headers=headers
    )  # type: ignore[attr-defined]
    assert put.status_code == 403
    references = {
        i["reference"] for i in client.get("/api/v1/incidents", headers=headers).json()["items"]
    }
    assert references == {"REG", "B-OWN"}
