"""The rollups of an import's new reports, summed as they are written (``import_writing``).

Recomputing the partitions an import touched costs far more than the import itself once a file
spans many months (every report of the member in those months is aggregated again, with a
lookup of its shares and links each). A new report, though, is live and is nobody's linked
duplicate yet, so it only *adds* to its groups: the groups of the new reports are summed here
from the very values written, and inserted as extra rollup rows (a group may have several rows;
summaries and ``rollups.check`` add them up). Reports the import amends go through the service,
whose partitions are recomputed at the commit, after these rows are in: they are then part of
the recomputation. On PostgreSQL the rows are added under the lock of rollup refreshes, held to
the commit, so that a concurrent refresh cannot both count the new reports and keep these rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection

from rcf.incidents.import_rows import ROW_COLUMNS, CheckedReport

AT = {name: ROW_COLUMNS.index(name) for name in ROW_COLUMNS}
MAIN_COLUMNS = (
    "owner_member_id", "visibility", "shared_with", "month", "kind", "country",
    "origin_country", "transit", "destination_country", "events", "persons", "deaths", "missing",
)  # fmt: skip
CITIZENSHIP_COLUMNS = (
    "owner_member_id", "visibility", "shared_with", "month", "kind", "country", "citizenship",
    "persons",
)  # fmt: skip
FEE_COLUMNS = (
    "owner_member_id", "visibility", "shared_with", "month", "origin_country", "transit",
    "destination_country", "fee_usd", "reports",
)  # fmt: skip
CITIZENSHIP_TOTAL_COLUMNS = (
    "owner_member_id",
    "visibility",
    "shared_with",
    "citizenship",
    "persons",
)
ROUTE_FEE_COLUMNS = (
    "owner_member_id", "visibility", "shared_with", "origin_country", "transit",
    "destination_country", "fee_usd", "reports",
)  # fmt: skip

Insert = Callable[[Connection, str, Sequence[str], list[tuple[Any, ...]]], None]


def month_of(day: Any) -> Any:
    """The first day of the month of a date as the driver received it (SQLite: ISO text)."""
    return day[:8] + "01" if isinstance(day, str) else date(day.year, day.month, 1)


def shares_key(
    visibility: str, shared_with: Sequence[str], members: dict[str, int], owner: int
) -> str:
    """``rollups.shared_with`` of a new report: ",3,7," (the members it was shared with, the
    owner left out as ``import_writing`` leaves it out, in member order)."""
    if visibility != "members":
        return ""
    ids = sorted({members[code] for code in shared_with} - {owner})
    return "," + ",".join(map(str, ids)) + ","


class NewRollups:
    """The groups of the new reports of one owner, summed batch by batch."""

    def __init__(self, owner: int, members: dict[str, int]) -> None:
        self.owner, self.members = owner, members
        self.main: defaultdict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        self.citizenship: defaultdict[tuple[Any, ...], int] = defaultdict(int)
        self.fees: defaultdict[tuple[Any, ...], int] = defaultdict(int)

    def add(self, batch: Sequence[CheckedReport]) -> None:
        main, citizenship, fees = self.main, self.citizenship, self.fees
        for item in batch:
            values = item.incident
            visibility = values[VISIBILITY]
            shared = shares_key(visibility, item.shared_with, self.members, self.owner)
            month = month_of(values[OCCURRED_ON])
            transit = values[TRANSIT]
            route = (values[ORIGIN], "[]" if transit is None else transit, values[DESTINATION])
            place = (visibility, shared, month, values[KIND], values[COUNTRY])
            sums = main[(*place, *route)]
            sums[0] += 1
            sums[1] += values[PERSONS]
            sums[2] += values[DEATHS]
            sums[3] += values[MISSING]
            for group in item.persons:
                citizenship[(*place, group[0])] += group[3]
            if values[FEE] is not None:
                fees[(visibility, shared, month, *route, values[FEE])] += 1

    def write(self, connection: Connection, insert: Insert) -> None:
        """Insert the summed groups (the caller holds the lock of rollup refreshes)."""
        owner = self.owner
        rows = [(owner, *key, *sums) for key, sums in self.main.items()]
        _insert(connection, insert, "incident_rollups", MAIN_COLUMNS, rows)
        rows = [(owner, *key, persons) for key, persons in self.citizenship.items()]
        _insert(connection, insert, "incident_citizenship_rollups", CITIZENSHIP_COLUMNS, rows)
        rows = [(owner, *key, count) for key, count in self.fees.items()]
        _insert(connection, insert, "incident_fee_rollups", FEE_COLUMNS, rows)
        totals: defaultdict[tuple[Any, ...], int] = defaultdict(int)
        for (visibility, shared, *_, citizenship), persons in self.citizenship.items():
            totals[(visibility, shared, citizenship)] += persons
        rows = [(owner, *key, persons) for key, persons in totals.items()]
        _insert(connection, insert, "incident_citizenship_totals", CITIZENSHIP_TOTAL_COLUMNS, rows)
        totals = defaultdict(int)
        for (visibility, shared, _, *route_fee), count in self.fees.items():
            totals[(visibility, shared, *route_fee)] += count
        rows = [(owner, *key, count) for key, count in totals.items()]
        _insert(connection, insert, "incident_route_fee_rollups", ROUTE_FEE_COLUMNS, rows)


def _insert(
    connection: Connection, insert: Insert, table: str, columns: Sequence[str], rows: list[Any]
) -> None:
    if rows:
        insert(connection, table, columns, rows)


VISIBILITY, OCCURRED_ON, KIND, COUNTRY = (
    AT["visibility"],
    AT["occurred_on"],
    AT["kind"],
    AT["country"],
)
ORIGIN, TRANSIT, DESTINATION = (
    AT["origin_country"],
    AT["transit_countries"],
    AT["destination_country"],
)
PERSONS, DEATHS, MISSING, FEE = (
    AT["persons_total"],
    AT["deaths"],
    AT["missing"],
    AT["fee_usd_per_person"],
)
