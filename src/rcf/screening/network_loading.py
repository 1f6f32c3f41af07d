"""The network around a person or an event, read through the sharing policy.

Every node kind is loaded by a policy-scoped query, inside SQL: persons through the network's
watchlist rule (``policy.network_person_clause``: own, or met through a hit or a confirmed
link; drawn as ``network_persons`` says), events through the incident reports' rule, trafficking
cases through the cases' stricter rule (``policy.case_clause``). A case node is its pseudonymous
case number: no column of the victim's identity is even read. Vessels, phone numbers and
documents are reached only through a person or an event the viewer may see, and their
neighbours are again read through the policy, so a number shared only with hidden persons shows
no trace of them. Persons an analyst confirmed to be one are one node.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import (
    Actor,
    case_clause,
    get_visible,
    network_person_clause,
    scope,
)
from rcf.errors import NotFound
from rcf.incidents.models import Incident, IncidentLink
from rcf.linkage.vessels import vessel_key
from rcf.members.models import Member
from rcf.runtime import Runtime
from rcf.screening.models import (
    IdentifierKind,
    LinkedRecordType,
    ScreeningHit,
    WatchlistIdentifier,
    WatchlistLink,
    WatchlistPerson,
)
from rcf.screening.network import MAX_NODES, Network, Node, NodeKey, NodeKind, explore
from rcf.screening.network_audit import audit_network
from rcf.screening.network_persons import Viewpoint, person_node
from rcf.screening.proposal_models import LinkProposal, ProposalKind, ProposalStatus
from rcf.trafficking.models import TraffickingCase

Found = tuple[NodeKey, Node, str]
LINK_NODES = {
    LinkedRecordType.INCIDENT: (NodeKind.EVENT, "involved in"),
    LinkedRecordType.TRAFFICKING_CASE: (NodeKind.CASE, "perpetrator in"),
}
IDENTIFIER_NODES = {
    IdentifierKind.PHONE: NodeKind.PHONE,
    IdentifierKind.DOCUMENT: NodeKind.DOCUMENT,
}
MERGE_ROUNDS = 5  # confirmed links chain rarely; a bound keeps a bad chain cheap
# The only columns of a case the network reads: nothing sealed, nothing about the person.
CASE_COLUMNS = (TraffickingCase.id, TraffickingCase.case_number, TraffickingCase.owner_member_id)
VESSEL_SCAN = 500  # reports read for one vessel name before its exact key is compared


@dataclass
class NetworkLoader:
    """Answers ``explore``'s questions with scoped queries, remembering what it showed."""

    session: Session
    runtime: Runtime
    actor: Actor
    members: dict[int, str] = field(default_factory=dict)
    persons: dict[int, WatchlistPerson] = field(default_factory=dict)
    events: dict[int, Incident] = field(default_factory=dict)
    cases: dict[int, Any] = field(default_factory=dict)  # rows of CASE_COLUMNS
    person_node: dict[int, Node] = field(default_factory=dict)  # every merged id -> its node
    view: Viewpoint = field(init=False)

    def __post_init__(self) -> None:
        self.members = dict(self.session.execute(select(Member.id, Member.code)).all())
        self.view = Viewpoint(self.actor, self.members, {})

    # --- Scoped reads ----------------------------------------------------------------------

    def _persons(self, stmt: Any) -> Any:
        if not self.actor.has(Permission.SCREENING_READ):
            return []
        scoped = stmt.where(self._person_clause())
        return self.session.execute(scoped.limit(MAX_NODES + 1)).all()

    def _person_clause(self) -> Any:
        confirmed = (
            select(LinkProposal.left_id, LinkProposal.right_id)
            .where(
                LinkProposal.kind == ProposalKind.PERSON,
                LinkProposal.status == ProposalStatus.CONFIRMED,
            )
            .subquery()
        )
        return network_person_clause(
            self.session, self.actor, WatchlistPerson, self.runtime.reciprocity,
            hits=ScreeningHit, confirmed_pairs=confirmed,
        )  # fmt: skip

    def start_person(self, person_id: int) -> WatchlistPerson:
        """The start of a person's network; a hidden one answers 404 like a missing one."""
        stmt = select(WatchlistPerson).where(WatchlistPerson.id == person_id)
        person = self.session.scalars(stmt.where(self._person_clause())).first()
        if person is None:
            raise NotFound()
        return person

    def _events(self, stmt: Any, limit: int = MAX_NODES + 1) -> Any:
        if not self.actor.has(Permission.INCIDENT_READ):
            return []
        rule = self.runtime.reciprocity
        scoped = scope(stmt, self.session, self.actor, Incident, rule)
        return self.session.execute(scoped.limit(limit)).all()

    def _cases(self, ids: set[int]) -> dict[int, Any]:
        """The cases among ``ids`` the viewer may see (only CASE_COLUMNS)."""
        if not ids or not self.actor.has(Permission.TRAFFICKING_READ):
            return {}
        stmt = select(*CASE_COLUMNS).where(
            TraffickingCase.id.in_(ids), case_clause(self.actor, TraffickingCase)
        )
        return {row.id: row for row in self.session.execute(stmt.limit(MAX_NODES + 1))}

    # --- Nodes -------------------------------------------------------------------------------

    def person_nodes(self, rows: Iterable[WatchlistPerson]) -> list[Node]:
        """Nodes of visible persons, each merged with the visible persons confirmed to be it."""
        fresh = sorted((p for p in rows if p.id not in self.person_node), key=lambda p: p.id)
        self.persons.update({p.id: p for p in fresh})
        self._load_hit_references({p.id for p in fresh})
        nodes = []
        for person in fresh:
            if person.id in self.person_node:
                continue  # merged into a node made earlier in this batch
            group = sorted(self._merged_group(person.id))
            node = person_node(self.view, [self.persons[i] for i in group])
            self.person_node.update(dict.fromkeys(group, node))
            nodes.append(node)
        return nodes

    def _merged_group(self, person_id: int) -> set[int]:
        """The person and those confirmed to be them, walking only through visible persons
        (a hidden person in a chain ends it: nothing is merged across what one may not see)."""
        group, frontier = {person_id}, {person_id}
        for _ in range(MERGE_ROUNDS):
            partners = {i for pair in self._confirmed_pairs(frontier) for i in pair} - group
            frontier = self._visible_persons(partners)
            group |= frontier
            if not frontier:
                break
        return group

    def _visible_persons(self, ids: set[int]) -> set[int]:
        if not ids:
            return set()
        rows = self._persons(select(WatchlistPerson).where(WatchlistPerson.id.in_(ids)))
        self.persons.update({p.id: p for (p,) in rows})
        return {p.id for (p,) in rows}

    def _confirmed_pairs(self, ids: set[int]) -> list[tuple[int, int]]:
        if not ids:
            return []
        stmt = select(LinkProposal.left_id, LinkProposal.right_id).where(
            LinkProposal.kind == ProposalKind.PERSON,
            LinkProposal.status == ProposalStatus.CONFIRMED,
            or_(LinkProposal.left_id.in_(ids), LinkProposal.right_id.in_(ids)),
        )
        return [(a, b) for a, b in self.session.execute(stmt).all()]

    def _load_hit_references(self, ids: set[int]) -> None:
        """The newest reference of the viewer's member's own hit on each of ``ids``."""
        if not ids or not self.actor.has(Permission.SCREENING_HIT_READ):
            return
        stmt = (
            select(ScreeningHit.person_id, ScreeningHit.reference)
            .where(
                ScreeningHit.person_id.in_(ids),
                ScreeningHit.screening_member_id == self.actor.member_id,
            )
            .order_by(ScreeningHit.created_at, ScreeningHit.id)
        )
        rows = self.session.execute(stmt).all()
        self.view.hit_references.update({i: ref for i, ref in rows if i is not None})

    def _source(self, record_: Incident) -> str:
        return f"{self.members.get(record_.owner_member_id, '')} {record_.reference}"

    def event_node(self, incident: Incident) -> Node:
        self.events[incident.id] = incident
        place = ", ".join(x for x in (incident.location_name, incident.country) if x)
        details = [f"{incident.occurred_on}, {place}", f"{incident.persons_total} persons"]
        if incident.transport_identifier:
            details.append(f"Vessel or vehicle: {incident.transport_identifier}")
        if incident.facilitators:
            details.append("Facilitators: " + _facilitators(incident.facilitators))
        return Node(
            NodeKind.EVENT,
            str(incident.id),
            f"{incident.reference} ({incident.occurred_on})",
            details,
            [self._source(incident)],
            href=f"/incidents/{incident.id}",
            network_href=f"/incidents/{incident.id}/network",
        )

    def case_node(self, case: Any) -> Node:
        self.cases[case.id] = case
        owner = self.members.get(case.owner_member_id, "")
        return Node(
            NodeKind.CASE,
            str(case.id),
            case.case_number,
            [f"Trafficking case of {owner}"],
            [f"{owner} {case.case_number}"],
            href=f"/trafficking/cases/{case.id}",
        )

    # --- Neighbours of one ring -------------------------------------------------------------

    def neighbours(self, ring: list[Node]) -> Iterator[Found]:
        by_kind: dict[NodeKind, list[Node]] = {}
        for node in ring:
            by_kind.setdefault(node.kind, []).append(node)
        yield from self._around_persons(by_kind.get(NodeKind.PERSON, []))
        yield from self._around_events(by_kind.get(NodeKind.EVENT, []))
        for kind in (NodeKind.PHONE, NodeKind.DOCUMENT):
            yield from self._around_identifiers(kind, by_kind.get(kind, []))
        yield from self._around_vessels(by_kind.get(NodeKind.VESSEL, []))
        yield from self._around_cases(by_kind.get(NodeKind.CASE, []))

    def _ids_of(self, nodes: list[Node]) -> dict[int, Node]:
        """Every person id a node stands for (merged persons: several)."""
        keys = {n.key for n in nodes}
        return {i: node for i, node in self.person_node.items() if node.key in keys}

    def _around_persons(self, nodes: list[Node]) -> Iterator[Found]:
        if not nodes:
            return
        # Another member's H2/H3 entry is a contact line only: nothing is reached through it.
        ids = {
            i: node
            for i, node in self._ids_of(nodes).items()
            if not self.view.is_contact_only(self.persons[i])
        }
        numbers = select(WatchlistIdentifier).where(WatchlistIdentifier.person_id.in_(ids))
        for ident in self.session.scalars(numbers.order_by(WatchlistIdentifier.id)):
            yield ids[ident.person_id].key, self._identifier_node(ident), ident.kind.value
        linked = select(WatchlistLink.person_id, WatchlistLink.record_type, WatchlistLink.record_id)
        links = self.session.execute(linked.where(WatchlistLink.person_id.in_(ids))).all()
        wanted = {kind: {r for _, k, r in links if k == kind} for kind in LinkedRecordType}
        event_ids = wanted[LinkedRecordType.INCIDENT]
        events = {
            i.id: i for (i,) in self._events(select(Incident).where(Incident.id.in_(event_ids)))
        }
        cases = self._cases(wanted[LinkedRecordType.TRAFFICKING_CASE])
        for person_id, kind, record_id in links:
            if kind == LinkedRecordType.INCIDENT and record_id in events:
                yield ids[person_id].key, self.event_node(events[record_id]), "involved in"
            elif kind == LinkedRecordType.TRAFFICKING_CASE and record_id in cases:
                yield ids[person_id].key, self.case_node(cases[record_id]), "perpetrator in"

    def _identifier_node(self, ident: WatchlistIdentifier) -> Node:
        kind = IDENTIFIER_NODES[ident.kind]
        label = f"{ident.value} ({ident.issuing_state})" if ident.issuing_state else ident.value
        return Node(kind, ident.value, label)

    def _around_identifiers(self, kind: NodeKind, nodes: list[Node]) -> Iterator[Found]:
        if not nodes:
            return
        wanted = IdentifierKind.PHONE if kind is NodeKind.PHONE else IdentifierKind.DOCUMENT
        stmt = (
            select(WatchlistPerson, WatchlistIdentifier.value)
            .join(WatchlistIdentifier, WatchlistIdentifier.person_id == WatchlistPerson.id)
            .where(
                WatchlistIdentifier.kind == wanted,
                WatchlistIdentifier.value.in_([n.ident for n in nodes]),
            )
        )
        rows = self._persons(stmt.order_by(WatchlistPerson.id))
        self.person_nodes(p for p, _ in rows)
        for person, value in rows:
            yield (kind, value), self.person_node[person.id], kind.value

    def _around_events(self, nodes: list[Node]) -> Iterator[Found]:
        if not nodes:
            return
        ids = [int(n.ident) for n in nodes]
        yield from self._persons_of_events(ids)
        for node in nodes:
            vessel = vessel_key(self.events[int(node.ident)].transport_identifier)
            if vessel:
                yield node.key, Node(NodeKind.VESSEL, vessel, vessel), "vessel"
        yield from self._duplicates_of(ids)

    def _persons_of_events(self, ids: list[int]) -> Iterator[Found]:
        yield from self._linked_persons(LinkedRecordType.INCIDENT, ids)

    def _around_cases(self, nodes: list[Node]) -> Iterator[Found]:
        """Persons linked to a case (the case was visible, so its node exists; each person is
        again read through the watchlist's rule)."""
        if nodes:
            ids = [int(n.ident) for n in nodes]
            yield from self._linked_persons(LinkedRecordType.TRAFFICKING_CASE, ids)

    def _linked_persons(self, kind: LinkedRecordType, ids: list[int]) -> Iterator[Found]:
        stmt = (
            select(WatchlistPerson, WatchlistLink.record_id)
            .join(WatchlistLink, WatchlistLink.person_id == WatchlistPerson.id)
            .where(WatchlistLink.record_type == kind, WatchlistLink.record_id.in_(ids))
        )
        rows = self._persons(stmt.order_by(WatchlistPerson.id))
        self.person_nodes(p for p, _ in rows)
        node_kind, relation = LINK_NODES[kind]
        for person, record_id in rows:
            yield (node_kind, str(record_id)), self.person_node[person.id], relation

    def _duplicates_of(self, ids: list[int]) -> Iterator[Found]:
        """Reports linked as one event (by hand or through a confirmed proposal)."""
        pairs = or_(
            and_(IncidentLink.duplicate_id.in_(ids), IncidentLink.canonical_id == Incident.id),
            and_(IncidentLink.canonical_id.in_(ids), IncidentLink.duplicate_id == Incident.id),
        )
        stmt = select(Incident, IncidentLink.duplicate_id, IncidentLink.canonical_id).join(
            IncidentLink, pairs
        )
        for other, duplicate_id, canonical_id in self._events(stmt.order_by(Incident.id)):
            known = canonical_id if other.id == duplicate_id else duplicate_id
            yield (NodeKind.EVENT, str(known)), self.event_node(other), "same event"

    def _around_vessels(self, nodes: list[Node]) -> Iterator[Found]:
        for node in nodes:
            # The longest word narrows the scan in SQL; the exact key is compared after.
            word = max(node.ident.split(), key=len).lower()
            like = func.lower(Incident.transport_identifier).contains(word, autoescape=True)
            stmt = select(Incident).where(like).order_by(Incident.id.desc())
            for (incident,) in self._events(stmt, limit=VESSEL_SCAN):
                if vessel_key(incident.transport_identifier) == node.ident:
                    yield node.key, self.event_node(incident), "vessel"


