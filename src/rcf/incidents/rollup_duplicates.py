"""The rollup of linked duplicates (``models.DuplicateRollup``): one row per live duplicate with
its canonical report's keys beside its own.

A duplicate counts for a caller only when the caller does not count its canonical report (see
``summary.counted_incidents``): that depends on the caller, so duplicates stay out of the
grouped rollups. Joining every duplicate to its canonical report on each request costs two
lookups per link; this table keeps the facts of both side by side, so the rule is a WHERE over
columns (``summary_rollups.RollupPicture.duplicate_where``). It is refreshed with the partitions
of both reports (``rollups.refresh``): a change to either one touches its row.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, and_, delete, insert, not_, or_, select
from sqlalchemy.orm import Session, aliased

from rcf.incidents.models import DuplicateRollup, Incident, IncidentLink

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
    from rcf.incidents.rollups import month_of, shared_with, transit_of  # they import this module

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


def refresh_owner(session: Session, owner: int, months: list[date]) -> None:
    """Recompute the rows whose duplicate or canonical report is in these partitions."""
    t = DuplicateRollup
    session.execute(
        delete(t).where(
            or_(
                and_(t.owner_member_id == owner, t.month.in_(months)),
                and_(t.canonical_owner_member_id == owner, t.canonical_month.in_(months)),
            )
        )
    )
    duplicate_in = _in_partitions(DUPLICATE, owner, months)
    canonical_in = _in_partitions(CANONICAL, owner, months)
    session.execute(insert(t).from_select(list(COLUMNS), pair_rows(session, duplicate_in)))
    session.execute(
        insert(t).from_select(list(COLUMNS), pair_rows(session, canonical_in, not_(duplicate_in)))
    )


def _in_partitions(report: Any, owner: int, months: list[date]) -> Any:
    return and_(
        report.owner_member_id == owner,
        or_(*[and_(report.occurred_on >= m, report.occurred_on < _following(m)) for m in months]),
    )


def _following(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


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
