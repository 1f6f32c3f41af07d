"""The network around one record, as a graph of nodes and edges, and its drawing (pure, no I/O).

Nodes are persons of interest, events (incident reports), trafficking cases (by their
pseudonymous number only), vessels, phone numbers and documents.
``explore`` walks outwards from the start node hop by hop, asking a loader for the neighbours of
each ring; the loader (``screening.network_loading``) reads only what the viewer may see, so a
node this module never receives cannot be drawn. ``layout`` places the nodes on rings around the
start, deterministically, for a server-drawn SVG.

Examples:
    >>> start = Node(NodeKind.PERSON, "1", "Ali")
    >>> phone = Node(NodeKind.PHONE, "+6281", "+6281")
    >>> def around(ring): return [(start.key, phone, "phone")] if ring[0] is start else []
    >>> net = explore(start, 2, 10, around)
    >>> [n.label for n in net.nodes], [e.relation for e in net.edges]
    (['Ali', '+6281'], ['phone'])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

DEFAULT_HOPS = 2
MAX_HOPS = 3
MAX_NODES = 120  # beyond this a network is unreadable; the page says it was cut


class NodeKind(StrEnum):
    PERSON = "person"
    EVENT = "event"
    VESSEL = "vessel"
    PHONE = "phone"
    DOCUMENT = "document"
    CASE = "case"  # a trafficking case: its pseudonymous number, never who the victim is


NodeKey = tuple[NodeKind, str]


@dataclass
class Node:
    kind: NodeKind
    ident: str  # unique within its kind: a record id, a vessel key or a normalised number
    label: str
    details: list[str] = field(default_factory=list)
    # The records a node stands for ("THA WL-1"): two once a person link is confirmed.
    sources: list[str] = field(default_factory=list)
    href: str = ""
    network_href: str = ""
    hop: int = 0

    @property
    def key(self) -> NodeKey:
        return (self.kind, self.ident)


@dataclass(frozen=True, order=True)
class Edge:
    a: NodeKey
    b: NodeKey
    relation: str  # "phone", "document", "involved in", "vessel", "same event"


# A loader answers the neighbours of one ring: (the known node's key, a neighbour, the relation).
Neighbours = Callable[[list[Node]], Iterable[tuple[NodeKey, Node, str]]]


@dataclass
class Network:
    start: Node
    hops: int
    nodes: list[Node]
    edges: list[Edge]
    truncated: bool  # the node cap was reached: some neighbours were left out

    def node(self, key: NodeKey) -> Node:
        return next(n for n in self.nodes if n.key == key)


def clamp_hops(hops: int | None) -> int:
    """The hops asked for, within 1..MAX_HOPS (default DEFAULT_HOPS)."""
    return DEFAULT_HOPS if hops is None else max(1, min(MAX_HOPS, hops))


def explore(start: Node, hops: int, cap: int, neighbours: Neighbours) -> Network:
    """Breadth-first from ``start`` for ``hops`` rings, at most ``cap`` nodes."""
    found: dict[NodeKey, Node] = {start.key: start}
    edges: set[Edge] = set()
    ring, truncated = [start], False
    for hop in range(1, hops + 1):
        next_ring: list[Node] = []
        for known, other, relation in sorted(neighbours(ring), key=_neighbour_order):
            if other.key not in found:
                if len(found) >= cap:
                    truncated = True
                    continue
                other.hop = hop
                found[other.key] = other
                next_ring.append(other)
            edges.add(_edge(known, other.key, relation))
        if not next_ring:
            break
        ring = next_ring
    return Network(start, hops, list(found.values()), sorted(edges), truncated)


def _neighbour_order(item: tuple[NodeKey, Node, str]) -> tuple[str, str, str, str, str]:
    known, other, relation = item
    return (known[0], known[1], other.kind, other.ident, relation)


def _edge(a: NodeKey, b: NodeKey, relation: str) -> Edge:
    first, second = sorted((a, b))
    return Edge(first, second, relation)


# --- Drawing --------------------------------------------------------------------------------------

SIZE = 760
MARGIN = 70


@dataclass(frozen=True)
class Placed:
    node: Node
    x: float
    y: float


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    relation: str


@dataclass(frozen=True)
class Drawing:
    size: int
    nodes: list[Placed]
    lines: list[Line]


def layout(network: Network) -> Drawing:
    """Rings by hop around the start; each node sits near the angle of the node that reached
    it, spread just enough to keep labels apart, so edges stay short and cross little. Same
    network, same picture."""
    centre = SIZE / 2
    radius = (SIZE / 2 - MARGIN) / max(1, max(n.hop for n in network.nodes))
    angle: dict[NodeKey, float] = {network.start.key: 0.0}  # measured clockwise from the top
    neighbours = _inner_neighbours(network)
    placed = {network.start.key: Placed(network.start, centre, centre)}
    for hop in range(1, network.hops + 1):
        ring = [n for n in network.nodes if n.hop == hop]
        if not ring:
            break  # the network ended before the steps asked for
        wanted = {n.key: _parent_angle(neighbours.get(n.key, []), angle) for n in ring}
        ring.sort(key=lambda n: (wanted[n.key], n.kind, n.label, n.ident))
        # The start has no direction of its own: its neighbours go all around it.
        gap = 2 * math.pi if hop == 1 else MIN_ARC / (hop * radius)
        thetas = _spread([wanted[n.key] for n in ring], gap)
        for node, theta in zip(ring, thetas, strict=True):
            angle[node.key] = theta
            x = centre + hop * radius * math.sin(theta)
            y = centre - hop * radius * math.cos(theta)
            placed[node.key] = Placed(node, round(x, 1), round(y, 1))
    lines = [_line(placed[e.a], placed[e.b], e.relation) for e in network.edges]
    return Drawing(SIZE, list(placed.values()), lines)


MIN_ARC = 90.0  # pixels between two neighbours on a ring, room for a label


def _inner_neighbours(network: Network) -> dict[NodeKey, list[NodeKey]]:
    """For each node, its neighbours one ring further in (the nodes that reached it)."""
    hop_of = {n.key: n.hop for n in network.nodes}
    found: dict[NodeKey, list[NodeKey]] = {}
    for edge in network.edges:
        for outer, inner in ((edge.a, edge.b), (edge.b, edge.a)):
            if hop_of[inner] == hop_of[outer] - 1:
                found.setdefault(outer, []).append(inner)
    return found


def _parent_angle(inner: list[NodeKey], angle: dict[NodeKey, float]) -> float:
    return min(angle[k] for k in inner) if inner else 0.0


def _spread(wanted: list[float], gap: float) -> list[float]:
    """Angles as close to ``wanted`` (sorted) as a minimum ``gap`` allows; evenly around
    the ring when the ring is too full for that."""
    count = len(wanted)
    full = 2 * math.pi
    if count * gap >= full:
        return [full * i / count for i in range(count)]
    placed: list[float] = []
    for theta in wanted:
        placed.append(max(theta, placed[-1] + gap) if placed else theta)
    # Centre the run on what was wanted, so a crowd around one parent fans out both ways.
    shift = (sum(placed) - sum(wanted)) / count
    return [(theta - shift) % full for theta in placed]


def _line(a: Placed, b: Placed, relation: str) -> Line:
    return Line(a.x, a.y, b.x, b.y, relation)
