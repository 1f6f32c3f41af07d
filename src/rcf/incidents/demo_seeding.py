"""Writing the synthetic demo reports of ``demo_data``: ``seed_incidents()`` bulk-inserts them
with Core (about 50,000 reports in seconds), their person counts and shares, and one audit entry
per member; it does nothing when demo reports already exist.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, RecordShare
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.incidents import rollups
from rcf.incidents.demo_data import REFERENCE_PREFIX, DemoReport, generate
from rcf.incidents.models import Incident, PersonCount
from rcf.members.models import Agency, Member

BATCH = 5_000  # reports a bulk insert


def has_demo_incidents(session: Session) -> bool:
    found = session.scalar(
        select(Incident.id).where(Incident.reference.startswith(REFERENCE_PREFIX)).limit(1)
    )
    return found is not None


def seed_incidents(
    session: Session, count: int, *, end: date, years: int = 5, seed: int = 2026
) -> int:
    """Bulk-insert about ``count`` demo reports over ``years`` up to ``end``; returns how many
    (0 when demo reports exist already, so seeding twice adds nothing)."""
    if count <= 0 or has_demo_incidents(session):
        return 0
    members = {m.code: m.id for m in session.scalars(select(Member))}
    agencies = _first_agencies(session)
    start = date(end.year - years, end.month, 1)
    writer = _Writer(session, members, agencies, end)
    rollups.expect_new_reports(session)  # the rollups take them in at the commit
    for report in generate(count, start=start, end=end, seed=seed):
        writer.add(report)
    writer.flush()
    _audit(session, members, writer.written)
    return sum(writer.written.values())


def _first_agencies(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(Agency.member_id, func.min(Agency.id)).group_by(Agency.member_id)
    ).all()
    return dict(rows)


class _Writer:
    """Collects reports and writes them in batches (incidents, then person counts and shares)."""

    def __init__(
        self, session: Session, members: dict[str, int], agencies: dict[int, int], end: date
    ) -> None:
        self.session, self.members, self.agencies = session, members, agencies
        self.now = datetime.now(UTC)
        self.pending: list[DemoReport] = []
        self.serial: dict[str, int] = {}
        self.written: dict[str, int] = {}
        self.rng = random.Random(end.toordinal())

    def add(self, report: DemoReport) -> None:
        self.pending.append(report)
        if len(self.pending) >= BATCH:
            self.flush()

    def _row(self, report: DemoReport) -> dict[str, Any]:
        code = report.owner
        self.serial[code] = self.serial.get(code, 0) + 1
        member = self.members[code]
        on: date = report.values["occurred_on"]
        reported = datetime.combine(on + timedelta(days=self.rng.randint(0, 20)), time(9), UTC)
        reported = min(reported, self.now)
        reference = f"{REFERENCE_PREFIX}{code}-{on.year}-{self.serial[code]:06d}"
        return {
            "fee_amount": None, "fee_currency": None, "fee_basis": None,
            "payment_method": None, "fee_usd_per_person": None,
            **report.values,
            "reference": reference,
            "version": 1,
            "owner_member_id": member,
            "owner_agency_id": self.agencies[member],
            "created_by_id": None,
            "handling_restriction": "",
            "review_date": (reported + timedelta(days=3 * 365)).date(),
            "created_at": reported,
            "updated_at": reported,
            "withdrawn_at": None,
            "content_hash": "",
        }  # fmt: skip

    def flush(self) -> None:
        if not self.pending:
            return
        rows = [self._row(r) for r in self.pending]
        table = cast(Table, Incident.__table__)
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        ids = list(self.session.execute(stmt, rows).scalars())
        counts, shares = [], []
        for incident_id, report in zip(ids, self.pending, strict=True):
            counts += [{"incident_id": incident_id, **p} for p in report.persons]
            shares += [
                {"record_type": "incident", "record_id": incident_id, "member_id": self.members[c]}
                for c in report.shared_with
            ]
            self.written[report.owner] = self.written.get(report.owner, 0) + 1
        self.session.execute(insert(cast(Table, PersonCount.__table__)), counts)
        if shares:
            self.session.execute(insert(cast(Table, RecordShare.__table__)), shares)
        self.pending = []


def _audit(session: Session, members: dict[str, int], written: dict[str, int]) -> None:
    """One entry per owning member for the whole bulk load (not one per synthetic report)."""
    actor = Actor.system("demo seed")
    for code, count in sorted(written.items()):
        record(
            session,
            actor=actor,
            action=AuditAction.RECORD_CREATED,
            object_type=Incident.record_type,
            object_id=f"{REFERENCE_PREFIX}{code}",
            object_member_id=members[code],
            changes={"reports": count, "synthetic": True},
        )


def demo_report_count(session: Session) -> int:
    stmt = select(func.count(Incident.id)).where(Incident.reference.startswith(REFERENCE_PREFIX))
    return session.scalar(stmt) or 0
