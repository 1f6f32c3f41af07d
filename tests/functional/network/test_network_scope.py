"""Whose persons a network shows, and how: another member's entry only where the viewer's
member met it (its screening hit, or a confirmed link to its own entry), and then only what a
hit on it shows for its handling code. Over HTTP, on every backend.

The world: B's regional person (handling code per test) holds a phone, a document and took part
in B's regional report; A contributes, so the core sharing rule shares both with A.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcf.access.policy import HandlingCode
from rcf.access.roles import Role
from rcf.runtime import Runtime
from rcf.screening.models import WatchlistPerson
from rcf.screening.proposal_models import LinkProposal, ProposalKind, ProposalStatus
from tests.factories import World, api_token, sign_in
from tests.functional.network.helpers import make_hit, make_person, make_report

PHONE = "+6281200000011"
DOCUMENT = "B7654321"
BASE = "/api/v1/screening/network/persons"


def b_person(db: Session, world: World, handling: HandlingCode) -> WatchlistPerson:
    report = make_report(db, world, "B", "B-REPORT-SCOPE")
    make_person(db, world, "A", "Synthetic A Contribution")  # A meets reciprocity, for
    make_report(db, world, "A", "A-REPORT-SCOPE")  # persons and for reports
    person = make_person(db, world, "B", "Synthetic Bagus Scope", handling=handling,
                         phones=[PHONE], documents=[DOCUMENT], incidents=[report])  # fmt: skip
    person.roles = ["recruiter"]
    if handling is HandlingCode.H3:
        person.handling_restriction = "Synthetic: ask before any action"
    db.commit()
    return person


def _get(client: TestClient, headers: dict[str, str], person_id: int) -> tuple[int, str]:
    got = client.get(f"{BASE}/{person_id}?hops=3", headers=headers)
    return got.status_code, got.text


def _headers(db: Session, runtime: Runtime, world: World, member: str) -> dict[str, str]:
    persona = world.persona(member, Role.ANALYST)
    token = api_token(db, runtime, persona, ["screening:read", "incident:read"])
    return {"Authorization": f"Bearer {token}"}


def test_a_shared_person_without_a_hit_answers_like_a_missing_id(
    client: TestClient, db: Session, world: World
) -> None:
    """Sweeping ids lists no other member's names: a shared entry is 404 until a hit."""
    person = b_person(db, world, HandlingCode.H0)
    sign_in(client, world.persona("A", Role.ANALYST))

    hidden = client.get(f"/screening/persons/{person.id}/network")
    missing = client.get("/screening/persons/987654/network")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content

    make_hit(db, world, "A", person)
    db.commit()
    opened = client.get(f"/screening/persons/{person.id}/network")
    assert opened.status_code == 200
    assert "Synthetic Bagus Scope" in opened.text


