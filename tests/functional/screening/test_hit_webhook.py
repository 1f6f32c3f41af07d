"""The owner of a watchlist entry is told of a new hit on its entry beyond the inbox: a signed
POST to the webhook its focal point set, carrying the hit reference, the owner's reference of
the entry and the handling code, and nothing more (never the screened name). A failing
webhook never fails the screening."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.audit.models import AuditAction, AuditEntry
from rcf.runtime import Runtime
from tests.factories import World, csrf_from, sign_in
from tests.functional.screening.support import add_person, contribute, screen, token_for
from tests.functional.webhook_receiver import SECRET, Receiver, set_on_page

PAGE = "/screening/webhook"
QUERY = {"name": "QASIMI, Muhammad Raheem", "birth_date": "1979", "nationality": "AF"}


def test_a_new_hit_is_posted_signed_with_references_only(
    client: TestClient, db: Session, runtime: Runtime, world: World, receiver: str
) -> None:
    a, b = token_for(db, runtime, world, "A"), token_for(db, runtime, world, "B")
    add_person(client, a)  # A's regional H0 entry POI-0001
    contribute(client, b)
    sign_in(client, world.persona("A", Role.FOCAL_POINT))
    secret = set_on_page(client, PAGE, receiver)

    (candidate,) = screen(client, b, **QUERY)

    [(headers, body)] = Receiver.received
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["x-rcf-signature"], expected)
    assert json.loads(body) == {
        "event": "screening.hit",
        "hit_reference": candidate["hit_reference"],
        "owner_reference": "POI-0001",
        "handling_code": "H0",
    }
    assert b"QASIMI" not in body.upper()
    # The same member screening the same person again meets its pending hit: no new message.
    screen(client, b, **QUERY)
    assert len(Receiver.received) == 1


def test_a_manifest_hit_is_posted_too(
    client: TestClient, db: Session, runtime: Runtime, world: World, receiver: str
) -> None:
    a, b = token_for(db, runtime, world, "A"), token_for(db, runtime, world, "B")
    add_person(client, a)
    contribute(client, b)
    sign_in(client, world.persona("A", Role.FOCAL_POINT))
    set_on_page(client, PAGE, receiver)
    manifest = (
        "surname,given_names,birth_date,nationality,document_number,issuing_state\r\n"
        "QASIMI,Mohammed Rahim,1979-04-12,AFG,X1,AFG\r\n"
    )

    got = client.post("/api/v1/screening/manifest", json={"manifest": manifest}, headers=b)

    assert got.status_code == 200
    assert got.json()["with_candidates"] == 1
    [(_headers, body)] = Receiver.received
    assert json.loads(body)["owner_reference"] == "POI-0001"


def test_a_failing_webhook_never_fails_the_screening(
    client: TestClient,
    db: Session,
    runtime: Runtime,
    world: World,
    caplog: pytest.LogCaptureFixture,
) -> None:
    a, b = token_for(db, runtime, world, "A"), token_for(db, runtime, world, "B")
    add_person(client, a)
    contribute(client, b)
    sign_in(client, world.persona("A", Role.FOCAL_POINT))
    set_on_page(client, PAGE, "http://127.0.0.1:9/nothing")

    (candidate,) = screen(client, b, **QUERY)

    assert candidate["hit_reference"]
    assert "hit webhook failed" in caplog.text
    inbox = client.get("/api/v1/screening/hits", headers=a).json()["items"]
    assert [h["reference"] for h in inbox] == [candidate["hit_reference"]]


def test_replace_gives_a_new_secret_and_remove_stops_the_posts(
    client: TestClient, db: Session, runtime: Runtime, world: World, receiver: str
) -> None:
    a, b = token_for(db, runtime, world, "A"), token_for(db, runtime, world, "B")
    add_person(client, a)
    contribute(client, b)
    sign_in(client, world.persona("A", Role.FOCAL_POINT))
    first = set_on_page(client, PAGE, receiver + "/old")
    second = set_on_page(client, PAGE, receiver)
    assert first != second

    page = client.get(PAGE).text
    assert receiver in page
    assert second not in page  # the secret is shown once only
    assert first not in page

    removed = client.post(PAGE + "/remove", data={"csrf_token": csrf_from(client, PAGE)})
    assert removed.status_code == 303
    assert "None: hits reach the inbox only." in client.get(PAGE).text
    screen(client, b, **QUERY)
    assert Receiver.received == []

    db.expire_all()
    actions = list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
    assert actions.count(AuditAction.SCREENING_WEBHOOK_SET) == 2
    assert actions.count(AuditAction.SCREENING_WEBHOOK_REMOVED) == 1


@pytest.mark.parametrize("url", ["", "ftp://example.org/hook", "not a url", "https://" + "x" * 500])
def test_a_bad_url_is_refused_with_a_field_message(
    client: TestClient, world: World, url: str
) -> None:
    sign_in(client, world.persona("A", Role.FOCAL_POINT))

    page = client.post(PAGE, data={"url": url, "csrf_token": csrf_from(client, PAGE)})

    assert page.status_code == 400
    assert "Give an http(s) URL of at most 500 characters." in page.text
    assert not SECRET.search(page.text)


def test_each_member_sees_and_sets_only_its_own_webhook(
    client: TestClient, world: World, receiver: str
) -> None:
    csrf = sign_in(client, world.persona("A", Role.FOCAL_POINT))
    set_on_page(client, PAGE, receiver)
    client.post("/logout", data={"csrf_token": csrf})

    sign_in(client, world.persona("B", Role.FOCAL_POINT))
    page = client.get(PAGE).text
    assert receiver not in page
    assert "None: hits reach the inbox only." in page


def test_the_url_is_escaped(client: TestClient, world: World) -> None:
    sign_in(client, world.persona("A", Role.FOCAL_POINT))
    set_on_page(client, PAGE, 'https://example.org/"><script>alert(1)</script>')

    page = client.get(PAGE).text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
