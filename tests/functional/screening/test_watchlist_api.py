"""The watchlist through the API: a member's people add, amend, withdraw and list its own
entries, stored normalised; nobody else lists or opens them."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.audit.models import AuditEntry
from rcf.runtime import Runtime
from tests.factories import World, api_token, make_case, make_incident, watchlist_person_data
from tests.functional.screening.support import PERSONS, add_person, token_for


def test_an_entry_is_stored_normalised(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = token_for(db, runtime, world, "A")
    made = add_person(
        client,
        a,
        nationalities=["afg", "PK"],
        phones=["070 555 0199", "+92 300 5550142"],
        documents=[{"number": " p-0451 2290 ", "issuing_state": "af"}],
        birth_dates=["1979-04-12", "1978..1980", "1979"],
        gender="m",
    )
    assert made["nationalities"] == ["AF", "PK"]
    # A number without its country code is read in the person's first nationality.
    assert made["phones"] == ["+93705550199", "+923005550142"]
    assert made["documents"] == [{"number": "P04512290", "issuing_state": "AFG"}]
    assert made["birth_dates"] == ["1979-04-12", "1978..1980", "1979"]
    assert made["gender"] == "M"
    assert made["aliases"] == ["محمد رحيم قاسمی", "Mohd Rahim"]
    fetched = client.get(f"{PERSONS}/{made['id']}", headers=a).json()
    assert fetched == made


def test_wrong_values_are_a_problem_per_field(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = token_for(db, runtime, world, "A")
    body = watchlist_person_data(
        phones=["call me"], nationalities=["XX"], birth_dates=["1979-13-40"], owner="B"
    )
    response = client.post(PERSONS, json=body, headers=a)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    errors = response.json()["errors"]
    assert {"phones", "nationalities.0", "birth_dates.0", "owner"} <= set(errors)
    assert "country code" in errors["phones"]


def test_links_only_to_reports_the_author_can_see(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    own = make_incident(db, world.persona("A", Role.CONTRIBUTOR), reference="A-1")
    hidden = make_incident(
        db,
        world.persona("B", Role.CONTRIBUTOR),
        reference="B-1",
        sharing={"visibility": "national"},
    )
    db.commit()
    a = token_for(db, runtime, world, "A")
    link = {"record_type": "incident", "record_id": own.id}  # type: ignore[attr-defined]
    made = add_person(client, a, links=[link])
    assert made["links"] == [link]
    refused = client.post(
        PERSONS,
        json=watchlist_person_data(
            reference="POI-2",
            links=[{"record_type": "incident", "record_id": hidden.id}],  # type: ignore[attr-defined]
        ),
        headers=a,
    )
    missing = client.post(
        PERSONS,
        json=watchlist_person_data(
            reference="POI-2", links=[{"record_type": "incident", "record_id": 987654}]
        ),
        headers=a,
    )
    assert refused.status_code == missing.status_code == 422
    assert "that you can see" in refused.json()["errors"]["links"]


def test_other_members_neither_list_nor_open_nor_change(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = token_for(db, runtime, world, "A")
    made = add_person(client, a)  # regional: still not listable by others
    b = token_for(db, runtime, world, "B")
    assert client.get(PERSONS, headers=b).json()["items"] == []
    hidden = client.get(f"{PERSONS}/{made['id']}", headers=b)
    missing = client.get(f"{PERSONS}/987654", headers=b)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert client.delete(f"{PERSONS}/{made['id']}", headers=b).status_code == 404
    assert client.get(f"{PERSONS}/{made['id']}", headers=a).status_code == 200


def test_amend_withdraw_and_keyset_pages(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    a = token_for(db, runtime, world, "A")
    ids = [add_person(client, a, reference=f"POI-{n}")["id"] for n in range(3)]
    first = client.get(PERSONS, params={"limit": 2}, headers=a).json()
    assert [p["id"] for p in first["items"]] == ids[:0:-1]
    second = client.get(PERSONS, params={"after": first["next_after"]}, headers=a).json()
    assert [p["id"] for p in second["items"]] == [ids[0]]
    body = watchlist_person_data(reference="POI-0", aliases=["Rahim Kasimi"])
    amended = client.put(f"{PERSONS}/{ids[0]}", json=body, headers=a)
    assert amended.status_code == 200, amended.text
    assert amended.json()["aliases"] == ["Rahim Kasimi"]
    moved = client.put(f"{PERSONS}/{ids[0]}", json={**body, "reference": "NEW"}, headers=a)
    assert moved.status_code == 422
    assert client.delete(f"{PERSONS}/{ids[1]}", headers=a).status_code == 204
    assert client.get(f"{PERSONS}/{ids[1]}", headers=a).status_code == 404
    actions = db.scalars(
        select(AuditEntry.action).where(AuditEntry.object_type == "watchlist_person")
    )
    assert {"record.created", "record.updated", "record.withdrawn"} <= set(actions)


def test_reading_and_listing_entries_are_audited(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    """G1: a person of interest read by id, or shown in a list, leaves one entry each time."""
    a = token_for(db, runtime, world, "A")
    ids = [add_person(client, a, reference=f"POI-{n}")["id"] for n in range(2)]
    client.get(f"{PERSONS}/{ids[0]}", headers=a)
    client.get(PERSONS, headers=a)
    client.get(f"{PERSONS}/{ids[1] + 1000}", headers=a)  # missing: nothing was read
    entries = db.scalars(
        select(AuditEntry).where(AuditEntry.action.in_(["record.read", "record.listed"]))
    ).all()
    assert sorted((e.action, e.object_id) for e in entries) == [
        ("record.listed", "2 records"),
        ("record.read", str(ids[0])),
    ]
    listed = next(e for e in entries if e.action == "record.listed")
    assert listed.changes == {"ids": ids[::-1]}
    assert {e.object_member_id for e in entries} == {world.members["A"].id}


def test_a_viewer_reads_but_does_not_write(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    viewer = token_for(db, runtime, world, "A", Role.VIEWER)
    assert client.get(PERSONS, headers=viewer).status_code == 200
    assert client.post(PERSONS, json=watchlist_person_data(), headers=viewer).status_code == 403


def test_links_to_trafficking_cases_follow_the_cases_rule(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    """C3 for cases: only a role that may see the case links to it; another member's national
    case and a case of one's own member seen by a role without case access read as missing."""
    own = make_case(db, runtime, world.persona("A", Role.CASE_WORKER))
    hidden = make_case(db, runtime, world.persona("B", Role.CASE_WORKER))
    db.commit()
    scopes = ["screening:write", "trafficking:read"]
    focal = {
        "Authorization": "Bearer "
        + api_token(db, runtime, world.persona("A", Role.FOCAL_POINT), scopes)
    }
    contributor = token_for(db, runtime, world, "A")

    def link(headers: dict[str, str], case_id: int, reference: str) -> Any:
        links = [{"record_type": "trafficking_case", "record_id": case_id}]
        data = watchlist_person_data(reference=reference, links=links)
        return client.post(PERSONS, json=data, headers=headers)

    made = link(focal, own.id, "POI-C1")
    assert made.status_code == 201, made.text
    assert made.json()["links"] == [{"record_type": "trafficking_case", "record_id": own.id}]
    for headers, case_id in ((focal, hidden.id), (contributor, own.id), (focal, 987654)):
        refused = link(headers, case_id, "POI-C2")
        assert refused.status_code == 422
        assert "no trafficking case" in refused.json()["errors"]["links"]
    assert len(client.get(PERSONS, headers=focal).json()["items"]) == 1
