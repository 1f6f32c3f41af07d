"""The network view never reveals a node the viewer may not see (over HTTP, every backend).

The world: A's regional person shares a phone with B's regional person (H2, on which A's
screening hit) and with B's national person (hidden from A); A's person took part in A's
regional report, whose boat B also reported once regionally and once nationally. C has
contributed nothing. Other members' persons are met only through a hit or a confirmed link
(test_network_scope.py holds that rule and each handling code's node).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import HandlingCode, Visibility
from rcf.access.roles import Role
from rcf.audit.models import AuditAction, AuditEntry
from rcf.db import utcnow
from rcf.screening.models import WatchlistPerson
from rcf.screening.network import MAX_NODES
from rcf.web.ratelimit import RateLimiter
from tests.factories import World, sign_in
from tests.functional.network.helpers import make_hit, make_person, make_report

SHARED_PHONE = "+6281100000001"
HIDDEN_ONLY_PHONE = "+6281100000099"


@dataclass
class Scene:
    a_person: int
    b_regional: int
    b_national: int
    a_report: int
    b_report_regional: int
    b_report_national: int
    a_hit: str  # A's screening hit on B's regional person


def scene(db: Session, world: World) -> Scene:
    a_report = make_report(db, world, "A", "A-BOAT", transport_identifier="KM Sinar Harapan III")
    b_regional_report = make_report(
        db, world, "B", "B-BOAT-REG", transport_identifier="Sinar Harapan 3"
    )
    b_national_report = make_report(
        db, world, "B", "B-BOAT-NAT", transport_identifier="K.M. SINAR HARAPAN 3",
        sharing={"visibility": "national"},
    )  # fmt: skip
    a = make_person(db, world, "A", "Synthetic Arjuna Tanaka", phones=[SHARED_PHONE],
                    documents=["N1234567"], incidents=[a_report])  # fmt: skip
    b_regional = make_person(db, world, "B", "Synthetic Budi Regional", phones=[SHARED_PHONE],
                             handling=HandlingCode.H2)  # fmt: skip
    b_national = make_person(
        db, world, "B", "Synthetic Bima Hidden", visibility=Visibility.NATIONAL,
        phones=[SHARED_PHONE, HIDDEN_ONLY_PHONE], incidents=[b_national_report],
    )  # fmt: skip
    a_hit = make_hit(db, world, "A", b_regional)
    db.commit()
    return Scene(a.id, b_regional.id, b_national.id, a_report, b_regional_report,
                 b_national_report, a_hit)  # fmt: skip


def test_a_person_network_shows_only_what_the_viewer_may_see(
    client: TestClient, db: Session, world: World
) -> None:
    s = scene(db, world)
    for person_id, role in ((s.a_person, "organiser"), (s.b_regional, "boat_captain")):
        db.get_one(WatchlistPerson, person_id).roles = [role]
    db.commit()
    sign_in(client, world.persona("A", Role.ANALYST))

    page = client.get(f"/screening/persons/{s.a_person}/network?hops=3")

    assert page.status_code == 200
    html = page.text
    for shown in ("Synthetic Arjuna Tanaka", SHARED_PHONE, "N1234567", "A-BOAT",
                  "SINAR HARAPAN 3", "B-BOAT-REG"):  # fmt: skip
        assert shown in html, shown
    assert "Handling H2" in html  # B's H2 entry is shown with its handling code
    # ... and, as a screening hit on it would, only as whom to contact: not its name.
    assert "Synthetic Budi Regional" not in html
    assert f"Person of interest: contact IDN, hit reference {s.a_hit}" in html
    assert f"Handling H2: contact IDN, hit reference {s.a_hit}" in html
    assert "WL-B-" not in html  # never B's own reference
    assert "Roles: organiser" in html
    assert "boat captain" not in html
    assert f'href="/screening/persons/{s.b_regional}"' not in html  # only B's people open it
    hidden_links = (f"/incidents/{s.b_report_national}", f"/screening/persons/{s.b_national}")
    for hidden in ("Synthetic Bima Hidden", HIDDEN_ONLY_PHONE, "B-BOAT-NAT", *hidden_links):
        assert hidden not in html, hidden
    assert "<svg" in html
    assert "Connections" in html


def test_the_owner_sees_its_national_person_in_the_same_network(
    client: TestClient, db: Session, world: World
) -> None:
    s = scene(db, world)
    make_person(db, world, "B", "Synthetic B Contribution")  # B meets reciprocity
    db.commit()
    sign_in(client, world.persona("B", Role.VIEWER))
    url = f"/screening/persons/{s.b_national}/network?hops=3"

    html = client.get(url).text

    assert "Synthetic Bima Hidden" in html
    assert HIDDEN_ONLY_PHONE in html
    assert "B-BOAT-NAT" in html
    assert "Synthetic Arjuna Tanaka" not in html  # A's regional person: B never met it
    a_person = db.get_one(WatchlistPerson, s.a_person)
    hit = make_hit(db, world, "B", a_person)
    db.commit()
    html = client.get(url).text
    assert "Synthetic Arjuna Tanaka" in html  # H0, through the shared phone, once B hit it
    assert f"THA hit {hit}" in html
    assert a_person.reference not in html


def test_a_non_contributor_sees_no_other_member_record(
    client: TestClient, db: Session, world: World
) -> None:
    s = scene(db, world)
    # National: it shares nothing with the region, so C still meets no reciprocity.
    own = make_person(db, world, "C", "Synthetic Cahya Own", phones=[SHARED_PHONE],
                      visibility=Visibility.NATIONAL)  # fmt: skip
    db.commit()
    sign_in(client, world.persona("C", Role.ANALYST))

    html = client.get(f"/screening/persons/{own.id}/network?hops=3").text

    assert "Synthetic Cahya Own" in html
    assert SHARED_PHONE in html
    for hidden in ("Synthetic Arjuna Tanaka", "Synthetic Budi Regional", "Synthetic Bima Hidden"):
        assert hidden not in html
    # The phone is drawn with its one visible neighbour: nothing counts the hidden ones.
    assert "1 connections" in html or "1 connection" in html
    assert client.get(f"/screening/persons/{s.a_person}/network").status_code == 404


def test_a_hidden_start_answers_like_a_missing_one(
    client: TestClient, db: Session, world: World
) -> None:
    s = scene(db, world)
    sign_in(client, world.persona("A", Role.FOCAL_POINT))

    for hidden, missing in (
        (f"/screening/persons/{s.b_national}/network", "/screening/persons/987654/network"),
        (f"/incidents/{s.b_report_national}/network", "/incidents/987654/network"),
    ):
        got, expected = client.get(hidden), client.get(missing)
        assert got.status_code == expected.status_code == 404
        assert got.content == expected.content


def test_an_event_network_reaches_reports_of_the_same_vessel_it_may_see(
    client: TestClient, db: Session, world: World
) -> None:
    s = scene(db, world)
    sign_in(client, world.persona("A", Role.VIEWER))

    html = client.get(f"/incidents/{s.a_report}/network").text

    assert "B-BOAT-REG" in html
    assert "SINAR HARAPAN 3" in html
    assert "Synthetic Arjuna Tanaka" in html  # took part in it
    assert "B-BOAT-NAT" not in html
    further = client.get(f"/incidents/{s.a_report}/network?hops=3").text
    # B's H2 person, through Arjuna's phone
    assert f"Person of interest: contact IDN, hit reference {s.a_hit}" in further
    assert "Synthetic Bima Hidden" not in further
    assert "B-BOAT-NAT" not in further


def test_withdrawn_persons_leave_the_network(client: TestClient, db: Session, world: World) -> None:
    s = scene(db, world)
    withdrawn = make_person(db, world, "A", "Synthetic Withdrawn Wira", phones=[SHARED_PHONE])
    withdrawn.withdrawn_at = utcnow()
    db.commit()
    sign_in(client, world.persona("A", Role.ANALYST))

    assert (
        "Synthetic Withdrawn Wira"
        not in client.get(f"/screening/persons/{s.a_person}/network").text
    )
    assert client.get(f"/screening/persons/{withdrawn.id}/network").status_code == 404


def test_steps_are_one_to_three_and_the_default_is_two(
    client: TestClient, db: Session, world: World
) -> None:
    s = scene(db, world)
    sign_in(client, world.persona("A", Role.ANALYST))
    url = f"/incidents/{s.a_report}/network"

    one = client.get(url + "?hops=1").text
    assert "SINAR HARAPAN 3" in one
    assert "B-BOAT-REG" not in one
    assert "B-BOAT-REG" in client.get(url).text
    for odd in ("9", "0", "abc", "-1", "99999999999999999999"):
        page = client.get(f"{url}?hops={odd}")
        assert page.status_code == 200, odd


def test_a_crowded_network_is_cut_at_the_node_cap(
    client: TestClient, db: Session, world: World
) -> None:
    start = make_person(db, world, "A", "Synthetic Hub", phones=["+6680000000"])
    for n in range(MAX_NODES + 5):
        make_person(db, world, "A", f"Synthetic Caller {n}", phones=["+6680000000"])
    db.commit()
    sign_in(client, world.persona("A", Role.ANALYST))

    html = client.get(f"/screening/persons/{start.id}/network").text

    assert f"more than {MAX_NODES} nodes" in html
    assert len(set(re.findall(r"Synthetic Caller \d+", html))) == MAX_NODES - 2  # hub, phone


def test_names_are_escaped_in_the_drawing_and_the_tables(
    client: TestClient, db: Session, world: World
) -> None:
    evil = make_person(db, world, "A", "<img src=x onerror=alert(1)>", phones=["+66<b>1"])
    db.commit()
    sign_in(client, world.persona("A", Role.ANALYST))

    html = client.get(f"/screening/persons/{evil.id}/network").text

    assert "<img src=x" not in html
    assert "<b>1" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_view_is_audited(client: TestClient, db: Session, world: World) -> None:
    s = scene(db, world)
    sign_in(client, world.persona("A", Role.ANALYST))

    client.get(f"/screening/persons/{s.a_person}/network?hops=3")

    db.expire_all()
    entries = list(db.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    read = [e for e in entries if e.action == AuditAction.RECORD_READ]
    assert [(e.object_type, e.object_id, e.changes) for e in read] == [
        ("watchlist_person", str(s.a_person), {"view": "network", "hops": 3})
    ]
    listed = {(e.object_type, e.object_member_id) for e in entries
              if e.action == AuditAction.RECORD_LISTED}  # fmt: skip
    b = world.members["B"].id
    assert ("watchlist_person", b) in listed
    assert ("incident", b) in listed
    listed_persons = [
        i
        for e in entries
        if e.action == AuditAction.RECORD_LISTED and e.object_type == "watchlist_person"
        for i in e.changes["ids"]
    ]
    assert s.b_regional in listed_persons
    assert s.b_national not in listed_persons  # hidden: never shown, so never listed


def test_a_record_shared_by_name_reaches_only_the_members_named(
    client: TestClient, db: Session, world: World
) -> None:
    """``members`` visibility: C, named, sees it without contributing; B, not named, never."""
    a = make_person(db, world, "A", "Synthetic Named Share", phones=["+6690000001"],
                    visibility=Visibility.MEMBERS, shared_with=["C"],
                    handling=HandlingCode.H3)  # fmt: skip
    a.handling_restriction = "Synthetic: not for court use"
    c_own = make_person(db, world, "C", "Synthetic C National", phones=["+6690000001"],
                        visibility=Visibility.NATIONAL)  # fmt: skip
    make_person(db, world, "B", "Synthetic B Contribution", phones=["+6690000001"])
    c_hit = make_hit(db, world, "C", a)
    db.commit()

    csrf = sign_in(client, world.persona("C", Role.VIEWER))
    html = client.get(f"/screening/persons/{c_own.id}/network").text
    assert "Synthetic Named Share" not in html  # H3: the contact line, not the name
    assert f"Person of interest: contact THA, hit reference {c_hit}" in html
    assert "restriction: Synthetic: not for court use" in html
    assert "Synthetic B Contribution" not in html  # regional, and C contributes nothing

    client.post("/logout", data={"csrf_token": csrf})
    sign_in(client, world.persona("B", Role.ANALYST))
    assert client.get(f"/screening/persons/{a.id}/network").status_code == 404


def test_the_network_pages_are_rate_limited_per_user(
    client: TestClient, db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E1: walking the network page by id (missing ids included) counts against the limit."""
    s = scene(db, world)
    monkeypatch.setattr(client.app.state, "rate_limiter", RateLimiter(3))  # type: ignore[attr-defined]
    sign_in(client, world.persona("A", Role.ANALYST))
    answers = [
        client.get(f"/screening/persons/{s.a_person}/network").status_code,
        client.get(f"/incidents/{s.a_report}/network").status_code,
        client.get("/screening/persons/987654/network").status_code,
        client.get(f"/screening/persons/{s.a_person}/network").status_code,
    ]
    assert answers == [200, 200, 404, 429]
