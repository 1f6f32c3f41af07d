"""Clusters from scored pairs, guarded against chaining.

Connected components of the links above the threshold would let A~B and B~C put A with C even
when A and C plainly differ. Inside each component records are therefore merged strongest link
first, and two groups merge only when no pair across them contradicts (``cannot_link``, such as
two different passport numbers of one issuing state) and their pairs agree on average (mean
match probability across the pairs of the two groups, scored on demand; an evenly spread,
deterministic sample of ``AVERAGE_SAMPLE`` pairs when there are more, so a component of a
thousand namesakes costs no more than a small one) or, where the caller can tell, no pair
across them holds a field that disagrees (``silent``: a pair that lacks the fields to agree on
is no evidence against the merge, as one with a different birthplace is). A cluster is named
by its smallest record id, so the same input gives the same ids whatever the row order.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

# Mean match probability two groups need across all their pairs to merge.
AVERAGE_LINK = 0.5
# Pairs across two groups scored for their mean, at most.
AVERAGE_SAMPLE = 32

# A lone record joins its best cluster when that one's odds pass all other agreeing clusters'
# together plus 1 : ATTACH_MARGIN, the weight of a person not otherwise in the file
# (``attach_unambiguous``).
ATTACH_MARGIN = 8.0

PairScore = Callable[[int, int], float]
CannotLink = Callable[[int, int], bool]
# Pairs nothing speaks against: every field they both hold agrees, at least weakly.
NoDisagreement = Callable[[int, int], bool]


def cluster(
    ids: Sequence[str],
    links: Mapping[tuple[int, int], float],
    *,
    probability: PairScore,
    cannot_link: CannotLink,
    silent: NoDisagreement | None = None,
) -> dict[str, str]:
    """``record id -> cluster id`` for every record; ``links`` maps ``(i, j)`` to the match
    probability of the pairs above the threshold, ``probability`` scores any other pair;
    groups whose pairs are all ``silent`` merge whatever their mean probability."""
    components = _components(len(ids), links)
    component_of = {index: n for n, members in enumerate(components) for index in members}
    edges: dict[int, list[tuple[float, int, int]]] = {}
    for (i, j), p in links.items():
        edges.setdefault(component_of[i], []).append((p, i, j))
    cluster_of = list(range(len(ids)))
    for n, members in enumerate(components):
        if len(members) > 1:
            for group in _guarded_groups(
                members, edges[n], Guard(probability, cannot_link, silent)
            ):
                for index in group:
                    cluster_of[index] = group[0]
    return _named(ids, cluster_of)


def _components(count: int, links: Mapping[tuple[int, int], float]) -> list[list[int]]:
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in links:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for index in range(count):
        groups.setdefault(root(index), []).append(index)
    return list(groups.values())


@dataclass(frozen=True)
class Guard:
    """What two groups of records must pass to merge (``_may_merge``)."""

    probability: PairScore
    cannot_link: CannotLink
    silent: NoDisagreement | None = None


def _guarded_groups(
    members: list[int], edges: list[tuple[float, int, int]], guard: Guard
) -> list[list[int]]:
    group_of = {index: [index] for index in members}
    for _, i, j in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
        first, second = group_of[i], group_of[j]
        if first is second or not _may_merge(first, second, guard):
            continue
        merged = sorted(first + second)
        for index in merged:
            group_of[index] = merged
    unique = {id(group): group for group in group_of.values()}
    return sorted(unique.values())


def _may_merge(first: list[int], second: list[int], guard: Guard) -> bool:
    pairs = [(min(a, b), max(a, b)) for a in first for b in second]
    if any(guard.cannot_link(a, b) for a, b in pairs):
        return False
    if len(pairs) == 1:
        return True
    step = max(1, len(pairs) // AVERAGE_SAMPLE)
    sample = pairs[::step]
    if sum(guard.probability(a, b) for a, b in sample) / len(sample) >= AVERAGE_LINK:
        return True
    # Records that each hold part of a person's fields (a birth date here, a passport and a
    # birthplace there) score low in pairs for want of fields in common, not for any field
    # that differs: the link that brought the groups here is evidence enough.
    silent = guard.silent
    return silent is not None and all(silent(a, b) for a, b in pairs)


def _named(ids: Sequence[str], cluster_of: list[int]) -> dict[str, str]:
    smallest: dict[int, str] = {}
    for index, root in enumerate(cluster_of):
        if root not in smallest or ids[index] < smallest[root]:
            smallest[root] = ids[index]
    return {ids[index]: smallest[root] for index, root in enumerate(cluster_of)}


def attach_unambiguous(
    ids: Sequence[str],
    clusters: Mapping[str, str],
    candidates: Sequence[Sequence[int]],
    *,
    lone: Callable[[int], bool],
    strength: Callable[[int, int], float | None],
) -> dict[str, str]:
    """Attach each cluster of ``lone`` records only (too sparse to score above the threshold)
    to the cluster its records agree with best, when that cluster's odds pass those of all
    other agreeing clusters together plus 1 : ``ATTACH_MARGIN`` (its share of the odds, a
    person not yet in the file counted at 1 : ``ATTACH_MARGIN``, is at least a half): with
    two namesakes alike it stays alone, as no evidence tells them apart, and so it does with
    one namesake of a common name. Another cluster of sparse records that agrees with
    the best cluster too does not compete: two sightings of one person (a name and a
    nationality, a name and a gender) would otherwise hold each other back, and nothing says
    they are of another person. ``strength`` is a pair's match probability, None when a
    field both records hold disagrees."""
    of = [clusters[record] for record in ids]
    members: dict[str, list[int]] = {}
    for index, name in enumerate(of):
        members.setdefault(name, []).append(index)
    merged = {name: name for name in members}
    sparse = {name for name, group in members.items() if all(lone(index) for index in group)}
    for name in sorted(sparse):  # in id order: a sparse cluster may join another
        target = _clear_best(members[name], candidates, of, strength, sparse)
        if target is not None:
            first, second = sorted((_root(merged, name), _root(merged, target)))
            merged[second] = first  # named by the smallest id, as every cluster is
    return {record: _root(merged, name) for record, name in zip(ids, of, strict=True)}


def _root(merged: Mapping[str, str], name: str) -> str:
    while merged[name] != name:
        name = merged[name]
    return name


def _clear_best(
    group: Sequence[int],
    candidates: Sequence[Sequence[int]],
    of: Sequence[str],
    strength: Callable[[int, int], float | None],
    sparse: Collection[str],
) -> str | None:
    best: dict[str, float] = {}
    member: dict[str, int] = {}
    for index in group:
        for j in candidates[index]:
            p = strength(index, j) if of[j] != of[index] else None
            if p is not None:
                odds = p / max(1e-12, 1.0 - p)
                best[of[j]] = max(odds, best.get(of[j], 0.0))
                member.setdefault(of[j], j)
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    if ranked:  # sightings that fit the best cluster as well are no other person
        top = member[ranked[0][0]]
        ranked = ranked[:1] + [
            (name, odds)
            for name, odds in ranked[1:]
            if name not in sparse or strength(member[name], top) is None
        ]
    # The best must outweigh every other agreeing cluster together and a person not
    # otherwise in the file (odds 1 : ATTACH_MARGIN): a common name's only agreeing cluster
    # at odds below that is likelier a namesake's, and so is one of several alike.
    others = sum(odds for _, odds in ranked[1:])
    if not ranked or ranked[0][1] < others + 1.0 / ATTACH_MARGIN:
        return None
    return ranked[0][0]
