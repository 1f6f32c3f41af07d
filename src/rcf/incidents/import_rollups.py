"""The rollups of an import's new reports, added by SQL once they are written (``import_writing``).

Recomputing the partitions an import touched costs far more than the import itself once a file
spans many months (every report of the member in those months is aggregated again). A new
report, though, is live and is nobody's linked duplicate yet, so it only *adds* to its groups:
the day groups of the new reports alone are computed by the database (the very queries of
``rollups``, restricted to the new reports) and inserted as extra rollup rows (a group may have
several rows; summaries and ``rollups.check`` add them up); their month groups and totals are
summed from those extra rows, as ``rollups`` refreshes a month from its days. Summing them in
Python, report by report, cost the import more than writing the reports. Reports the import
amends go through the service, whose partitions are recomputed at the commit, after these rows
are in: they are then part of the recomputation. The rows are added under the lock of rollup
refreshes, held to the commit (PostgreSQL), so that a concurrent refresh cannot both count the
new reports and keep these rows, and no other rollup row is inserted meanwhile: the rows added
here are those above the largest id before.

What this module uses of ``rollups`` (its interface for imports): ``lock``, ``MONTHLY`` (each
day rollup's table, columns and ``groups(session, *where)``, and its month rollup's
``from_days``) and ``TOTALS`` (table, source, keys, measure, ``from_source``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from rcf.incidents import rollups
from rcf.incidents.models import Incident


def add_new_reports(session: Session, owner: int, first_id: int, last_id: int, now: Any) -> None:
    """Add to every rollup the groups of the reports this import created: the owner's, with ids
    from ``first_id`` to ``last_id`` and created at ``now`` (the import's time: on PostgreSQL
    another transaction may have committed ids in that range)."""
    rollups.lock(session)
    new = (
        Incident.owner_member_id == owner,
        Incident.id.between(first_id, last_id),
        Incident.created_at == now,
    )
    added: dict[Any, int] = {}  # month rollup table -> its largest id before
    for daily, monthly in rollups.MONTHLY:
        days, months = daily.table, monthly.table
        before = _largest_id(session, days)
        session.execute(insert(days).from_select(list(daily.columns), daily.groups(session, *new)))
        added[months] = _largest_id(session, months)
        rows = monthly.from_days(daily, days.id > before)
        session.execute(insert(months).from_select(list(monthly.columns), rows))
    for total in rollups.TOTALS:
        rows = total.from_source(total.source.id > added[total.source])
        session.execute(insert(total.table).from_select([*total.keys, total.measure], rows))


def _largest_id(session: Session, table: Any) -> int:
    return session.scalar(select(func.max(table.id))) or 0
