"""Run the linkage engines over the platform's records and store what they propose.

The engines (``rcf.linkage``) see every live watchlist person and every live incident report,
as the operator's batch job: nothing is shown here, and each proposal is later listed only to
reviewers who may see both of its records. Only pairs across two members are proposed (a
member's own duplicates are its own to merge). Re-running is idempotent: a pair keeps its one
row; a decided pair is never reopened; a still-open pair the engines no longer propose is
dropped.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from rcf.incidents.models import Incident, IncidentLink, PersonCount
from rcf.linkage.event_fields import EVENT_COMPARISONS, compare_events
from rcf.linkage.events import link_events, prepare_events
from rcf.linkage.person_fields import PERSON_COMPARISONS, compare_persons
from rcf.linkage.persons import link_persons, prepare_persons
from rcf.linkage.scoring import MISSING, Comparison, Vector
from rcf.members.models import Member
from rcf.screening.models import IdentifierKind, WatchlistIdentifier, WatchlistPerson
from rcf.screening.proposal_models import LinkProposal, ProposalKind, ProposalStatus

# A cluster larger than this is a crowd of namesakes, not one person: its pairs are not proposed.
MAX_CLUSTER = 12
Row = dict[str, str]


@dataclass(frozen=True)
class Proposed:
    """One pair the engines put in one cluster, with its score and explanation."""

    kind: ProposalKind
    left_id: int
    right_id: int
    score: float
    explanation: dict[str, Any]


@dataclass
class ProposalCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    dropped: int = 0

    def __str__(self) -> str:
        return (
            f"{self.added} proposed, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.dropped} no longer proposed"
        )


def propose_links(session: Session) -> ProposalCounts:
    """Run both engines and store their cross-member pairs (the caller commits)."""
    codes = dict(session.execute(select(Member.id, Member.code)).all())
    counts = ProposalCounts()
    _store(session, ProposalKind.PERSON, person_pairs(_person_rows(session, codes)), counts)
    linked = _linked_events(session)
    events = [p for p in event_pairs(_event_rows(session, codes)) if not linked(p)]
    _store(session, ProposalKind.EVENT, events, counts)
    return counts


# --- Records as the engines read them ------------------------------------------------------------


def _person_rows(session: Session, codes: Mapping[int, str]) -> list[Row]:
    live = select(WatchlistPerson).where(WatchlistPerson.withdrawn_at.is_(None))
    documents = _first_documents(session)
    return [
        {
            "record_id": str(p.id),
            "source_state": codes.get(p.owner_member_id, ""),
            "full_name": p.primary_name,
            "birth_date": _first_date(p.birth_dates),
            "nationality": (p.nationalities or [""])[0],
            "gender": p.gender,
            "document_number": documents.get(p.id, ""),
            "place_of_birth": "",
        }
        for p in session.scalars(live.order_by(WatchlistPerson.id))
    ]


def _first_date(dates: Sequence[str]) -> str:
    """The first birth date; a range ``YYYY..YYYY`` gives its first year (weak evidence)."""
    return dates[0].split("..")[0] if dates else ""


def _first_documents(session: Session) -> dict[int, str]:
    stmt = (
        select(WatchlistIdentifier.person_id, WatchlistIdentifier.value)
        .where(WatchlistIdentifier.kind == IdentifierKind.DOCUMENT)
        .order_by(WatchlistIdentifier.id.desc())  # the first one wins below
    )
    return dict(session.execute(stmt).all())


def _event_rows(session: Session, codes: Mapping[int, str]) -> list[Row]:
    live = select(Incident).where(Incident.withdrawn_at.is_(None)).order_by(Incident.id)
    citizenships = _citizenships(session)
    return [
        {
            "report_id": str(i.id),
            "source_state": codes.get(i.owner_member_id, ""),
            "event_date": i.occurred_on.isoformat(),
            "location": i.location_name,
            "vessel_name": i.transport_identifier,
            "persons_on_board": str(i.persons_total) if i.persons_total else "",
            "passenger_nationalities": ";".join(sorted(citizenships.get(i.id, ()))),
            "facilitator_names": "[]",  # reports count facilitators, they do not name them
        }
        for i in session.scalars(live)
    ]


def _citizenships(session: Session) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    stmt = select(PersonCount.incident_id, PersonCount.citizenship).distinct()
    for incident_id, code in session.execute(stmt):
        found.setdefault(incident_id, set()).add(code)
    return found


def _linked_events(session: Session) -> Any:
    """A test: are both reports of a pair already one event through ``IncidentLink``?"""
    root = dict(session.execute(select(IncidentLink.duplicate_id, IncidentLink.canonical_id)).all())

    def already(pair: Proposed) -> bool:
        return root.get(pair.left_id, pair.left_id) == root.get(pair.right_id, pair.right_id)

    return already


# --- Pairs, scores and explanations ---------------------------------------------------------------


def person_pairs(rows: Sequence[Row]) -> list[Proposed]:
    """Cross-member pairs of every cluster ``link_persons`` forms (pure)."""
    prepared = {p.record_id: p for p in prepare_persons(rows)}
    clusters = link_persons(rows)
    return [
        _proposed(
            ProposalKind.PERSON, a, b, compare_persons(prepared[a], prepared[b]), PERSON_COMPARISONS
        )
        for a, b in _cross_member_pairs(clusters, {r["record_id"]: r["source_state"] for r in rows})
    ]


def event_pairs(rows: Sequence[Row]) -> list[Proposed]:
    """Cross-member pairs of every cluster ``link_events`` forms (pure)."""
    prepared = {e.report_id: e for e in prepare_events(rows)}
    clusters = link_events(rows)
    return [
        _proposed(
            ProposalKind.EVENT, a, b, compare_events(prepared[a], prepared[b]), EVENT_COMPARISONS
        )
        for a, b in _cross_member_pairs(clusters, {r["report_id"]: r["source_state"] for r in rows})
    ]


def _cross_member_pairs(
    clusters: Mapping[str, str], source: Mapping[str, str]
) -> Iterable[tuple[str, str]]:
    groups: dict[str, list[str]] = {}
    for record_id, cluster_id in clusters.items():
        groups.setdefault(cluster_id, []).append(record_id)
    for members in groups.values():
        if 2 <= len(members) <= MAX_CLUSTER:
            ordered = sorted(members, key=int)
            yield from ((a, b) for a, b in combinations(ordered, 2) if source[a] != source[b])


def _proposed(
    kind: ProposalKind, a: str, b: str, vector: Vector, comparisons: Sequence[Comparison]
) -> Proposed:
    return Proposed(kind, int(a), int(b), _score(vector, comparisons), explain(vector, comparisons))


def explain(vector: Vector, comparisons: Sequence[Comparison]) -> dict[str, Any]:
    """Each field's comparison level ("name": "close"), never the values compared."""
    return {
        "fields": [
            {"field": c.name, "level": "missing" if level == MISSING else c.levels[level]}
            for c, level in zip(comparisons, vector, strict=True)
        ]
    }


