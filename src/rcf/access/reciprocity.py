"""Reciprocity: a member sees other members' regional records of a capability only while it
contributes regional records of that capability itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from rcf.access.actor import Actor
from rcf.access.shared_records import SharedRecord, Visibility
from rcf.db import UTCDateTime, utcnow


@dataclass(frozen=True)
class Reciprocity:
    """The reciprocity rule in force (from settings)."""

    min_records: int = 1
    window_days: int = 365


def meets_reciprocity(
    session: Session, actor: Actor, model: type[SharedRecord], rule: Reciprocity
) -> bool:
    """Whether the actor's member may see other members' regional records of ``model``: its
    ``min_records``-th newest live regional record lies inside the window."""
    if actor.member_id is None:
        return False
    if actor.is_rso or rule.min_records == 0:
        return True
    since = utcnow() - timedelta(days=rule.window_days)
    probe = _nth_newest_probe(model, rule.min_records)
    # Core execution on the connection: the ORM layer would double the cost of this probe.
    found = session.connection().scalar(probe, {"member": actor.member_id, "since": since})
    return found is not None


_PROBES: dict[tuple[str, int], Select[Any]] = {}


def _nth_newest_probe(model: type[SharedRecord], nth: int) -> Select[Any]:
    """Built once per model (so its cache key is computed once): newest first through the
    (owner, created_at) index, because rows are appended in time order and an unordered LIMIT
    may read most of the table before it finds a recent one."""
    key = (model.record_type, nth)
    if key not in _PROBES:
        _PROBES[key] = _build_probe(model, nth)
    return _PROBES[key]


def _build_probe(model: type[SharedRecord], nth: int) -> Select[Any]:
    return (
        select(model.id)
        .where(
            model.owner_member_id == bindparam("member"),
            model.created_at >= bindparam("since", type_=UTCDateTime),
            model.withdrawn_at.is_(None),
            # Only what the region can see counts: a national record shares nothing, so it
            # must not buy access to everyone else's.
            model.visibility == Visibility.REGIONAL,
        )
        .order_by(model.created_at.desc())
        .offset(nth - 1)
        .limit(1)
    )
