"""Checking the rollups against a fresh computation over the reports (``rcf incidents rollups
check``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import not_, select
from sqlalchemy.orm import Session

from rcf.access.policy import Visibility
from rcf.incidents import rollup_duplicates
from rcf.incidents.rollup_groups import DAYS, FINE, TOTALS, in_tail
from rcf.incidents.rollup_models import DuplicateRollup


def check(session: Session) -> dict[str, int]:
    """How many groups differ from a fresh computation over the reports outside the tail, per
    rollup table (empty when every rollup is exact)."""
    held = not_(in_tail())
    expected = [(r.table, r.columns, r.groups(session, held), r.measures) for r in (*FINE, *DAYS)]
    expected += [(t.table, (*t.keys, t.measure), t.expected(session, held), 1) for t in TOTALS]
    wrong = {}
    for table, columns, computed, width in expected:
        stored = select(*[getattr(table, name) for name in columns])
        a = _totals(session.execute(stored), width)
        b = _totals(session.execute(computed), width)
        if a != b:
            wrong[table.__tablename__] = len(set(a.items()) ^ set(b.items()))
    if differing := rollup_duplicates.differences(session):
        wrong[DuplicateRollup.__tablename__] = differing
    return wrong


def _totals(rows: Iterable[Sequence[Any]], width: int) -> dict[tuple[Any, ...], tuple[int, ...]]:
    """Measures summed per key, the key normalised (share lists sorted, months as dates), so
    that groups split differently but adding up the same compare equal."""
    totals: dict[tuple[Any, ...], list[int]] = {}
    for row in rows:
        values = list(row)
        key = tuple(_normal(i, v) for i, v in enumerate(values[:-width]))
        found = totals.setdefault(key, [0] * width)
        for i, value in enumerate(values[-width:]):
            found[i] += int(value or 0)
    return {k: tuple(v) for k, v in totals.items() if any(v)}


def _normal(position: int, value: Any) -> Any:
    if position == 2 and value:  # shared_with
        return ",".join(sorted(value.strip(",").split(",")))
    if isinstance(value, Visibility):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value
