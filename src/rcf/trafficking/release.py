"""De-identified release of trafficking cases: k-anonymity and l-diversity by local
generalisation, suppression only as a last resort.

Guarantee of the output: every combination of the quasi-identifiers (year, gender, age band,
citizenship, country of exploitation) that appears, appears at least ``k`` times, and within each
such group the exploitation type (the set of types of a case, as one value) takes at least ``l``
distinct values. Every released value is the recorded value or one of its generalisations
(``rcf.trafficking.hierarchies``).

Method (a top-down specialisation with local recoding, after Fung, Wang and Yu's TDS and
LeFevre's Mondrian): all cases start in one group with every quasi-identifier at ``*``. A group
is split on one quasi-identifier, one level down its hierarchy (``*`` -> region, region ->
sub-region, sub-region -> country...). The children that satisfy k and l become groups of their
own; the others are pooled in a *remainder* that keeps the coarser value. If the remainder
itself fails, it is suppressed when it is smaller than k and the suppression budget allows,
otherwise the smallest valid children join it until it passes (of the two, the one that keeps
more detail). Among the possible splits of a group the one that gains the most certainty wins:
the sum, over the records that move down, of the drop in their normalised certainty penalty
(NCP: the share of the recorded values a released value stands for; 0 for a recorded value, 1
for ``*``), minus what suppressed records lose. A split with only one child costs nothing and
is always taken. Groups are split breadth-first until no split is possible.

Because each group chooses its own levels, Thai cases can keep their country while cases of a
rare citizenship of the same region show only the region.

Pure and deterministic: the same cases in the same order give the same release.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from rcf.trafficking.hierarchies import QUASI_IDENTIFIERS
from rcf.trafficking.regions import ANY

NOT_SPECIFIED = "not_specified"
QI_COLUMNS = tuple(h.column for h in QUASI_IDENTIFIERS)


@dataclass(frozen=True)
class CaseRecord:
    """One case as CTDC-style variables: no names, no free text, no date finer than a year."""

    year: int
    gender: str
    age_band: str
    citizenship: str
    country_of_exploitation: str
    exploitation_types: tuple[str, ...]
    means_of_control: tuple[str, ...] = ()
    labour_sector: str = ""
    recruiter_relation: tuple[str, ...] = ()

    def quasi_identifiers(self) -> tuple[str, ...]:
        return (
            str(self.year),
            self.gender,
            self.age_band,
            self.citizenship,
            self.country_of_exploitation,
        )

    @property
    def sensitive(self) -> str:
        """The exploitation type as one value (``forced_labour|sexual_exploitation``)."""
        return "|".join(sorted(self.exploitation_types)) or NOT_SPECIFIED


@dataclass(frozen=True)
class ReleasedRow:
    source: int  # position in the input; kept in memory only, never written out
    quasi_identifiers: tuple[str, ...]
    levels: tuple[int, ...]
    record: CaseRecord


@dataclass
class Release:
    rows: list[ReleasedRow]
    suppressed: list[int]
    total: int
    k: int
    l: int  # noqa: E741 (the l of l-diversity)

    @property
    def suppressed_share(self) -> float:
        return len(self.suppressed) / self.total if self.total else 0.0

    def detail_kept(self) -> dict[str, float]:
        """Per quasi-identifier, the share of released rows that keep the recorded value."""
        if not self.rows:
            return dict.fromkeys(QI_COLUMNS, 0.0)
        return {
            column: sum(row.levels[i] == 0 for row in self.rows) / len(self.rows)
            for i, column in enumerate(QI_COLUMNS)
        }

    def level_shares(self) -> dict[str, list[float]]:
        """Per quasi-identifier, the share of released rows at each level (0 = as recorded)."""
        shares = {}
        for position, hierarchy in enumerate(QUASI_IDENTIFIERS):
            counts = [0] * (hierarchy.height + 1)
            for row in self.rows:
                counts[row.levels[position]] += 1
            shares[hierarchy.column] = [count / max(len(self.rows), 1) for count in counts]
        return shares


def release(
    records: Sequence[CaseRecord],
    *,
    k: int,
    l: int = 2,  # noqa: E741
    max_suppressed: float = 0.01,
) -> Release:
    """The k-anonymous, l-diverse release of ``records`` (see the module docstring).

    Args:
        k: the smallest size of a group of identical quasi-identifiers (2 or more).
        l: the fewest distinct exploitation types in a group (1 turns l-diversity off).
        max_suppressed: the share of records that may be suppressed to keep detail elsewhere.
    """
    if k < 2 or l < 1 or not 0.0 <= max_suppressed <= 1.0:
        raise ValueError("k must be at least 2, l at least 1, max_suppressed within 0..1.")
    table = _CellTable(records)
    partitioner = _Partitioner(table, k, l, int(max_suppressed * len(records)))
    groups = partitioner.run()
    return _assemble(records, table, groups, k, l)


# --- Cells: records with identical quasi-identifiers, counted together ---------------------------


class _CellTable:
    def __init__(self, records: Sequence[CaseRecord]) -> None:
        index: dict[tuple[str, ...], int] = {}
        sensitive_bits: dict[str, int] = {}
        self.leaves: list[tuple[str, ...]] = []
        self.counts: list[int] = []
        self.masks: list[int] = []
        self.cell_of_record: list[int] = []
        for record in records:
            key = record.quasi_identifiers()
            cell = index.get(key)
            if cell is None:
                cell = index[key] = len(self.leaves)
                self.leaves.append(key)
                self.counts.append(0)
                self.masks.append(0)
            self.counts[cell] += 1
            self.masks[cell] |= 1 << sensitive_bits.setdefault(
                record.sensitive, len(sensitive_bits)
            )
            self.cell_of_record.append(cell)
        self.chains = [self._chains(position) for position in range(len(QUASI_IDENTIFIERS))]
        self.penalties = [self._penalties(position) for position in range(len(QUASI_IDENTIFIERS))]

    def _chains(self, position: int) -> list[tuple[str, ...]]:
        """For each cell, the value of one quasi-identifier at every level."""
        hierarchy = QUASI_IDENTIFIERS[position]
        cache: dict[str, tuple[str, ...]] = {}
        chains = []
        for leaf in self.leaves:
            value = leaf[position]
            chain = cache.get(value)
            if chain is None:
                chain = cache[value] = hierarchy.chain(value)
            chains.append(chain)
        return chains

    def _penalties(self, position: int) -> dict[str, float]:
        """Normalised certainty penalty of each value of one quasi-identifier: the share of
        the recorded values it stands for (0 for a recorded value, 1 for ``*``)."""
        distinct = {chains[0]: chains for chains in self.chains[position]}
        covered: dict[str, int] = {}
        for chain in distinct.values():
            for value in set(chain[1:]):
                covered[value] = covered.get(value, 0) + 1
        spread = max(len(distinct) - 1, 1)
        penalties = {value: (count - 1) / spread for value, count in covered.items()}
        return penalties | dict.fromkeys(distinct, 0.0) | {ANY: 1.0}


@dataclass
class _Block:
    cells: list[int]
    count: int
    mask: int


@dataclass
class _Group:
    cells: list[int]
    levels: tuple[int, ...]
    frozen: frozenset[int] = frozenset()


@dataclass
class _Split:
    groups: list[_Group]
    suppressed: list[int] = field(default_factory=list)
    suppressed_count: int = 0
    gain: float = 0.0


# --- Top-down specialisation ----------------------------------------------------------------


class _Partitioner:
    def __init__(self, table: _CellTable, k: int, l: int, budget: int) -> None:  # noqa: E741
        self.table, self.k, self.l, self.budget = table, k, l, budget
        self.suppressed_cells: list[int] = []

    def run(self) -> list[_Group]:
        everything = list(range(len(self.table.leaves)))
        if not everything or not self._passes(self._block(everything)):
            self.suppressed_cells = everything
            return []
        top = tuple(h.height for h in QUASI_IDENTIFIERS)
        queue, final = deque([_Group(everything, top)]), []
        while queue:
            group = queue.popleft()
            split = self._best_split(group)
            if split is None:
                final.append(group)
                continue
            self.budget -= split.suppressed_count
            self.suppressed_cells.extend(split.suppressed)
            queue.extend(split.groups)
        return final

    def _best_split(self, group: _Group) -> _Split | None:
        best: _Split | None = None
        for position, level in enumerate(group.levels):
            if level == 0 or position in group.frozen:
                continue
            split = self._split(group, position)
            if split is None:
                continue
            if len(split.groups) == 1 and not split.suppressed:
                return split  # one child: more detail at no cost
            if best is None or _better(split, best):
                best = split
        return best

    def _split(self, group: _Group, position: int) -> _Split | None:
        level = group.levels[position] - 1
        children = self._children(group.cells, position, level)
        if len(children) == 1:
            return _Split([_lowered(group, group.cells, position)])
        valid = sorted((b for b in children if self._passes(b)), key=lambda b: b.count)
        pooled = [cell for block in children if not self._passes(block) for cell in block.cells]
        remainder = self._block(pooled)
        if not remainder.cells or self._passes(remainder):
            return self._as_split(group, position, valid, remainder, [])
        options = [self._merged(group, position, valid, remainder)]
        if remainder.count < self.k and remainder.count <= self.budget:
            options.append(self._as_split(group, position, valid, _Block([], 0, 0), pooled))
        possible = [option for option in options if option is not None]
        return max(possible, key=lambda option: option.gain, default=None)

    def _merged(
        self, group: _Group, position: int, valid: list[_Block], remainder: _Block
    ) -> _Split | None:
        """The smallest valid children join the failing remainder until it passes."""
        valid = list(valid)
        while valid and not self._passes(remainder):
            remainder = self._merge(remainder, valid.pop(0))
        return self._as_split(group, position, valid, remainder, [])

    def _as_split(
        self,
        group: _Group,
        position: int,
        valid: list[_Block],
        remainder: _Block,
        suppressed: list[int],
    ) -> _Split | None:
        if not valid:
            return None
        groups = [_lowered(group, block.cells, position) for block in valid]
        if remainder.cells:
            groups.append(_Group(remainder.cells, group.levels, group.frozen | {position}))
        lost = sum(self.table.counts[cell] for cell in suppressed)
        gain = self._gain(group, position, valid) - lost * self._remaining(group)
        return _Split(groups, suppressed, lost, gain)

    def _gain(self, group: _Group, position: int, valid: list[_Block]) -> float:
        """Certainty gained by the records that move one level down."""
        chains, penalties = self.table.chains[position], self.table.penalties[position]
        level = group.levels[position]
        before = penalties[chains[group.cells[0]][level]]
        return sum(
            block.count * (before - penalties[chains[block.cells[0]][level - 1]]) for block in valid
        )

    def _remaining(self, group: _Group) -> float:
        """What one record of the group still tells (lost if it is suppressed)."""
        first = group.cells[0]
        return sum(
            1.0 - self.table.penalties[p][self.table.chains[p][first][level]]
            for p, level in enumerate(group.levels)
        )

    def _children(self, cells: list[int], position: int, level: int) -> list[_Block]:
        chains = self.table.chains[position]
        by_value: dict[str, list[int]] = {}
        for cell in cells:
            value = chains[cell][level]
            members = by_value.get(value)
            if members is None:
                by_value[value] = [cell]
            else:
                members.append(cell)
        return [self._block(members) for members in by_value.values()]

    def _block(self, cells: list[int]) -> _Block:
        counts, masks = self.table.counts, self.table.masks
        mask = 0
        for cell in cells:
            mask |= masks[cell]
        return _Block(cells, sum(counts[cell] for cell in cells), mask)

    def _merge(self, one: _Block, other: _Block) -> _Block:
        return _Block(one.cells + other.cells, one.count + other.count, one.mask | other.mask)

    def _passes(self, block: _Block) -> bool:
        return block.count >= self.k and block.mask.bit_count() >= self.l


def _lowered(group: _Group, cells: list[int], position: int) -> _Group:
    levels = list(group.levels)
    levels[position] -= 1
    return _Group(cells, tuple(levels), group.frozen)


def _better(split: _Split, best: _Split) -> bool:
    # More certainty gained first; at equal gain, fewer records suppressed.
    if not math.isclose(split.gain, best.gain):
        return split.gain > best.gain
    return split.suppressed_count < best.suppressed_count


# --- Output --------------------------------------------------------------------------------------


def _assemble(
    records: Sequence[CaseRecord],
    table: _CellTable,
    groups: list[_Group],
    k: int,
    l: int,  # noqa: E741
) -> Release:
    released_as: dict[int, tuple[tuple[str, ...], tuple[int, ...]]] = {}
    for group in groups:
        first = group.cells[0]
        values = tuple(
            table.chains[position][first][level] for position, level in enumerate(group.levels)
        )
        for cell in group.cells:
            released_as[cell] = (values, group.levels)
    rows, suppressed = [], []
    for source, record in enumerate(records):
        found = released_as.get(table.cell_of_record[source])
        if found is None:
            suppressed.append(source)
        else:
            rows.append(ReleasedRow(source, found[0], found[1], record))
    return Release(rows, suppressed, len(records), k, l)


def suppression_only(records: Sequence[CaseRecord], *, k: int, l: int = 1) -> int:  # noqa: E741
    """Baseline: records dropped by plain k-anonymisation (groups of identical recorded
    quasi-identifiers smaller than k, or with fewer than l exploitation types, are dropped)."""
    table = _CellTable(records)
    return sum(
        count
        for count, mask in zip(table.counts, table.masks, strict=True)
        if count < k or mask.bit_count() < l
    )
