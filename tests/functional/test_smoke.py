"""The portal and API answer for a signed-in user, end to end over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from rcf.access.roles import Role
from tests.factories import World, sign_in


def test_healthz_reports_database(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_viewer_signs_in_and_sees_home(client: TestClient, world: World) -> None:
    sign_in(client, world.persona("A", Role.VIEWER))
    page = client.get("/")
    assert page.status_code == 200
    assert "Welcome" in page.text


def test_focal_point_needs_second_factor(client: TestClient, world: World) -> None:
    sign_in(client, world.persona("A", Role.FOCAL_POINT))
    assert client.get("/admin/users").status_code == 200