def _score(vector: Vector, comparisons: Sequence[Comparison]) -> float:
    """The match weight of the levels under the documented priors, as a probability: a
    reviewer's guide to how strong the agreement is (the cluster was the engine's decision)."""
    weight = sum(
        math.log2(c.m_prior[level] / c.u_prior[level])
        for c, level in zip(comparisons, vector, strict=True)
        if level != MISSING
    )
    return round(1.0 / (1.0 + 2.0 ** -max(-60.0, min(60.0, weight))), 4)


# --- Storing -------------------------------------------------------------------------------------


def _store(
    session: Session, kind: ProposalKind, pairs: Sequence[Proposed], counts: ProposalCounts
) -> None:
    existing = {
        (p.left_id, p.right_id): p
        for p in session.scalars(select(LinkProposal).where(LinkProposal.kind == kind))
    }
    wanted = {(p.left_id, p.right_id): p for p in pairs}
    for pair, proposed in sorted(wanted.items()):
        row = existing.get(pair)
        if row is None:
            session.add(_new_row(kind, proposed))
            counts.added += 1
        elif row.status == ProposalStatus.PROPOSED and _changed(row, proposed):
            row.score, row.explanation = proposed.score, proposed.explanation
            counts.updated += 1
        else:
            counts.unchanged += 1
    stale = [r.id for pair, r in existing.items() if pair not in wanted and _open(r)]
    if stale:
        session.execute(delete(LinkProposal).where(LinkProposal.id.in_(stale)))
        counts.dropped += len(stale)
    session.flush()


def _new_row(kind: ProposalKind, proposed: Proposed) -> LinkProposal:
    return LinkProposal(
        kind=kind,
        left_id=proposed.left_id,
        right_id=proposed.right_id,
        score=proposed.score,
        explanation=proposed.explanation,
    )


def _open(row: LinkProposal) -> bool:
    return row.status == ProposalStatus.PROPOSED


def _changed(row: LinkProposal, proposed: Proposed) -> bool:
    same_explanation = json.dumps(row.explanation, sort_keys=True) == json.dumps(
        proposed.explanation, sort_keys=True
    )
    return row.score != proposed.score or not same_explanation