def _facilitators(facilitators: list[dict[str, Any]]) -> str:
    """The report's non-nominal facilitator profiles ("2 boat captain (IDN)"): no names."""
    parts = []
    for item in facilitators:
        role = str(item.get("role", "other")).replace("_", " ")
        citizenship = f" ({item['citizenship']})" if item.get("citizenship") else ""
        parts.append(f"{item.get('count', 1)} {role}{citizenship}")
    return ", ".join(parts)


def person_network(
    session: Session, runtime: Runtime, actor: Actor, person_id: int, hops: int
) -> Network:
    """The network around a watchlist person (404 when hidden, like a missing one)."""
    loader = NetworkLoader(session, runtime, actor)
    person = loader.start_person(person_id)
    (start,) = loader.person_nodes([person])
    network = explore(start, hops, MAX_NODES, loader.neighbours)
    audit_network(session, actor, loader, network, person)
    return network


def event_network(
    session: Session, runtime: Runtime, actor: Actor, incident_id: int, hops: int
) -> Network:
    """The network around an incident report (404 when hidden, like a missing one)."""
    incident = get_visible(session, actor, Incident, incident_id, runtime.reciprocity)
    loader = NetworkLoader(session, runtime, actor)
    network = explore(loader.event_node(incident), hops, MAX_NODES, loader.neighbours)
    audit_network(session, actor, loader, network, incident)
    return network
