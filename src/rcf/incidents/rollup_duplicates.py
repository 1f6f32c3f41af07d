"""The rollup of linked duplicates (``models.DuplicateRollup``): one row per live duplicate with
its canonical report's keys beside its own.

A duplicate counts for a caller only when the caller does not count its canonical report (see
``summary.counted_incidents``): that depends on the caller, so duplicates stay out of the
grouped rollups. Joining every duplicate to its canonical report on each request costs two
lookups per link; this table keeps the facts of both side by side, so the rule is a WHERE over
columns (``summary_rollups.RollupPicture.duplicate_where``). A write to either report of a link
recomputes its row (``refresh``, from ``rollups.apply``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import Select, Table, delete, insert, or_, select
from sqlalchemy.orm import Session, aliased

from rcf.incidents.models import Incident, IncidentLink
from rcf.incidents.rollup_groups import IDS, month_of, prepared, shared_with, transit_of
from rcf.incidents.rollup_models import DuplicateRollup

IN_CHUNK = 500
DUPLICATE = aliased(Incident, name="duplicate")
CANONICAL = aliased(Incident, name="canonical")
COLUMNS = (
    "owner_member_id", "visibility", "shared_with", "duplicate_id", "occurred_on", "month",
    "kind", "country", "origin_country", "transit", "destination_country", "persons", "deaths",
    "missing", "fee_usd", "canonical_owner_member_id", "canonical_visibility",
    "canonical_shared_with", "canonical_occurred_on", "canonical_month", "canonical_kind",
    "canonical_country", "canonical_live",
)  # fmt: skip


def pair_rows(session: Session, *where: Any) -> Select[Any]:
    """The rows of ``DuplicateRollup`` (in ``COLUMNS`` order) for the links matching ``where``."""
    d, c = DUPLICATE, CANONICAL
    return (
        select(
            d.owner_member_id,
            d.visibility,
            shared_with(session, d),
            d.id,
            d.occurred_on,
            month_of(session, d),
            d.kind,
            d.country,
            d.origin_country,
            transit_of(d),
            d.destination_country,
            d.persons_total,
            d.deaths,
            d.missing,
            d.fee_usd_per_person,
            c.owner_member_id,
            c.visibility,
            shared_with(session, c),
            c.occurred_on,
            month_of(session, c),
            c.kind,
            c.country,
            c.withdrawn_at.is_(None),
        )
        .join_from(IncidentLink, d, d.id == IncidentLink.duplicate_id)
        .join(c, c.id == IncidentLink.canonical_id)
        .where(d.withdrawn_at.is_(None), *where)
    )


def refresh(session: Session, ids: Sequence[int]) -> None:
    """Recompute the rows of the links whose duplicate or canonical report is one of ``ids``,
    and drop those of the unlinked ``ids``."""
    t = cast(Table, DuplicateRollup.__table__)
    touched = or_(IncidentLink.duplicate_id.in_(IDS), IncidentLink.canonical_id.in_(IDS))
    linked = select(IncidentLink.duplicate_id).where(touched)
    drop = prepared(
        session,
        "drop duplicates",
        lambda: delete(t).where(or_(t.c.duplicate_id.in_(IDS), t.c.duplicate_id.in_(linked))),
    )
    add = prepared(
        session,
        "add duplicates",
        lambda: insert(t).from_select(list(COLUMNS), pair_rows(session, touched)),
    )
    connection = session.connection()
    for start in range(0, len(ids), IN_CHUNK):
        chunk = {"ids": ids[start : start + IN_CHUNK]}
        connection.execute(drop, chunk)
        connection.execute(add, chunk)


def refresh_bulk(session: Session, bulk: Callable[[Any], Any]) -> None:
    """Recompute the rows of the links whose duplicate or canonical report was bulk-inserted
    (``bulk(report)`` tells which)."""
    t = DuplicateRollup
    new = or_(bulk(DUPLICATE), bulk(CANONICAL))
    linked = (
        select(IncidentLink.duplicate_id)
        .join_from(IncidentLink, DUPLICATE, DUPLICATE.id == IncidentLink.duplicate_id)
        .join(CANONICAL, CANONICAL.id == IncidentLink.canonical_id)
        .where(new)
    )
    session.execute(delete(t).where(t.duplicate_id.in_(linked)))
    session.execute(insert(t).from_select(list(COLUMNS), pair_rows(session, new)))


def rebuild(session: Session) -> None:
    session.execute(delete(DuplicateRollup))
    session.execute(insert(DuplicateRollup).from_select(list(COLUMNS), pair_rows(session)))


def differences(session: Session) -> int:
    """How many rows differ between the table and a fresh computation."""
    stored = select(*[getattr(DuplicateRollup, name) for name in COLUMNS])
    a = sorted(map(_normal, session.execute(stored)))
    b = sorted(map(_normal, session.execute(pair_rows(session))))
    return 0 if a == b else len(set(a) ^ set(b)) or abs(len(a) - len(b))


def _normal(row: Any) -> tuple[str, ...]:
    """A row as comparable text (share lists sorted; booleans as read from either driver)."""
    values = dict(zip(COLUMNS, row, strict=True))
    for name in ("shared_with", "canonical_shared_with"):
        values[name] = ",".join(sorted((values[name] or "").strip(",").split(",")))
    values["canonical_live"] = bool(values["canonical_live"])
    return tuple(str(getattr(v, "value", v)) for v in values.values())