def test_a_hit_of_another_member_opens_nothing_for_the_viewer(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    person = b_person(db, world, HandlingCode.H0)
    make_hit(db, world, "C", person)  # C's hit, not A's
    db.commit()
    headers = _headers(db, runtime, world, "A")

    assert _get(client, headers, person.id)[0] == 404
    problem = client.get(f"{BASE}/987654", headers=headers)
    assert problem.status_code == 404
    assert problem.headers["content-type"] == "application/problem+json"


def test_a_shared_person_stays_out_of_an_own_network_without_a_hit(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    person = b_person(db, world, HandlingCode.H0)
    own = make_person(db, world, "A", "Synthetic Anan Own", phones=[PHONE])
    db.commit()
    headers = _headers(db, runtime, world, "A")

    status, text = _get(client, headers, own.id)
    assert status == 200
    assert PHONE in text
    assert "Synthetic Bagus Scope" not in text

    make_hit(db, world, "A", person)
    db.commit()
    assert "Synthetic Bagus Scope" in _get(client, headers, own.id)[1]


def test_a_confirmed_link_to_an_own_person_opens_it(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    person = b_person(db, world, HandlingCode.H0)
    own = make_person(db, world, "A", "Synthetic Anan Linked")
    first, second = sorted((own.id, person.id))
    db.add(LinkProposal(kind=ProposalKind.PERSON, left_id=first, right_id=second, score=0.9,
                        explanation={}, status=ProposalStatus.CONFIRMED))  # fmt: skip
    db.commit()
    headers = _headers(db, runtime, world, "A")

    status, text = _get(client, headers, person.id)
    assert status == 200
    assert "Synthetic Bagus Scope" in text
    assert "Synthetic Anan Linked" in text  # one node: the two entries confirmed to be one
    assert _get(client, _headers(db, runtime, world, "C"), person.id)[0] == 404


@pytest.mark.parametrize("handling", [HandlingCode.H0, HandlingCode.H1])
def test_an_h0_or_h1_person_shows_its_name_and_connections_but_no_reference(
    client: TestClient, db: Session, runtime: Runtime, world: World, handling: HandlingCode
) -> None:
    person = b_person(db, world, handling)
    hit = make_hit(db, world, "A", person)
    db.commit()

    status, text = _get(client, _headers(db, runtime, world, "A"), person.id)

    assert status == 200
    nodes = _nodes(client, _headers(db, runtime, world, "A"), person.id)
    assert nodes[("person", str(person.id))] == (
        "Synthetic Bagus Scope",
        [f"Handling {handling}: contact IDN, hit reference {hit}", "Roles: recruiter"],
        [f"IDN hit {hit}"],
    )
    assert ("phone", PHONE) in nodes
    assert ("document", DOCUMENT) in nodes
    assert any(kind == "event" for kind, _ in nodes)
    assert person.reference not in text


@pytest.mark.parametrize("handling", [HandlingCode.H2, HandlingCode.H3])
def test_an_h2_or_h3_person_is_only_whom_to_contact(
    client: TestClient, db: Session, runtime: Runtime, world: World, handling: HandlingCode
) -> None:
    person = b_person(db, world, handling)
    hit = make_hit(db, world, "A", person)
    db.commit()
    headers = _headers(db, runtime, world, "A")

    status, text = _get(client, headers, person.id)

    assert status == 200
    contact = f"contact IDN, hit reference {hit}"
    restriction = " (restriction: Synthetic: ask before any action)" if handling == "H3" else ""
    assert _nodes(client, headers, person.id) == {
        ("person", str(person.id)): (
            f"Person of interest: {contact}",
            [f"Handling {handling}: {contact}{restriction}"],
            [f"IDN hit {hit}"],
        )
    }
    for withheld in ("Synthetic Bagus Scope", PHONE, DOCUMENT, "B-REPORT-SCOPE", "recruiter",
                     person.reference):  # fmt: skip
        assert withheld not in text, withheld
    sign_in(client, world.persona("A", Role.VIEWER))
    html = client.get(f"/screening/persons/{person.id}/network").text
    assert f"Person of interest: {contact}" in html
    for withheld in ("Synthetic Bagus Scope", PHONE, DOCUMENT, "B-REPORT-SCOPE", person.reference):
        assert withheld not in html, withheld


def test_an_own_person_shows_in_full_with_its_reference(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    person = b_person(db, world, HandlingCode.H3)
    headers = _headers(db, runtime, world, "B")

    status, text = _get(client, headers, person.id)

    assert status == 200
    nodes = _nodes(client, headers, person.id)
    label, details, sources = nodes[("person", str(person.id))]
    assert label == "Synthetic Bagus Scope"
    assert sources == [f"IDN {person.reference}"]
    assert details[0].startswith(f"Handling H3: IDN {person.reference}")
    assert ("phone", PHONE) in nodes
    assert ("document", DOCUMENT) in nodes
    assert "B-REPORT-SCOPE" in text


def _nodes(
    client: TestClient, headers: dict[str, str], person_id: int
) -> dict[tuple[str, str], tuple[str, list[str], list[str]]]:
    body = client.get(f"{BASE}/{person_id}?hops=3", headers=headers).json()
    return {(n["kind"], n["id"]): (n["label"], n["details"], n["sources"]) for n in body["nodes"]}
