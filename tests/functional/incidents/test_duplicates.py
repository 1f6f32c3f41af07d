"""Probable duplicates of a report and the links between reports of one event (C4: only what
the analyst may see is ever compared)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.audit.models import AuditAction, AuditEntry
from rcf.incidents.models import Incident, IncidentLink
from rcf.runtime import Runtime
from tests.factories import World, api_token, make_incident, sign_in

TWIN = {
    "occurred_on": "2026-03-15",
    "country": "AUS",
    "location_name": "Ashmore Reef",
    "persons": [{"citizenship": "LKA", "sex": "M", "age_group": "adult", "count": 28}],
    "unaccompanied_children": 0,
}


def report(db: Session, world: World, member: str, reference: str, **overrides: object) -> int:
    made = make_incident(
        db, world.persona(member, Role.CONTRIBUTOR), reference=reference, **overrides
    )
    assert isinstance(made, Incident)
    return made.id


def contributing_c(db: Session, world: World) -> tuple[int, int, int]:
    """C's own regional report (so C meets reciprocity), B's regional and B's national twin."""
    subject = report(db, world, "C", "C-1")
    regional = report(db, world, "B", "B-REG", **TWIN)
    national = report(db, world, "B", "B-NAT", sharing={"visibility": "national"}, **TWIN)
    db.commit()
    return subject, regional, national


def links(db: Session) -> list[tuple[int, int]]:
    db.expire_all()
    return [(lk.duplicate_id, lk.canonical_id) for lk in db.scalars(select(IncidentLink))]


def audited(db: Session, action: AuditAction) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(AuditEntry.object_id).where(AuditEntry.action == action)))


def test_candidates_are_only_reports_the_caller_may_see(
    client: TestClient, db: Session, world: World
) -> None:
    subject, _, _ = contributing_c(db, world)
    sign_in(client, world.persona("C", Role.ANALYST))

    page = client.get(f"/incidents/{subject}/duplicates")

    assert page.status_code == 200
    assert "B-REG" in page.text
    assert "B-NAT" not in page.text
    for reason in (
        "Dates 1 day apart",
        "Same route LKA to AUS",
        "Persons 30 and 28",
        "KM SYNTHETIC 7",
    ):
        assert reason in page.text


def test_linking_to_a_hidden_report_answers_like_a_missing_one(
    client: TestClient, db: Session, world: World
) -> None:
    subject, _, national = contributing_c(db, world)
    csrf = sign_in(client, world.persona("C", Role.ANALYST))

    hidden = client.post(
        f"/incidents/{subject}/duplicates", data={"csrf_token": csrf, "canonical_id": national}
    )
    missing = client.post(
        f"/incidents/{subject}/duplicates", data={"csrf_token": csrf, "canonical_id": 987654}
    )

    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert links(db) == []


def test_link_and_unlink_are_audited_on_both_reports(
    client: TestClient, db: Session, world: World
) -> None:
    subject, regional, _ = contributing_c(db, world)
    csrf = sign_in(client, world.persona("C", Role.ANALYST))

    linked = client.post(
        f"/incidents/{regional}/duplicates",
        data={"csrf_token": csrf, "canonical_id": subject, "return_to": subject},
    )

    assert linked.status_code == 303
    assert linked.headers["location"] == f"/incidents/{subject}/duplicates"
    assert links(db) == [(regional, subject)]
    assert sorted(audited(db, AuditAction.RECORD_LINKED)) == sorted([str(regional), str(subject)])
    page = client.get(f"/incidents/{subject}/duplicates")
    assert "Duplicate of this report" in page.text
    assert "B-REG" in page.text

    unlinked = client.post(f"/incidents/{regional}/duplicates/unlink", data={"csrf_token": csrf})

    assert unlinked.status_code == 303
    assert links(db) == []
    assert sorted(audited(db, AuditAction.RECORD_UNLINKED)) == sorted([str(regional), str(subject)])


def test_a_report_cannot_be_linked_to_itself(client: TestClient, db: Session, world: World) -> None:
    subject, _, _ = contributing_c(db, world)
    csrf = sign_in(client, world.persona("C", Role.ANALYST))

    response = client.post(
        f"/incidents/{subject}/duplicates", data={"csrf_token": csrf, "canonical_id": subject}
    )

    assert response.status_code == 400
    assert "cannot be linked to itself" in response.text
    assert links(db) == []


def test_no_link_to_a_report_that_is_itself_a_duplicate(
    client: TestClient, db: Session, world: World
) -> None:
    subject, regional, _ = contributing_c(db, world)
    third = report(db, world, "C", "C-2", **TWIN)
    db.commit()
    csrf = sign_in(client, world.persona("C", Role.ANALYST))
    first = client.post(
        f"/incidents/{regional}/duplicates", data={"csrf_token": csrf, "canonical_id": subject}
    )
    assert first.status_code == 303

    chained = client.post(
        f"/incidents/{third}/duplicates", data={"csrf_token": csrf, "canonical_id": regional}
    )
    twice = client.post(
        f"/incidents/{regional}/duplicates", data={"csrf_token": csrf, "canonical_id": third}
    )

    assert chained.status_code == twice.status_code == 400
    assert "itself a duplicate" in chained.text
    assert "already linked" in twice.text
    assert links(db) == [(regional, subject)]


def test_viewers_see_candidates_but_cannot_link(
    client: TestClient, db: Session, world: World
) -> None:
    subject, regional, _ = contributing_c(db, world)
    csrf = sign_in(client, world.persona("C", Role.VIEWER))

    page = client.get(f"/incidents/{subject}/duplicates")
    refused = client.post(
        f"/incidents/{subject}/duplicates", data={"csrf_token": csrf, "canonical_id": regional}
    )

    assert "B-REG" in page.text
    assert "duplicates this report" not in page.text
    assert refused.status_code == 403
    assert links(db) == []


def test_only_the_linking_member_unlinks(
    app: FastAPI, client: TestClient, db: Session, world: World
) -> None:
    subject, regional, _ = contributing_c(db, world)
    csrf = sign_in(client, world.persona("C", Role.ANALYST))
    client.post(
        f"/incidents/{regional}/duplicates", data={"csrf_token": csrf, "canonical_id": subject}
    )
    other = TestClient(app, base_url="https://testserver", follow_redirects=False)
    b_csrf = sign_in(other, world.persona("B", Role.ANALYST))

    refused = other.post(f"/incidents/{regional}/duplicates/unlink", data={"csrf_token": b_csrf})

    assert refused.status_code == 403
    assert links(db) == [(regional, subject)]


def test_the_api_lists_candidates_with_scores_and_reasons(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    subject, regional, _ = contributing_c(db, world)
    token = api_token(db, runtime, world.persona("C", Role.ANALYST), ["incident:read"])

    response = client.get(
        f"/api/v1/incidents/{subject}/duplicates", headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 200
    body = response.json()
    assert [c["id"] for c in body["candidates"]] == [regional]
    candidate = body["candidates"][0]
    assert candidate["owner_member"] == "IDN"
    assert {r["code"] for r in candidate["reasons"]} == {"date", "route", "persons", "vessel"}
    assert candidate["score"] == 95
    assert body["links"] == []
    assert body["canonical_id"] is None
