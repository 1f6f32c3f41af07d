"""The rollups of an import's new reports, added by SQL once they are written (``import_writing``).

Recomputing the partitions an import touched costs far more than the import itself once a file
spans many months (every report of the member in those months is aggregated again). A new
report, though, is live and is nobody's linked duplicate yet, so it only *adds* to its groups:
the groups of the new reports alone are computed by the database (the very queries of
``rollups``, restricted to the new reports) and inserted as extra rollup rows (a group may have
several rows; summaries and ``rollups.check`` add them up). Summing them in Python, row by row,
cost the import more than writing the reports. Reports the import amends go through the
service, whose partitions are recomputed at the commit, after these rows are in: they are then
part of the recomputation. On PostgreSQL the rows are added under the lock of rollup refreshes,
held to the commit, so that a concurrent refresh cannot both count the new reports and keep
these rows.

What this module needs of ``rollups`` (its interface for imports): ``lock``, the day and month
rollups ``DAYS`` and ``FINE`` (table, columns, groups(session, *where)), the totals ``TOTALS``
(table, keys, measure), and the group queries ``citizenship_groups`` and ``fee_groups``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from rcf.incidents import rollups
from rcf.incidents.models import Incident

# A total's groups of some reports (``Total.expected`` covers every report, without a filter).
TOTAL_GROUPS = {
    rollups.TOTALS[0].table: lambda session, *where: rollups.citizenship_groups(
        session, *where, keys=rollups.KEY_COLUMNS
    ),
    rollups.TOTALS[1].table: lambda session, *where: rollups.fee_groups(
        session, *where, keys=rollups.ROUTE_FEE_KEYS
    ),
}


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
    for rollup in (*rollups.DAYS, *rollups.FINE):
        rows = rollup.groups(session, *new)
        session.execute(insert(rollup.table).from_select(list(rollup.columns), rows))
    for total in rollups.TOTALS:
        rows = TOTAL_GROUPS[total.table](session, *new)
        session.execute(insert(total.table).from_select([*total.keys, total.measure], rows))
