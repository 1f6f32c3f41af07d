"""Helpers of the document register tests: records, tokens and checks, all synthetic."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.runtime import Runtime
from tests.factories import World, api_token

ALL_DOCUMENT_SCOPES = ["document:write"]


def record_data(**overrides: Any) -> dict[str, Any]:
    """A stolen Thai passport (synthetic number), as the register API takes it."""
    data: dict[str, Any] = {
        "national_reference": "THA-LOST-0001",
        "document_number": "AA1234567",
        "issuing_state": "THA",
        "document_type": "passport",
        "status": "stolen_from_bearer",
        "issue_date": "2022-01-10",
        "expiry_date": "2032-01-09",
        "loss_date": "2026-02-01",
        "remarks": "Reported stolen at a bus station.",
        "handling_code": "H1",
    }
    data.update(overrides)
    return data


def token_for(
    db: Session, runtime: Runtime, world: World, member: str, role: Role
) -> dict[str, str]:
    """Authorization headers of a token with every document scope, for one persona."""
    token = api_token(db, runtime, world.persona(member, role), ALL_DOCUMENT_SCOPES)
    return {"Authorization": f"Bearer {token}"}


def add_record(client: TestClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/documents/register", json=record_data(**overrides), headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def check(
    client: TestClient, headers: dict[str, str], number: str, state: str = "THA"
) -> dict[str, Any]:
    response = client.post(
        "/api/v1/documents/check",
        json={"document_number": number, "issuing_state": state},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
