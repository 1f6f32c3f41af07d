"""API of the network view: the persons, events, trafficking cases, vessels, phone numbers and
documents around one person of interest or one incident report, as JSON nodes and edges.

The same loader as the page (``network_loading``), so the same rules: every node is read
through the policy inside the query, a hidden start answers 404 like a missing one, and
another member's person carries only what its handling code lets a screening hit show.
"""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from rcf.screening.network import MAX_HOPS, Network, NodeKey, clamp_hops
from rcf.screening.network_loading import event_network, person_network
from rcf.web.deps import ApiActor, RuntimeDep, SessionDep

router = APIRouter(prefix="/network")
HOPS = Query(None, ge=1, le=MAX_HOPS, description="Steps from the start (default 2).")


class NodeRef(BaseModel):
    kind: str = Field(description="person, event, case, vessel, phone or document")
    id: str = Field(description="Unique within its kind: a record id, vessel key or number.")


class NodeOut(NodeRef):
    label: str
    details: list[str]
    sources: list[str] = Field(description="The records the node stands for: 'THA WL-1'.")
    hop: int


class EdgeOut(BaseModel):
    a: NodeRef
    b: NodeRef
    relation: str


class NetworkOut(BaseModel):
    start: NodeRef
    hops: int
    truncated: bool = Field(description="The node cap was reached: further nodes left out.")
    nodes: list[NodeOut]
    edges: list[EdgeOut]


def _ref(key: NodeKey) -> NodeRef:
    return NodeRef(kind=key[0].value, id=key[1])


def network_out(network: Network) -> NetworkOut:
    return NetworkOut(
        start=_ref(network.start.key),
        hops=network.hops,
        truncated=network.truncated,
        nodes=[
            NodeOut(
                kind=n.kind.value,
                id=n.ident,
                label=n.label,
                details=n.details,
                sources=n.sources,
                hop=n.hop,
            )
            for n in network.nodes
        ],
        edges=[EdgeOut(a=_ref(e.a), b=_ref(e.b), relation=e.relation) for e in network.edges],
    )


@router.get("/persons/{person_id}", response_model=NetworkOut)
def around_person(
    person_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep, hops: int | None = HOPS
) -> NetworkOut:
    """The network around a watchlist person you may see: your member's, or another member's
    your member has a screening hit on or confirmed to be one of its own (within the sharing
    rules); any other id answers 404, exactly like a missing one."""
    out = network_out(person_network(db, runtime, actor, person_id, clamp_hops(hops)))
    db.commit()  # the audit entries of the view
    return out


@router.get("/events/{incident_id}", response_model=NetworkOut)
def around_event(
    incident_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep, hops: int | None = HOPS
) -> NetworkOut:
    """The network around an incident report you may see; any other id answers 404."""
    out = network_out(event_network(db, runtime, actor, incident_id, clamp_hops(hops)))
    db.commit()
    return out
