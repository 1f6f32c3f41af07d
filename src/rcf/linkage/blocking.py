"""Candidate pairs from blocking keys: only records that share a key are ever compared."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

# A key shared by more records than this says little (a common name alone, one nationality and
# year): it is skipped, and the records still meet through their other, sharper keys.
MAX_BLOCK = 400


def candidate_pairs(
    keys: Sequence[Iterable[str]],
    *,
    max_block: int = MAX_BLOCK,
    limits: Mapping[str, int] | None = None,
) -> list[tuple[int, int]]:
    """Sorted distinct index pairs ``(i, j)``, ``i < j``, of records sharing at least one key;
    ``limits`` caps blocks of the keys starting with a prefix (``{"t:": 50}``) more tightly."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, record_keys in enumerate(keys):
        for key in set(record_keys):
            if key:
                blocks[key].append(index)
    pairs: set[tuple[int, int]] = set()
    for key, members in blocks.items():
        limit = next(
            (n for prefix, n in (limits or {}).items() if key.startswith(prefix)), max_block
        )
        if 1 < len(members) <= limit:
            pairs.update(combinations(members, 2))
    return sorted(pairs)


def deletion_keys(text: str, prefix: str) -> list[str]:
    """The value and every one-character deletion of it, so values one edit apart share a key.

    Examples:
        >>> deletion_keys("AB1", "d:")
        ['d:AB1', 'd:B1', 'd:A1', 'd:AB']
    """
    if not text:
        return []
    return [prefix + text] + [prefix + text[:i] + text[i + 1 :] for i in range(len(text))]
