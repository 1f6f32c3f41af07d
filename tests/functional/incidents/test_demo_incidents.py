"""``seed_demo`` with a few hundred synthetic reports: bulk-written, idempotent, and enough twins
for the duplicates page (the full 50,000 are timed by hand, not in the suite)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.policy import RecordShare, Visibility
from rcf.accounts.auth import actor_for_user
from rcf.accounts.models import User
from rcf.audit.verify import verify_chain
from rcf.demo import seed_demo
from rcf.incidents.demo_seeding import seed_incidents
from rcf.incidents.duplicates import find_duplicates
from rcf.incidents.models import Incident, PersonCount
from rcf.members.models import Member
from rcf.runtime import Runtime


def count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_demo_reports_are_seeded_once(db: Session, runtime: Runtime) -> None:
    seed_demo(db, runtime, incidents=600)
    db.commit()
    reports, persons = count(db, Incident), count(db, PersonCount)

    seed_demo(db, runtime, incidents=600)
    db.commit()

    assert 550 <= reports <= 650
    assert (count(db, Incident), count(db, PersonCount)) == (reports, persons)
    assert seed_incidents(db, 600, end=date.today()) == 0
    assert verify_chain(db) is None


def test_demo_reports_are_consistent_rows(db: Session, runtime: Runtime) -> None:
    seed_demo(db, runtime, incidents=600)
    db.commit()
    summed = dict(
        db.execute(
            select(PersonCount.incident_id, func.sum(PersonCount.count)).group_by(
                PersonCount.incident_id
            )
        ).all()
    )
    incidents = list(db.scalars(select(Incident)))
    assert all(summed[i.id] == i.persons_total > 0 for i in incidents)
    assert all(i.occurred_on < date.today() for i in incidents)
    shared = {i.id for i in incidents if i.visibility is Visibility.MEMBERS}
    assert shared == set(
        db.scalars(
            select(RecordShare.record_id).where(RecordShare.record_type == "incident").distinct()
        )
    )
    owners = set(
        db.scalars(select(Member.code).join(Incident, Incident.owner_member_id == Member.id))
    )
    assert "MYS" not in owners  # Malaysia's demo users have contributed nothing (reciprocity)
    assert {"THA", "IDN", "AUS", "TUR"} <= owners


def test_the_demo_has_duplicates_for_an_analyst_to_link(db: Session, runtime: Runtime) -> None:
    seed_demo(db, runtime, incidents=3_000)
    db.commit()
    analyst = db.scalars(select(User).where(User.email == "analyst@idn.demo.rcf")).one()
    actor = actor_for_user(analyst)
    aus = db.scalars(
        select(Incident.id)
        .join(Member, Incident.owner_member_id == Member.id)
        .where(Member.code == "AUS", Incident.visibility == Visibility.REGIONAL)
    )
    found = [find_duplicates(db, runtime, actor, incident_id).candidates for incident_id in aus]
    assert sum(1 for candidates in found if candidates) >= 3
