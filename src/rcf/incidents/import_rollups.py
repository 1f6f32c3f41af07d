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
KEY = ("owner_member_id", "visibility", "shared_with")
ROUTE = ("origin_country", "transit", "destination_country")
MEASURES = ("events", "persons", "deaths", "missing")
# Table -> its columns; the day tables' keys hold the day right after the month.
DAY_TABLES = {
    "incident_day_rollups": (*KEY, "month", "day", "kind", "country", *ROUTE, *MEASURES),
    "incident_day_citizenship_rollups": (
        *KEY, "month", "day", "kind", "country", "citizenship", "persons",
    ),
    "incident_day_fee_rollups": (*KEY, "month", "day", *ROUTE, "fee_usd", "reports"),
}  # fmt: skip
MONTH_TABLES = {
    "incident_rollups": (*KEY, "month", "kind", "country", *ROUTE, *MEASURES),
    "incident_citizenship_rollups": (*KEY, "month", "kind", "country", "citizenship", "persons"),
    "incident_fee_rollups": (*KEY, "month", *ROUTE, "fee_usd", "reports"),
}
CITIZENSHIP_TOTALS = ("incident_citizenship_totals", (*KEY, "citizenship", "persons"))
ROUTE_FEE_TOTALS = ("incident_route_fee_rollups", (*KEY, *ROUTE, "fee_usd", "reports"))

Insert = Callable[[Connection, str, Sequence[str], list[tuple[Any, ...]]], None]
Sums = defaultdict[tuple[Any, ...], list[int]]


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
    """The groups of the new reports of one owner, per day, summed batch by batch; the month
    groups and the totals are summed from them when written."""

    def __init__(self, owner: int, members: dict[str, int]) -> None:
        self.owner, self.members = owner, members
        self.main: Sums = defaultdict(lambda: [0, 0, 0, 0])
        self.citizenship: Sums = defaultdict(lambda: [0])
        self.fees: Sums = defaultdict(lambda: [0])

    def add(self, batch: Sequence[CheckedReport]) -> None:
        main, citizenship, fees = self.main, self.citizenship, self.fees
        for item in batch:
            values = item.incident
            visibility, day = values[VISIBILITY], values[OCCURRED_ON]
            shared = shares_key(visibility, item.shared_with, self.members, self.owner)
            transit = values[TRANSIT]
            route = (values[ORIGIN], "[]" if transit is None else transit, values[DESTINATION])
            when = (visibility, shared, month_of(day), day)
            place = (*when, values[KIND], values[COUNTRY])
            sums = main[(*place, *route)]
            sums[0] += 1
            sums[1] += values[PERSONS]
            sums[2] += values[DEATHS]
            sums[3] += values[MISSING]
            for group in item.persons:
                citizenship[(*place, group[0])][0] += group[3]
            if values[FEE] is not None:
                fees[(*when, *route, values[FEE])][0] += 1

    def write(self, connection: Connection, insert: Insert) -> None:
        """Insert the summed groups (the caller holds the lock of rollup refreshes)."""
        by_day = dict(zip(DAY_TABLES, (self.main, self.citizenship, self.fees), strict=True))
        for table, sums in by_day.items():
            _insert(connection, insert, table, DAY_TABLES[table], self._rows(sums))
        for table, sums in zip(MONTH_TABLES, by_day.values(), strict=True):
            months = _summed(sums, lambda key: key[:3] + key[4:])
            _insert(connection, insert, table, MONTH_TABLES[table], self._rows(months))
        for (table, columns), sums, keep in (
            (CITIZENSHIP_TOTALS, self.citizenship, lambda key: (*key[:2], key[-1])),
            (ROUTE_FEE_TOTALS, self.fees, lambda key: (*key[:2], *key[4:])),
        ):
            _insert(connection, insert, table, columns, self._rows(_summed(sums, keep)))

    def _rows(self, sums: Sums) -> list[tuple[Any, ...]]:
        return [(self.owner, *key, *values) for key, values in sums.items()]


def _summed(sums: Sums, key_of: Callable[[tuple[Any, ...]], tuple[Any, ...]]) -> Sums:
    """The groups of ``sums`` merged by a shorter key."""
    merged: Sums = defaultdict(lambda: [0] * len(next(iter(sums.values()))))
    for key, values in sums.items():
        found = merged[key_of(key)]
        for index, value in enumerate(values):
            found[index] += value
    return merged


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
