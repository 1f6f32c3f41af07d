"""Slow links: static files, API reads and downloads go gzipped; pages with CSRF tokens never."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcf.accounts.models import Role
from rcf.runtime import Runtime
from tests.factories import World, api_token, make_incident, sign_in

GZIP = {"Accept-Encoding": "gzip"}


def test_static_files_are_gzipped(client: TestClient) -> None:
    response = client.get("/static/rcf.css", headers=GZIP)
    assert response.status_code == 200
    assert response.headers.get("content-encoding") == "gzip"
    assert "body" in response.text  # decompressed transparently by the client


def test_api_reads_are_gzipped(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    persona = world.persona("A", Role.CONTRIBUTOR)
    for number in range(20):
        make_incident(db, persona, reference=f"GZ-{number}")
    token = api_token(db, runtime, persona, ["incident:read"])
    response = client.get("/api/v1/incidents", headers={**GZIP, "Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.headers.get("content-encoding") == "gzip"
    assert len(response.json()["items"]) == 20


def test_pages_carrying_csrf_tokens_are_not_compressed(client: TestClient, world: World) -> None:
    sign_in(client, world.persona("A", Role.FOCAL_POINT))
    response = client.get("/account", headers=GZIP)
    assert response.status_code == 200
    assert "csrf_token" in response.text
    assert "content-encoding" not in response.headers


def test_without_accept_encoding_nothing_is_compressed(client: TestClient) -> None:
    response = client.get("/static/rcf.css", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in response.headers
