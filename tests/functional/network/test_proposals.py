"""Proposed links between members' records: the engines propose, an analyst who may see both
records confirms or rejects; confirmed persons become one node, confirmed events one event."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import Visibility
from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.audit.models import AuditAction, AuditEntry
from rcf.incidents.models import IncidentLink
from rcf.incidents.service import IncidentFilters
from rcf.incidents.summary import Scope, build_summary
from rcf.runtime import Runtime
from rcf.screening.models import WatchlistPerson
from rcf.screening.proposal_models import LinkProposal, ProposalKind, ProposalStatus
from rcf.screening.proposing import propose_links
from rcf.settings import Settings
from tests.factories import Persona, World, sign_in
from tests.functional.network.helpers import make_person, make_report
from tests.functional.test_cli import rcf_cli

KARZAI = {"birth_dates": ["1985-03-02"], "nationalities": ["AF"], "documents": ["P1234567"]}
BOAT = {"occurred_on": "2026-03-14", "location_name": "Off Rote Island"}
TWIN_BOAT = {
    "occurred_on": "2026-03-15",
    "location_name": "Rote",
    "transport_identifier": "Sinar Harapan 3",
    "persons": [{"citizenship": "LKA", "sex": "M", "age_group": "adult", "count": 28}],
    "unaccompanied_children": 0,
}


@dataclass
class Scene:
    a: WatchlistPerson
    b_regional: WatchlistPerson
    b_national: WatchlistPerson
    a_report: int
    b_report: int


def scene(db: Session, world: World) -> Scene:
    """One person known to A (regional) and to B twice (regional, and national: hidden from
    A); one boat reported by A and by B."""
    a = make_person(db, world, "A", "Mohammad Rahimi Karzai", **KARZAI)  # type: ignore[arg-type]
    b_regional = make_person(db, world, "B", "KARZAI, Mohammad Rahimi", **KARZAI)  # type: ignore[arg-type]
    b_national = make_person(db, world, "B", "Mohammad Rahimi Karzai",
                             visibility=Visibility.NATIONAL, **KARZAI)  # type: ignore[arg-type]  # fmt: skip
    a_report = make_report(db, world, "A", "A-BOAT", transport_identifier="KM Sinar Harapan III",
                           **BOAT)  # fmt: skip
    b_report = make_report(db, world, "B", "B-BOAT", **TWIN_BOAT)
    make_person(db, world, "A", "Somchai Unrelated", birth_dates=["1970-01-09"])
    db.commit()
    return Scene(a, b_regional, b_national, a_report, b_report)


def proposal(db: Session, kind: ProposalKind, first: int, second: int) -> LinkProposal:
    db.expire_all()
    left, right = sorted((first, second))
    found = db.scalars(
        select(LinkProposal).where(
            LinkProposal.kind == kind, LinkProposal.left_id == left, LinkProposal.right_id == right
        )
    ).one()
    return found


def switch_to(client: TestClient, csrf: str, persona: Persona) -> str:
    client.post("/logout", data={"csrf_token": csrf})
    return sign_in(client, persona)


def proposed(db: Session) -> None:
    propose_links(db)
    db.commit()


def test_the_engines_propose_cross_member_pairs_once(db: Session, world: World) -> None:
    s = scene(db, world)

    first = propose_links(db)
    db.commit()
    again = propose_links(db)
    db.commit()

    pairs = {(p.kind, p.left_id, p.right_id) for p in db.scalars(select(LinkProposal))}
    assert pairs == {
        (ProposalKind.PERSON, s.a.id, s.b_regional.id),
        (ProposalKind.PERSON, s.a.id, s.b_national.id),
        (ProposalKind.EVENT, s.a_report, s.b_report),
    }  # B's two entries are B's own to merge: not proposed
    assert (first.added, again.added, again.unchanged) == (3, 0, 3)
    explained = proposal(db, ProposalKind.PERSON, s.a.id, s.b_regional.id).explanation
    assert {"field": "birth_date", "level": "exact"} in explained["fields"]
    assert "1985" not in str(explained)  # levels, never the values compared


def test_the_review_lists_only_pairs_the_reviewer_sees_both_of(
    client: TestClient, db: Session, world: World
) -> None:
    s = scene(db, world)
    proposed(db)

    csrf = sign_in(client, world.persona("A", Role.ANALYST))
    page = client.get("/screening/links").text
    assert s.b_regional.reference in page
    assert s.b_national.reference not in page  # B's national entry stays hidden from A
    assert "B-BOAT" in page
    assert "name: exact" in page or "name: close" in page

    csrf = switch_to(client, csrf, world.persona("B", Role.FOCAL_POINT))
    page = client.get("/screening/links").text
    assert s.b_national.reference in page  # B sees its own, and A's regional entry
    assert s.a.reference in page

    switch_to(client, csrf, world.persona("C", Role.ANALYST))
    page = client.get("/screening/links").text
    assert s.a.reference not in page
    assert "No proposed links" in page


def test_other_roles_may_not_review(client: TestClient, db: Session, world: World) -> None:
    s = scene(db, world)
    proposed(db)
    pair = proposal(db, ProposalKind.PERSON, s.a.id, s.b_regional.id)
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))

    assert client.get("/screening/links").status_code == 403
    sent = client.post(f"/screening/links/{pair.id}/confirm", data={"csrf_token": csrf})
    assert sent.status_code == 403
    assert proposal(db, ProposalKind.PERSON, s.a.id, s.b_regional.id).status == "proposed"


def test_confirming_two_persons_makes_them_one_node(
    client: TestClient, db: Session, world: World
) -> None:
    s = scene(db, world)
    proposed(db)
    pair = proposal(db, ProposalKind.PERSON, s.a.id, s.b_regional.id)
    analyst = world.persona("A", Role.ANALYST)
    csrf = sign_in(client, analyst)

    sent = client.post(f"/screening/links/{pair.id}/confirm", data={"csrf_token": csrf})

    assert sent.status_code == 303
    decided = proposal(db, ProposalKind.PERSON, s.a.id, s.b_regional.id)
    assert decided.status == ProposalStatus.CONFIRMED
    assert decided.decided_by_id == analyst.user.id
    assert decided.decided_at is not None
    entries = db.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.LINK_CONFIRMED)
    ).all()
    assert sorted(e.object_member_id or 0 for e in entries) == sorted(
        [world.members["A"].id, world.members["B"].id]
    )
    html = client.get(f"/screening/persons/{s.b_regional.id}/network").text
    assert "(2 records)" in html
    # B's person opens to A through the confirmed link; B's own reference never shows.
    assert f"<td>THA {s.a.reference}, IDN</td>" in html
    assert s.b_regional.reference not in html
    assert "1 person of interest\n  (each counted once, from 2 watchlist records)" in html
    assert "Confirmed" in client.get("/screening/links?status=confirmed").text


def test_a_merge_never_pulls_in_a_hidden_person(
    client: TestClient, db: Session, world: World
) -> None:
    s = scene(db, world)
    proposed(db)
    pair = proposal(db, ProposalKind.PERSON, s.a.id, s.b_national.id)
    csrf = sign_in(client, world.persona("B", Role.ANALYST))
    assert (
        client.post(f"/screening/links/{pair.id}/confirm", data={"csrf_token": csrf}).status_code
        == 303
    )

    switch_to(client, csrf, world.persona("A", Role.ANALYST))
    html = client.get(f"/screening/persons/{s.a.id}/network").text
    assert s.b_national.reference not in html
    assert "(2 records)" not in html


def test_a_hidden_proposal_answers_like_a_missing_one(
    client: TestClient, db: Session, world: World
) -> None:
    s = scene(db, world)
    proposed(db)
    hidden = proposal(db, ProposalKind.PERSON, s.a.id, s.b_national.id)
    csrf = sign_in(client, world.persona("A", Role.ANALYST))

    for action in ("confirm", "reject"):
        got = client.post(f"/screening/links/{hidden.id}/{action}", data={"csrf_token": csrf})
        missing = client.post(f"/screening/links/987654/{action}", data={"csrf_token": csrf})
        assert got.status_code == missing.status_code == 404
        assert got.content == missing.content
    assert proposal(db, ProposalKind.PERSON, s.a.id, s.b_national.id).status == "proposed"


def test_a_rejected_link_stays_rejected(client: TestClient, db: Session, world: World) -> None:
    s = scene(db, world)
    proposed(db)
    pair = proposal(db, ProposalKind.PERSON, s.a.id, s.b_regional.id)
    csrf = sign_in(client, world.persona("A", Role.FOCAL_POINT))

    client.post(f"/screening/links/{pair.id}/reject", data={"csrf_token": csrf})
    again = client.post(f"/screening/links/{pair.id}/confirm", data={"csrf_token": csrf})
    proposed(db)

    assert again.status_code == 303
    assert "already decided" in client.get("/screening/links").text
    assert proposal(db, ProposalKind.PERSON, s.a.id, s.b_regional.id).status == "rejected"
    rejected = db.scalars(
        select(AuditEntry.object_id).where(AuditEntry.action == AuditAction.LINK_REJECTED)
    ).all()
    assert sorted(rejected) == sorted([str(s.a.id), str(s.b_regional.id)])


def events_counted(db: Session, runtime: Runtime, world: World) -> int:
    actor = actor_for_user(world.persona("A", Role.VIEWER).user)
    summary = build_summary(db, runtime, actor, IncidentFilters(), Scope.REGIONAL)
    return sum(m.events for m in summary.persons_per_month)


def test_confirming_two_reports_links_them_as_one_event(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    s = scene(db, world)
    proposed(db)
    assert events_counted(db, runtime, world) == 2
    pair = proposal(db, ProposalKind.EVENT, s.a_report, s.b_report)
    csrf = sign_in(client, world.persona("A", Role.ANALYST))

    client.post(f"/screening/links/{pair.id}/confirm", data={"csrf_token": csrf})

    db.expire_all()
    links = [(lk.duplicate_id, lk.canonical_id) for lk in db.scalars(select(IncidentLink))]
    assert links == [(s.b_report, s.a_report)]  # the existing duplicate links, counted once
    assert proposal(db, ProposalKind.EVENT, s.a_report, s.b_report).status == "confirmed"
    html = client.get(f"/incidents/{s.a_report}/network?hops=1").text
    assert "same event" in html
    assert events_counted(db, runtime, world) == 1  # the summaries count the boat once
    counts = propose_links(db)  # linked reports are not proposed again, the decision stays
    assert counts.added == 0


def test_the_command_line_proposes(test_settings: Settings, db: Session, world: World) -> None:
    scene(db, world)

    result = rcf_cli(test_settings, "linkage", "propose")

    assert result.exit_code == 0, result.output
    assert re.search(r"3 proposed", result.output)
    assert len(db.scalars(select(LinkProposal)).all()) == 3
