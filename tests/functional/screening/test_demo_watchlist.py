"""``seed_demo`` seeds persons of interest across members: original scripts, shared phones,
links to the owner's demo reports, every sharing shape; seeding twice adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.demo import seed_demo
from rcf.runtime import Runtime
from rcf.screening.models import (
    IdentifierKind,
    WatchlistIdentifier,
    WatchlistLink,
    WatchlistName,
    WatchlistPerson,
)


def test_demo_persons_look_real_and_are_seeded_once(db: Session, runtime: Runtime) -> None:
    seed_demo(db, runtime, incidents=300, persons=400)
    db.commit()
    count = db.scalar(select(func.count(WatchlistPerson.id)))
    assert count is not None
    assert count >= 400
    names = list(db.scalars(select(WatchlistName.name)))
    assert any("\u0600" <= ch <= "\u06ff" for name in names for ch in name)  # Arabic script
    assert any("\u1000" <= ch <= "\u109f" for name in names for ch in name)  # Burmese
    shared_phone = (
        select(WatchlistIdentifier.value)
        .where(WatchlistIdentifier.kind == IdentifierKind.PHONE)
        .group_by(WatchlistIdentifier.value)
        .having(func.count() > 1)
    )
    assert db.scalars(shared_phone).first() is not None
    assert db.scalar(select(func.count(WatchlistLink.id)))
    visibilities = set(db.scalars(select(WatchlistPerson.visibility).distinct()))
    assert {"national", "members", "regional"} <= {str(v) for v in visibilities}
    seed_demo(db, runtime, incidents=300, persons=400)
    db.commit()
    assert db.scalar(select(func.count(WatchlistPerson.id))) == count
