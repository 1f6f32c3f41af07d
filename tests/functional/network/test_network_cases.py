"""Trafficking cases in the network: a person linked to a case (as a perpetrator) shows the
case's pseudonymous number, only to those the cases' own rule lets see the case, and never a
trace of who the victim is. Checked as every persona, over the JSON API and on the page.

The world: A's regional person is linked to A's national case and shares a phone with B's
regional person, who is linked to B's case shared with A and to B's national case. A and B
each screened the other's person (a hit each), so each meets the other's person in the network.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.audit.models import AuditAction, AuditEntry
from rcf.db import utcnow
from rcf.runtime import Runtime
from rcf.trafficking.models import TraffickingCase
from tests.factories import SYNTHETIC_IDENTITY, World, api_token, make_case, sign_in
from tests.functional.network.helpers import make_hit, make_person

PHONE = "+6281100000077"
CASE_READERS = {Role.ANALYST, Role.FOCAL_POINT, Role.RSO_ADMIN, Role.CASE_WORKER}
SCOPES = ["screening:read", "incident:read", "trafficking:read"]


@dataclass
class Scene:
    a_person: int
    b_person: int
    a_case: TraffickingCase
    b_shared_case: TraffickingCase
    b_national_case: TraffickingCase


def scene(db: Session, runtime: Runtime, world: World) -> Scene:
    a_worker = world.persona("A", Role.CASE_WORKER)
    b_worker = world.persona("B", Role.CASE_WORKER)
    a_case = make_case(db, runtime, a_worker)
    b_shared = make_case(db, runtime, b_worker,
                         sharing={"visibility": "members", "shared_with": ["THA"]})  # fmt: skip
    b_national = make_case(db, runtime, b_worker)
    a = make_person(db, world, "A", "Synthetic Kasem Perp", phones=[PHONE], cases=[a_case.id])
    b = make_person(db, world, "B", "Synthetic Bayu Perp", phones=[PHONE],
                    cases=[b_shared.id, b_national.id])  # fmt: skip
    make_hit(db, world, "A", b)
    make_hit(db, world, "B", a)
    db.commit()
    return Scene(a.id, b.id, a_case, b_shared, b_national)


def expected_cases(s: Scene, member: str, role: Role) -> set[str]:
    """By hand: a case is seen by its owner member's case readers, and by those of the members
    it is shared with (while consent stands); never regional, so never by the RSO here."""
    if role not in CASE_READERS:
        return set()
    return {
        "A": {s.a_case.case_number, s.b_shared_case.case_number},
        "B": {s.b_shared_case.case_number, s.b_national_case.case_number},
    }.get(member, set())


def test_case_nodes_follow_the_cases_rule_for_every_persona(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    s = scene(db, runtime, world)
    every_case = {c.case_number for c in (s.a_case, s.b_shared_case, s.b_national_case)}
    for (member, role), persona in sorted(world.people.items()):
        token = api_token(db, runtime, persona, SCOPES)
        got = client.get(
            f"/api/v1/screening/network/persons/{s.a_person}?hops=3",
            headers={"Authorization": f"Bearer {token}"},
        )
        if member in ("C", "RSO"):  # A's person: neither screened it (nor may C see it)
            assert got.status_code == 404, (member, role)
            continue
        assert got.status_code == 200, (member, role, got.text)
        nodes = got.json()["nodes"]
        shown = {n["label"] for n in nodes if n["kind"] == "case"}
        assert shown == expected_cases(s, member, role), (member, role)
        for hidden in every_case - shown:
            assert hidden not in got.text, (member, role)
        for value in SYNTHETIC_IDENTITY.values():
            assert value not in got.text, (member, role)


def test_a_withdrawn_consent_takes_the_shared_case_out_at_once(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    s = scene(db, runtime, world)
    s.b_shared_case.consent_withdrawn_at = utcnow()
    db.commit()
    token = api_token(db, runtime, world.persona("A", Role.ANALYST), SCOPES)

    got = client.get(f"/api/v1/screening/network/persons/{s.a_person}?hops=3",
                     headers={"Authorization": f"Bearer {token}"})  # fmt: skip

    labels = {n["label"] for n in got.json()["nodes"]}
    assert s.a_case.case_number in labels
    assert s.b_shared_case.case_number not in labels


def test_the_page_draws_the_case_number_and_links_the_persons_through_it(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    s = scene(db, runtime, world)
    sign_in(client, world.persona("B", Role.ANALYST))

    html = client.get(f"/screening/persons/{s.b_person}/network").text

    assert s.b_shared_case.case_number in html
    assert s.b_national_case.case_number in html
    assert s.a_case.case_number not in html  # A's national case
    assert "perpetrator in" in html
    assert "Trafficking case (number only)" in html
    for value in SYNTHETIC_IDENTITY.values():
        assert value not in html
    # Each case shown is listed in the audit trail, for its owner's focal point to see.
    db.expire_all()
    listed = db.scalars(
        select(AuditEntry).where(
            AuditEntry.action == AuditAction.RECORD_LISTED,
            AuditEntry.object_type == "trafficking_case",
        )
    )
    ids = {i for entry in listed for i in entry.changes["ids"]}
    assert ids == {s.b_shared_case.id, s.b_national_case.id}


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CONTRIBUTOR])
def test_roles_without_case_access_see_the_persons_but_no_case(
    client: TestClient, db: Session, runtime: Runtime, world: World, role: Role
) -> None:
    s = scene(db, runtime, world)
    token = api_token(db, runtime, world.persona("B", role), SCOPES)

    got = client.get(f"/api/v1/screening/network/persons/{s.b_person}",
                     headers={"Authorization": f"Bearer {token}"})  # fmt: skip

    kinds = {n["kind"] for n in got.json()["nodes"]}
    assert "case" not in kinds
    assert "person" in kinds
