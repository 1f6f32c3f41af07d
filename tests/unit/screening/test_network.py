"""The pure network: breadth-first walk with a node cap, and a deterministic drawing."""

from __future__ import annotations

from rcf.screening.network import (
    DEFAULT_HOPS,
    MAX_HOPS,
    Network,
    Node,
    NodeKey,
    NodeKind,
    clamp_hops,
    explore,
    layout,
)


def star(hub: Node, spokes: int) -> list[tuple[NodeKey, Node, str]]:
    return [(hub.key, Node(NodeKind.PHONE, f"+66{n}", f"+66{n}"), "phone") for n in range(spokes)]


def chain_network(hops: int, spokes: int = 3) -> Network:
    start = Node(NodeKind.PERSON, "1", "Start")

    def around(ring: list[Node]) -> list[tuple[NodeKey, Node, str]]:
        found = []
        for node in ring:
            for n in range(spokes):
                ident = f"{node.ident}.{n}"
                found.append((node.key, Node(NodeKind.EVENT, ident, ident), "involved in"))
        return found

    return explore(start, hops, 1000, around)


def test_hops_are_clamped_to_one_to_three() -> None:
    assert clamp_hops(None) == DEFAULT_HOPS
    assert [clamp_hops(h) for h in (0, 1, 3, 9)] == [1, 1, 3, MAX_HOPS]


def test_the_walk_stops_at_the_steps_asked_for() -> None:
    net = chain_network(2)
    assert len(net.nodes) == 1 + 3 + 9
    assert max(n.hop for n in net.nodes) == 2
    assert len(net.edges) == 12


def test_the_node_cap_cuts_the_walk_and_says_so() -> None:
    hub = Node(NodeKind.PERSON, "1", "Hub")
    net = explore(hub, 2, 5, lambda ring: star(hub, 10) if ring[0] is hub else [])
    assert len(net.nodes) == 5
    assert net.truncated
    assert all(e.a in {n.key for n in net.nodes} for e in net.edges)
    assert all(e.b in {n.key for n in net.nodes} for e in net.edges)


def test_a_node_reached_twice_is_one_node_with_two_edges() -> None:
    start = Node(NodeKind.PERSON, "1", "Start")
    other = Node(NodeKind.PERSON, "2", "Other")

    def around(ring: list[Node]) -> list[tuple[NodeKey, Node, str]]:
        if ring[0] is start:
            return [(start.key, Node(NodeKind.PHONE, "+661", "+661"), "phone"),
                    (start.key, Node(NodeKind.DOCUMENT, "X1", "X1"), "document")]  # fmt: skip
        return [(n.key, Node(other.kind, other.ident, other.label), n.kind.value) for n in ring]

    net = explore(start, 2, 100, around)
    assert [n.label for n in net.nodes].count("Other") == 1
    assert {e.relation for e in net.edges} == {"phone", "document"}
    assert len(net.edges) == 4


def test_the_drawing_is_deterministic_and_inside_the_picture() -> None:
    first, second = layout(chain_network(3)), layout(chain_network(3))
    assert first == second
    assert all(0 <= p.x <= first.size and 0 <= p.y <= first.size for p in first.nodes)
    positions = {(p.x, p.y) for p in first.nodes}
    assert len(positions) == len(first.nodes)  # no two nodes on one spot


def test_a_network_shorter_than_its_steps_is_drawn() -> None:
    lonely = explore(Node(NodeKind.PERSON, "1", "Alone"), 3, 10, lambda ring: [])
    drawing = layout(lonely)
    assert [(p.x, p.y) for p in drawing.nodes] == [(drawing.size / 2, drawing.size / 2)]
    assert drawing.lines == []
