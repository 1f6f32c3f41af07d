"""The sharing policy (C1-C8, C11, C12), through ``scope()`` and over HTTP (portal and API).

World: A (THA) owns "A national", "A to B" (shared with IDN), "A regional" and "A H2" (regional,
handling code H2); B (IDN) owns "B regional"; C (MYS) has contributed nothing; the RSO none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from rcf.access.policy import (
    Actor,
    HandlingCode,
    RecordShare,
    Visibility,
    can_pass_on,
    get_visible,
    scope,
)
from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.accounts.models import ApiToken, User
from rcf.audit.models import AuditAction, AuditEntry
from rcf.bulletins.models import Bulletin
from rcf.db import utcnow
from rcf.errors import NotFound
from rcf.runtime import Runtime
from tests.factories import World, api_token, make_bulletin, sign_in

ALL_TITLES = {"A national", "A to B", "A regional", "A H2", "B regional"}
REGIONAL = {"A regional", "A H2", "B regional"}
SCOPES = ["bulletin:write", "member:write"]

Browser = Callable[[], TestClient]


@pytest.fixture
def browser(app: FastAPI) -> Iterator[Browser]:
    """More browsers on the same app, one per person signed in at once."""
    with ExitStack() as stack:

        def open_browser() -> TestClient:
            client = TestClient(app, base_url="https://testserver", follow_redirects=False)
            return stack.enter_context(client)

        yield open_browser


def actor(world: World, member: str, role: Role = Role.VIEWER) -> Actor:
    return actor_for_user(world.persona(member, role).user)


def visible(db: Session, runtime: Runtime, who: Actor) -> set[str]:
    db.commit()  # a fresh snapshot: the app committed in its own sessions
    stmt = scope(select(Bulletin.title), db, who, Bulletin, runtime.reciprocity)
    return set(db.scalars(stmt))


def web_titles(client: TestClient, query: str = "") -> set[str]:
    page = client.get(f"/bulletins{query}")
    assert page.status_code == 200, page.text
    return {title for title in ALL_TITLES | {"C first", "C fresh"} if f">{title}</a>" in page.text}


def api_titles(client: TestClient, token: str, query: str = "") -> set[str]:
    response = client.get(f"/api/v1/bulletins{query}", headers=bearer(token))
    assert response.status_code == 200, response.text
    return {item["title"] for item in response.json()["items"]}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def bulletin_form(csrf: str, **fields: Any) -> dict[str, Any]:
    form = {
        "csrf_token": csrf,
        "title": "C first",
        "category": "alert",
        "body": "Synthetic text.",
        "visibility": "regional",
        "handling_code": "H0",
        "source_reliability": "X",
        "information_accuracy": "4",
    }
    return {**form, **fields}


def bulletin_json(**sharing: Any) -> dict[str, Any]:
    return {
        "title": "Via API",
        "category": "alert",
        "body": "Synthetic text.",
        "sharing": {"visibility": "national", **sharing},
    }


def row(db: Session, bulletin_id: int) -> dict[str, Any]:
    """Everything about one bulletin as stored, to prove a refused change changed nothing."""
    db.commit()
    found = db.execute(select(Bulletin).where(Bulletin.id == bulletin_id)).scalar_one()
    db.refresh(found)
    shares = db.scalars(
        select(RecordShare.member_id).where(
            RecordShare.record_type == "bulletin", RecordShare.record_id == bulletin_id
        )
    )
    columns = {c.key: getattr(found, c.key) for c in Bulletin.__mapper__.column_attrs}
    return {**columns, "shares": sorted(shares)}


def counts(db: Session) -> tuple[int, int, int]:
    db.commit()
    return (
        db.scalar(select(func.count()).select_from(Bulletin)) or 0,
        db.scalar(select(func.count()).select_from(RecordShare)) or 0,
        db.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action != AuditAction.RECORD_LISTED)
        )
        or 0,
    )


# --- Who sees what, decided by scope() ----------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "role", "expected"),
    [
        ("A", Role.VIEWER, ALL_TITLES),
        ("A", Role.CONTRIBUTOR, ALL_TITLES),
        ("B", Role.VIEWER, {"A to B"} | REGIONAL),
        ("B", Role.FOCAL_POINT, {"A to B"} | REGIONAL),
        ("C", Role.VIEWER, set()),
        ("C", Role.FOCAL_POINT, set()),
        ("RSO", Role.ANALYST, REGIONAL),
        ("RSO", Role.RSO_ADMIN, REGIONAL),
    ],
)
def test_scope_shows_each_member_what_the_policy_says(
    db: Session, runtime: Runtime, world: World, member: str, role: Role, expected: set[str]
) -> None:
    assert visible(db, runtime, actor(world, member, role)) == expected


def test_owner_alone_sees_national(db: Session, runtime: Runtime, world: World) -> None:
    for member, role in [("B", Role.FOCAL_POINT), ("C", Role.VIEWER), ("RSO", Role.RSO_ADMIN)]:
        assert "A national" not in visible(db, runtime, actor(world, member, role))
    national = world.bulletins["a_national"].id
    with pytest.raises(NotFound):
        get_visible(
            db, actor(world, "RSO", Role.RSO_ADMIN), Bulletin, national, runtime.reciprocity
        )


def test_rso_sees_records_shared_with_it_but_not_others_bilateral_shares(
    db: Session, runtime: Runtime, world: World
) -> None:
    author = world.persona("A", Role.CONTRIBUTOR)
    make_bulletin(db, author, Visibility.MEMBERS, ["RSO"], title="A to RSO")
    db.commit()
    for role in (Role.ANALYST, Role.RSO_ADMIN):
        assert visible(db, runtime, actor(world, "RSO", role)) == REGIONAL | {"A to RSO"}
    assert "A to RSO" not in visible(db, runtime, actor(world, "B"))


def test_non_contributor_gains_regional_access_with_its_first_bulletin(
    db: Session, runtime: Runtime, world: World
) -> None:
    viewer = actor(world, "C")
    assert visible(db, runtime, viewer) == set()
    make_bulletin(db, world.persona("C", Role.CONTRIBUTOR), title="C first")
    db.commit()
    # Every user of C gains it (reciprocity is the member's), and no more than regional.
    assert visible(db, runtime, viewer) == REGIONAL | {"C first"}


@pytest.mark.parametrize("visibility", [Visibility.NATIONAL, Visibility.MEMBERS])
def test_records_the_region_cannot_see_are_no_contribution(
    db: Session, runtime: Runtime, world: World, visibility: Visibility
) -> None:
    shared = ["THA"] if visibility is Visibility.MEMBERS else None
    make_bulletin(db, world.persona("C", Role.CONTRIBUTOR), visibility, shared, title="C own")
    db.commit()
    seen = visible(db, runtime, actor(world, "C"))
    assert seen == {"C own"}


def test_a_withdrawn_contribution_does_not_count(
    db: Session, runtime: Runtime, world: World
) -> None:
    made = make_bulletin(db, world.persona("C", Role.CONTRIBUTOR), title="C first")
    made.withdrawn_at = utcnow()
    db.commit()
    assert visible(db, runtime, actor(world, "C")) == set()


def test_lapsed_contributor_loses_regional_access_at_once(
    db: Session, runtime: Runtime, world: World
) -> None:
    b = actor(world, "B")
    assert visible(db, runtime, b) == {"A to B"} | REGIONAL
    age(db, world.bulletins["b_regional"].id, days=400)
    # What B owns and what A chose to share with B stay; A's regional records go.
    assert visible(db, runtime, b) == {"A to B", "B regional"}
    # Others still see B's old regional record: it is the access, not the record, that lapsed.
    assert "B regional" in visible(db, runtime, actor(world, "A"))


def age(db: Session, bulletin_id: int, *, days: int) -> None:
    db.execute(
        update(Bulletin)
        .where(Bulletin.id == bulletin_id)
        .values(created_at=utcnow() - timedelta(days=days))
    )
    db.commit()


# --- The same over HTTP -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "role", "expected"),
    [
        ("A", Role.VIEWER, ALL_TITLES),
        ("B", Role.VIEWER, {"A to B"} | REGIONAL),
        ("C", Role.VIEWER, set()),
        ("RSO", Role.RSO_ADMIN, REGIONAL),
    ],
)
def test_lists_show_what_scope_shows(
    client: TestClient,
    db: Session,
    runtime: Runtime,
    world: World,
    member: str,
    role: Role,
    expected: set[str],
) -> None:
    persona = world.persona(member, role)
    sign_in(client, persona)
    token = api_token(db, runtime, persona, SCOPES)
    assert web_titles(client) == expected
    assert api_titles(client, token) == expected


@pytest.mark.parametrize(
    ("member", "role", "hidden"),
    [
        ("B", Role.VIEWER, ["a_national"]),
        ("C", Role.VIEWER, ["a_national", "a_members_b", "a_regional", "a_h2", "b_regional"]),
        ("RSO", Role.RSO_ADMIN, ["a_national", "a_members_b"]),
    ],
)
def test_hidden_records_answer_like_missing_ones(
    client: TestClient,
    db: Session,
    runtime: Runtime,
    world: World,
    member: str,
    role: Role,
    hidden: list[str],
) -> None:
    persona = world.persona(member, role)
    sign_in(client, persona)
    token = api_token(db, runtime, persona, SCOPES)
    missing_page = client.get("/bulletins/987654")
    missing_api = client.get("/api/v1/bulletins/987654", headers=bearer(token))
    assert (missing_page.status_code, missing_api.status_code) == (404, 404)
    for key in hidden:
        record_id = world.bulletins[key].id
        page = client.get(f"/bulletins/{record_id}")
        assert (page.status_code, page.content) == (404, missing_page.content), key
        api = client.get(f"/api/v1/bulletins/{record_id}", headers=bearer(token))
        assert (api.status_code, api.content) == (404, missing_api.content), key


def test_non_contributor_gains_access_over_http_right_after_contributing(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    persona = world.persona("C", Role.CONTRIBUTOR)
    csrf = sign_in(client, persona)
    token = api_token(db, runtime, persona, SCOPES)
    regional_id = world.bulletins["a_regional"].id
    assert client.get(f"/bulletins/{regional_id}").status_code == 404
    assert web_titles(client) == set()

    created = client.post("/bulletins", data=bulletin_form(csrf))
    assert created.status_code == 303, created.text

    assert web_titles(client) == REGIONAL | {"C first"}
    assert api_titles(client, token) == REGIONAL | {"C first"}
    assert client.get(f"/bulletins/{regional_id}").status_code == 200
    national_id = world.bulletins["a_national"].id
    assert client.get(f"/api/v1/bulletins/{national_id}", headers=bearer(token)).status_code == 404


def test_lapsed_contributor_loses_access_over_http_at_once(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    persona = world.persona("B", Role.VIEWER)
    sign_in(client, persona)
    token = api_token(db, runtime, persona, SCOPES)
    regional_id = world.bulletins["a_regional"].id
    assert client.get(f"/bulletins/{regional_id}").status_code == 200

    age(db, world.bulletins["b_regional"].id, days=400)

    assert web_titles(client) == {"A to B", "B regional"}
    assert api_titles(client, token) == {"A to B", "B regional"}
    assert client.get(f"/bulletins/{regional_id}").status_code == 404
    assert client.get(f"/api/v1/bulletins/{regional_id}", headers=bearer(token)).status_code == 404


# --- Revocation (C8) ----------------------------------------------------------------------------


@pytest.fixture
def a_and_b(
    browser: Browser, db: Session, runtime: Runtime, world: World
) -> tuple[TestClient, str, str, TestClient, str]:
    """A's contributor (portal client, CSRF token, API token) and B's viewer (client, token),
    both signed in before anything changes."""
    a_client, b_client = browser(), browser()
    a = world.persona("A", Role.CONTRIBUTOR)
    a_csrf = sign_in(a_client, a)
    a_token = api_token(db, runtime, a, SCOPES)
    b = world.persona("B", Role.VIEWER)
    sign_in(b_client, b)
    b_token = api_token(db, runtime, b, SCOPES)
    return a_client, a_csrf, a_token, b_client, b_token


def assert_b_sees(b_client: TestClient, b_token: str, record_id: int, title: str) -> None:
    assert title in web_titles(b_client)
    assert title in api_titles(b_client, b_token)
    assert b_client.get(f"/bulletins/{record_id}").status_code == 200
    assert (
        b_client.get(f"/api/v1/bulletins/{record_id}", headers=bearer(b_token)).status_code == 200
    )


def assert_b_lost(b_client: TestClient, b_token: str, record_id: int, title: str) -> None:
    assert title not in web_titles(b_client)
    assert title not in api_titles(b_client, b_token)
    assert b_client.get(f"/bulletins/{record_id}").status_code == 404
    assert (
        b_client.get(f"/api/v1/bulletins/{record_id}", headers=bearer(b_token)).status_code == 404
    )


def test_withdrawal_removes_access_at_once(
    a_and_b: tuple[TestClient, str, str, TestClient, str], world: World
) -> None:
    a_client, a_csrf, _, b_client, b_token = a_and_b
    record_id = world.bulletins["a_members_b"].id
    assert_b_sees(b_client, b_token, record_id, "A to B")
    response = a_client.post(f"/bulletins/{record_id}/withdraw", data={"csrf_token": a_csrf})
    assert response.status_code == 303
    assert_b_lost(b_client, b_token, record_id, "A to B")


def test_withdrawal_through_the_api_removes_access_at_once(
    a_and_b: tuple[TestClient, str, str, TestClient, str], world: World
) -> None:
    a_client, _, a_token, b_client, b_token = a_and_b
    record_id = world.bulletins["a_regional"].id
    assert_b_sees(b_client, b_token, record_id, "A regional")
    assert (
        a_client.delete(f"/api/v1/bulletins/{record_id}", headers=bearer(a_token)).status_code
        == 204
    )
    assert_b_lost(b_client, b_token, record_id, "A regional")


def test_narrowing_a_share_removes_access_at_once(
    a_and_b: tuple[TestClient, str, str, TestClient, str], world: World
) -> None:
    a_client, a_csrf, _, b_client, b_token = a_and_b
    record_id = world.bulletins["a_members_b"].id
    assert_b_sees(b_client, b_token, record_id, "A to B")
    form = bulletin_form(a_csrf, title="A to B", visibility="members", shared_with="MYS")
    assert a_client.post(f"/bulletins/{record_id}", data=form).status_code == 303
    assert_b_lost(b_client, b_token, record_id, "A to B")


def test_narrowing_regional_to_national_through_the_api_removes_access_at_once(
    a_and_b: tuple[TestClient, str, str, TestClient, str], world: World
) -> None:
    a_client, _, a_token, b_client, b_token = a_and_b
    record_id = world.bulletins["a_regional"].id
    assert_b_sees(b_client, b_token, record_id, "A regional")
    body = {**bulletin_json(), "title": "A regional"}
    response = a_client.put(f"/api/v1/bulletins/{record_id}", json=body, headers=bearer(a_token))
    assert response.status_code == 200, response.text
    assert_b_lost(b_client, b_token, record_id, "A regional")


def test_raising_the_handling_code_stops_passing_on_at_once(
    a_and_b: tuple[TestClient, str, str, TestClient, str],
    db: Session,
    world: World,
) -> None:
    a_client, _, a_token, _, _ = a_and_b
    record = world.bulletins["a_regional"]
    b = actor(world, "B")
    assert can_pass_on(b, record)
    body = {**bulletin_json(visibility="regional", handling_code="H2"), "title": "A regional"}
    response = a_client.put(f"/api/v1/bulletins/{record.id}", json=body, headers=bearer(a_token))
    assert response.status_code == 200, response.text
    db.commit()
    db.refresh(record)
    assert record.handling_code == HandlingCode.H2
    assert not can_pass_on(b, record)


# --- Changing another member's record (C2) ------------------------------------------------------


@pytest.fixture
def b_national(db: Session, world: World) -> int:
    made = make_bulletin(
        db, world.persona("B", Role.CONTRIBUTOR), Visibility.NATIONAL, title="B own"
    )
    db.commit()
    return made.id


@pytest.mark.parametrize(("which", "status"), [("b_national", 404), ("b_regional", 403)])
def test_a_cannot_change_or_withdraw_bs_record(
    client: TestClient,
    db: Session,
    runtime: Runtime,
    world: World,
    b_national: int,
    which: str,
    status: int,
) -> None:
    """Hidden: 404 like a missing id; visible but B's: 403. B's row stays as it was."""
    record_id = b_national if which == "b_national" else world.bulletins["b_regional"].id
    for role in (Role.CONTRIBUTOR, Role.FOCAL_POINT):
        persona = world.persona("A", role)
        client.cookies.clear()
        csrf = sign_in(client, persona)
        token = api_token(db, runtime, persona, SCOPES)
        before = row(db, record_id)
        answers = {
            "edit form": client.get(f"/bulletins/{record_id}/edit").status_code,
            "update": client.post(
                f"/bulletins/{record_id}", data=bulletin_form(csrf, title="Hijacked")
            ).status_code,
            "withdraw": client.post(
                f"/bulletins/{record_id}/withdraw", data={"csrf_token": csrf}
            ).status_code,
            "api update": client.put(
                f"/api/v1/bulletins/{record_id}", json=bulletin_json(), headers=bearer(token)
            ).status_code,
            "api withdraw": client.delete(
                f"/api/v1/bulletins/{record_id}", headers=bearer(token)
            ).status_code,
        }
        assert answers == dict.fromkeys(answers, status), role
        assert row(db, record_id) == before


# --- Creating records (C3, C11) -----------------------------------------------------------------


def test_sharing_with_an_unknown_member_is_refused_on_the_portal(
    client: TestClient, db: Session, world: World
) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    # A saved bulletin leaves a message for the next page, which is this refused form.
    assert client.post("/bulletins", data=bulletin_form(csrf, title="Fine")).status_code == 303
    before = counts(db)
    form = bulletin_form(csrf, title="Refused", visibility="members", shared_with=["IDN", "ZZZ"])
    response = client.post("/bulletins", data=form)
    assert response.status_code == 400
    assert "Unknown member code: ZZZ" in response.text
    assert counts(db) == before
    assert db.scalar(select(Bulletin.id).where(Bulletin.title == "Refused")) is None


def test_sharing_with_an_unknown_member_is_refused_by_the_api(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    token = api_token(db, runtime, world.persona("A", Role.CONTRIBUTOR), SCOPES)
    before = counts(db)
    body = bulletin_json(visibility="members", shared_with=["IDN", "ZZZ"])
    response = client.post("/api/v1/bulletins", json=body, headers=bearer(token))
    assert response.status_code == 422
    assert response.json()["errors"] == {"shared_with": "Unknown member code: ZZZ."}
    assert counts(db) == before


def test_a_refused_amendment_changes_nothing(client: TestClient, db: Session, world: World) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    record_id = world.bulletins["a_members_b"].id
    assert client.post("/bulletins", data=bulletin_form(csrf, title="Fine")).status_code == 303
    before, stored = counts(db), row(db, record_id)
    form = bulletin_form(csrf, title="Changed", visibility="members", shared_with=["ZZZ"])
    assert client.post(f"/bulletins/{record_id}", data=form).status_code == 400
    assert counts(db) == before
    assert row(db, record_id) == stored


@pytest.mark.parametrize(
    "extra",
    [
        {"owner_member_id": 1},
        {"id": 1},
        {"created_by": 1},
        {"created_by_id": 1},
        {"member_id": 1},
        {"owner_agency_id": 1},
        {"withdrawn_at": None},
        {"created_at": "2020-01-01T00:00:00Z"},
    ],
    ids=lambda extra: next(iter(extra)),
)
def test_server_set_fields_are_refused_by_the_api(
    client: TestClient, db: Session, runtime: Runtime, world: World, extra: dict[str, Any]
) -> None:
    token = api_token(db, runtime, world.persona("C", Role.CONTRIBUTOR), SCOPES)
    before = counts(db)
    body = {**bulletin_json(), **extra}
    response = client.post("/api/v1/bulletins", json=body, headers=bearer(token))
    assert response.status_code == 422
    assert response.json()["errors"] == {next(iter(extra)): "This field is not accepted."}
    nested = bulletin_json(**extra)
    response = client.post("/api/v1/bulletins", json=nested, headers=bearer(token))
    assert response.status_code == 422
    assert counts(db) == before


def test_server_set_fields_are_refused_on_update(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    token = api_token(db, runtime, world.persona("A", Role.CONTRIBUTOR), SCOPES)
    record_id = world.bulletins["a_national"].id
    stored = row(db, record_id)
    body = {**bulletin_json(), "owner_member_id": world.members["B"].id}
    response = client.put(f"/api/v1/bulletins/{record_id}", json=body, headers=bearer(token))
    assert response.status_code == 422
    assert row(db, record_id) == stored


def test_portal_ignores_smuggled_owner_fields(
    client: TestClient, db: Session, world: World
) -> None:
    """The form is mapped field by field: extra inputs never reach the record."""
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    b = world.members["B"]
    form = bulletin_form(
        csrf,
        title="Smuggled",
        owner_member_id=b.id,
        owner_agency_id=world.agencies["B"].id,
        created_by_id=world.persona("B", Role.CONTRIBUTOR).user.id,
        id=1,
    )
    assert client.post("/bulletins", data=form).status_code == 303
    db.commit()
    made = db.scalars(select(Bulletin).where(Bulletin.title == "Smuggled")).one()
    a = world.persona("A", Role.CONTRIBUTOR).user
    assert (made.owner_member_id, made.owner_agency_id, made.created_by_id) == (
        a.member_id,
        a.agency_id,
        a.id,
    )
    assert made.id != 1


# --- No leak through lists, filters or counts (C4) ----------------------------------------------


def test_filters_and_foreign_parameters_never_widen_the_list(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    persona = world.persona("C", Role.VIEWER)
    sign_in(client, persona)
    token = api_token(db, runtime, persona, SCOPES)
    a = world.members["A"]
    for query in (
        "?category=alert",
        "?member=THA",
        f"?member_id={a.id}",
        f"?owner_member_id={a.id}",
        "?visibility=regional",
        "?category=alert&member=THA&include_withdrawn=true",
    ):
        assert web_titles(client, query) == set(), query
        assert api_titles(client, token, query) == set(), query


def test_category_filter_counts_only_visible_records(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    persona = world.persona("B", Role.VIEWER)
    sign_in(client, persona)
    token = api_token(db, runtime, persona, SCOPES)
    expected = {"A to B"} | REGIONAL  # every world bulletin is an alert
    assert web_titles(client, "?category=alert") == expected
    assert api_titles(client, token, "?category=alert&member=THA") == expected
    assert web_titles(client, "?category=trend") == set()


def test_api_pages_never_reach_hidden_records(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    persona = world.persona("B", Role.VIEWER)
    token = api_token(db, runtime, persona, SCOPES)
    seen: list[str] = []
    query = "?limit=1"
    while True:
        response = client.get(f"/api/v1/bulletins{query}", headers=bearer(token))
        page = response.json()
        seen += [item["title"] for item in page["items"]]
        if page["next_after"] is None:
            break
        query = f"?limit=1&after={page['next_after']}"
    assert sorted(seen) == sorted({"A to B"} | REGIONAL)


@pytest.mark.parametrize(
    ("member", "role", "count"),
    [("A", Role.VIEWER, 5), ("B", Role.VIEWER, 4), ("C", Role.VIEWER, 0), ("RSO", Role.ANALYST, 3)],
)
def test_home_page_count_excludes_hidden_records(
    client: TestClient, world: World, member: str, role: Role, count: int
) -> None:
    sign_in(client, world.persona(member, role))
    page = client.get("/")
    assert page.status_code == 200
    plural = "" if count == 1 else "s"
    assert f"You can see {count} bulletin{plural}." in page.text
    if member == "C":
        assert not {t for t in ALL_TITLES if t in page.text}


def test_only_the_owner_learns_whom_a_record_is_shared_with(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    record_id = world.bulletins["a_members_b"].id
    owner = api_token(db, runtime, world.persona("A", Role.VIEWER), SCOPES)
    recipient = api_token(db, runtime, world.persona("B", Role.VIEWER), SCOPES)
    url = f"/api/v1/bulletins/{record_id}"
    assert client.get(url, headers=bearer(owner)).json()["shared_with"] == ["IDN"]
    assert client.get(url, headers=bearer(recipient)).json()["shared_with"] == []


# --- Handling codes (C7) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "role", "key", "allowed"),
    [
        ("A", Role.CONTRIBUTOR, "a_h2", True),
        ("A", Role.VIEWER, "a_h2", True),
        ("B", Role.FOCAL_POINT, "a_h2", False),
        ("B", Role.VIEWER, "a_h2", False),
        ("RSO", Role.RSO_ADMIN, "a_h2", False),
        ("B", Role.FOCAL_POINT, "a_regional", True),
        ("A", Role.FOCAL_POINT, "b_regional", True),
    ],
)
def test_h2_records_are_passed_on_only_by_their_owner(
    world: World, member: str, role: Role, key: str, allowed: bool
) -> None:
    assert can_pass_on(actor(world, member, role), world.bulletins[key]) is allowed


# --- No secrets in responses (C12) --------------------------------------------------------------


SECRET_MARKERS = ("password_hash", "token_hash", "totp", "$argon2")


def secrets_of(db: Session, world: World) -> list[str]:
    """The stored secret values themselves: hashes, encrypted TOTP secrets, token hashes."""
    db.commit()
    values: list[str] = []
    for user in db.scalars(select(User)):
        values += [user.password_hash, user.totp_secret_encrypted or ""]
    values += [t.token_hash for t in db.scalars(select(ApiToken))]
    values += [p.totp_secret for p in world.people.values() if p.totp_secret]
    return [v for v in values if v]


def leaks(text: str, secret_values: list[str]) -> list[str]:
    lowered = text.lower()
    found = [marker for marker in SECRET_MARKERS if marker in lowered]
    return found + [value[:12] + "..." for value in secret_values if value in text]


def test_no_response_carries_a_secret(
    browser: Browser, db: Session, runtime: Runtime, world: World
) -> None:
    focal, admin = world.persona("A", Role.FOCAL_POINT), world.persona("RSO", Role.RSO_ADMIN)
    tokens = {
        key: api_token(db, runtime, world.persona(*key), SCOPES)
        for key in [("A", Role.FOCAL_POINT), ("B", Role.VIEWER), ("RSO", Role.RSO_ADMIN)]
    }
    stored = secrets_of(db, world) + list(tokens.values())
    responses: dict[str, str] = {}
    for persona in (focal, admin):
        web = browser()
        sign_in(web, persona)
        subject = world.persona("A", Role.VIEWER).user.id
        for path in ("/admin/users", f"/admin/users/{subject}", "/account", "/"):
            page = web.get(path)
            assert page.status_code == 200, path
            responses[f"{persona.email} {path}"] = page.text
    tokens_page = browser()
    sign_in(tokens_page, focal)
    responses["tokens page"] = tokens_page.get("/admin/tokens").text
    api = browser()
    for key, token in tokens.items():
        for path in (
            "/api/v1/me",
            "/api/v1/bulletins",
            f"/api/v1/bulletins/{world.bulletins['a_regional'].id}",
        ):
            response = api.get(path, headers=bearer(token))
            assert response.status_code == 200, path
            responses[f"{key} {path}"] = response.text
    found = {where: hits for where, text in responses.items() if (hits := leaks(text, stored))}
    assert found == {}


def test_platform_audit_does_not_reveal_national_records(client: TestClient, world: World) -> None:
    sign_in(client, world.persona("RSO", Role.RSO_ADMIN))
    page = client.get("/audit")
    assert page.status_code == 200
    assert "A national" not in page.text


def test_owner_focal_point_sees_the_content_of_its_record_changes(
    client: TestClient, world: World
) -> None:
    sign_in(client, world.persona("A", Role.FOCAL_POINT))
    page = client.get("/audit", params={"action": "record.created"})
    assert "A national" in page.text


def test_listing_by_another_member_shows_among_foreign_reads(
    client: TestClient, world: World
) -> None:
    reader = TestClient(client.app, base_url="https://testserver", follow_redirects=False)
    with reader:
        sign_in(reader, world.persona("B", Role.VIEWER))
        assert reader.get("/bulletins").status_code == 200
    sign_in(client, world.persona("A", Role.FOCAL_POINT))
    page = client.get("/audit", params={"foreign_reads": "true"})
    assert "record.listed" in page.text
    assert world.persona("B", Role.VIEWER).email in page.text
