"""A member's focal point sets, replaces and removes its document-hit webhook on a page (the
same page shape as the screening-hit webhook): the secret is shown once, the next hit on the
member's register is posted signed with it, removal stops the posts, every change is audited,
and nobody else reaches the page."""

from __future__ import annotations

import hashlib
import hmac

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.audit.models import AuditAction, AuditEntry
from rcf.runtime import Runtime
from tests.factories import World, csrf_from, sign_in
from tests.functional.documents.support import add_record, check, token_for
from tests.functional.webhook_receiver import Receiver, set_on_page

PAGE = "/documents/webhook"


def test_the_focal_point_sets_the_webhook_and_the_next_hit_is_posted_with_its_secret(
    client: TestClient, db: Session, runtime: Runtime, world: World, receiver: str
) -> None:
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    b = token_for(db, runtime, world, "B", Role.CONTRIBUTOR)
    add_record(client, a)
    sign_in(client, world.persona("A", Role.FOCAL_POINT))
    secret = set_on_page(client, PAGE, receiver)
    assert secret not in client.get(PAGE).text  # shown once only

    check(client, b, "AA1234567")

    [(headers, body)] = Receiver.received
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["x-rcf-signature"], expected)
    assert b'"event": "document.hit"' in body
    assert b"AA1234567" not in body


def test_remove_stops_the_posts_and_each_change_is_audited(
    client: TestClient, db: Session, runtime: Runtime, world: World, receiver: str
) -> None:
    a = token_for(db, runtime, world, "A", Role.CONTRIBUTOR)
    b = token_for(db, runtime, world, "B", Role.CONTRIBUTOR)
    add_record(client, a)
    sign_in(client, world.persona("A", Role.FOCAL_POINT))
    set_on_page(client, PAGE, receiver)

    removed = client.post(PAGE + "/remove", data={"csrf_token": csrf_from(client, PAGE)})

    assert removed.status_code == 303
    assert "None: hits reach the inbox only." in client.get(PAGE).text
    check(client, b, "AA1234567")
    assert Receiver.received == []
    db.expire_all()
    actions = list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
    assert actions.count(AuditAction.WEBHOOK_SET) == 1
    assert actions.count(AuditAction.WEBHOOK_REMOVED) == 1


def test_a_bad_url_gets_a_field_message_and_another_member_sees_none(
    client: TestClient, world: World, receiver: str
) -> None:
    csrf = sign_in(client, world.persona("A", Role.FOCAL_POINT))
    bad = client.post(PAGE, data={"url": "ftp://x", "csrf_token": csrf_from(client, PAGE)})
    assert bad.status_code == 400
    assert "Give an http(s) URL of at most 500 characters." in bad.text
    set_on_page(client, PAGE, receiver)
    client.post("/logout", data={"csrf_token": csrf})

    sign_in(client, world.persona("B", Role.FOCAL_POINT))
    page = client.get(PAGE).text
    assert receiver not in page
    assert "None: hits reach the inbox only." in page


def test_the_focal_point_finds_the_page_in_the_documents_menu(
    client: TestClient, world: World
) -> None:
    sign_in(client, world.persona("A", Role.FOCAL_POINT))
    assert f'href="{PAGE}"' in client.get("/documents/check").text
    client.cookies.clear()
    sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    assert f'href="{PAGE}"' not in client.get("/documents/check").text
