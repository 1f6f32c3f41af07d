"""Link incident reports across members: reports of the same boat get the same cluster id.

The same steps as persons (``persons``): each source's date order inferred from its own dates,
reports normalised (``event_fields``: gazetteer places, vessel names without type prefixes),
blocked on date windows, vessel names and places, scored by a Fellegi-Sunter model and clustered
without chaining across plainly different vessel names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from rcf.linkage.clustering import cluster
from rcf.linkage.event_fields import (
    EVENT_COMPARISONS,
    Event,
    compare_events,
    prepare_event,
    vessels_conflict,
)
from rcf.linkage.linking import link_records
from rcf.linkage.names import skeleton
from rcf.linkage.persons import source_date_orders

# Reports this many days apart or closer always share a date key.
DATE_WINDOW = 7


def link_events(rows: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """``report_id -> cluster_id`` for every row (rows as read from E.csv)."""
    # In id order, so the sample of random pairs and the ties do not depend on the row order.
    events = prepare_events(sorted(rows, key=lambda row: row["report_id"]))
    linked = link_records(
        events,
        keys=(blocking_keys(e) for e in events),
        compare=compare_events,
        comparisons=EVENT_COMPARISONS,
    )
    return cluster(
        [e.report_id for e in events],
        linked.links,
        probability=linked.probability,
        cannot_link=lambda i, j: vessels_conflict(events[i], events[j]),
    )


def prepare_events(rows: Sequence[Mapping[str, str]]) -> list[Event]:
    """Normalised reports, each date parsed with its source's inferred order."""
    orders = source_date_orders(rows, "event_date")
    return [prepare_event(row, orders[row.get("source_state", "")]) for row in rows]


def blocking_keys(event: Event) -> list[str]:
    """Date windows (reports up to ``DATE_WINDOW`` days apart share one), the vessel's
    phonetic name with the year, and the place with the month."""
    keys = []
    for day in event.day:
        bucket = day // DATE_WINDOW
        keys += [f"w:{bucket}", f"w:{bucket + 1}"]
    years = {date.fromordinal(day).year for day in event.day} or {0}
    sound = " ".join(skeleton(word) for word in event.vessel.split())
    if sound:
        keys += [f"v:{sound}:{year}" for year in years]
    if event.place:
        months = {day // 30 for day in event.day} or {0}
        keys += [f"p:{event.place}:{month}" for month in months]
    return keys
