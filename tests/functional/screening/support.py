"""Helpers of the watchlist tests: tokens and entries, all synthetic."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.runtime import Runtime
from tests.factories import World, api_token, watchlist_person_data

PERSONS = "/api/v1/screening/persons"
MATCH = "/api/v1/screening/match"


def token_for(
    db: Session, runtime: Runtime, world: World, member: str, role: Role = Role.CONTRIBUTOR
) -> dict[str, str]:
    token = api_token(
        db, runtime, world.persona(member, role), ["screening:write", "incident:read"]
    )
    return {"Authorization": f"Bearer {token}"}


def add_person(client: TestClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = client.post(PERSONS, json=watchlist_person_data(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def contribute(client: TestClient, headers: dict[str, str], reference: str = "OWN-1") -> None:
    """A regional entry of the caller's member: reciprocity then lets it screen regional ones."""
    add_person(
        client,
        headers,
        reference=reference,
        primary_name="Xavrel Omnitrask",
        aliases=[],
        birth_dates=["1960"],
        nationalities=["FJ"],
        documents=[],
        phones=[],
    )


def screen(client: TestClient, headers: dict[str, str], **query: Any) -> list[dict[str, Any]]:
    response = client.post(MATCH, json=query, headers=headers)
    assert response.status_code == 200, response.text
    candidates: list[dict[str, Any]] = response.json()["candidates"]
    return candidates
