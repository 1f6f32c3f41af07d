"""``POST /api/v1/documents/mrz`` through the real app: any token, every problem reported."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.runtime import Runtime
from tests.factories import World, api_token

URL = "/api/v1/documents/mrz"
TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]


def bearer(db: Session, runtime: Runtime, world: World, scopes: list[str]) -> dict[str, str]:
    token = api_token(db, runtime, world.persona("A", Role.VIEWER), scopes)
    return {"Authorization": f"Bearer {token}"}


def test_a_token_is_required(client: TestClient) -> None:
    response = client.post(URL, json={"lines": TD3})

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_the_specimen_is_valid_for_a_token_of_any_scope(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    """A viewer's token that may only read bulletins may still check an MRZ."""
    response = client.post(
        URL, json={"lines": TD3}, headers=bearer(db, runtime, world, ["bulletin:read"])
    )

    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True
    assert body["format"] == "TD3"
    assert body["fields"]["given_names"] == "ANNA MARIA"
    assert body["dates"] == {"birth_date": "1974-08-12", "expiry_date": "2012-04-15"}
    assert [w["code"] for w in body["warnings"]] == ["expired"]


def test_an_invalid_mrz_answers_200_with_its_errors_and_suggestions(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    misread = [TD3[0], TD3[1][:5] + "O" + TD3[1][6:]]

    response = client.post(
        URL, json={"lines": misread}, headers=bearer(db, runtime, world, ["document:read"])
    )

    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    assert body["checks"]["document_number"] is False
    assert {e["field"] for e in body["errors"]} == {"document_number", "composite"}
    assert [(s["found"], s["suggested"]) for s in body["suggestions"]] == [("O", "0")]


def test_wrong_shape_answers_200_with_format_null(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    response = client.post(
        URL, json={"lines": [TD3[0]]}, headers=bearer(db, runtime, world, ["bulletin:read"])
    )

    assert response.status_code == 200
    assert response.json()["format"] is None
    assert response.json()["errors"][0]["code"] == "wrong_line_count"


def test_an_unknown_field_is_refused(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    response = client.post(
        URL,
        json={"lines": TD3, "apply_suggestions": True},
        headers=bearer(db, runtime, world, ["bulletin:read"]),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"apply_suggestions": "This field is not accepted."}


def test_oversized_lines_and_too_many_lines_are_refused(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    headers = bearer(db, runtime, world, ["bulletin:read"])

    too_long = client.post(URL, json={"lines": [TD3[0], "<" * 101]}, headers=headers)
    too_many = client.post(URL, json={"lines": TD3 * 3}, headers=headers)
    none = client.post(URL, json={"lines": []}, headers=headers)

    assert [too_long.status_code, too_many.status_code, none.status_code] == [422, 422, 422]
    assert "lines.1" in too_long.json()["errors"]
