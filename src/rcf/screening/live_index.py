"""The screening index of the platform: built in memory from the watchlist entries a caller may
screen against, kept per process, rebuilt when the watchlist changes.

Which entries go in is decided by ``policy.screening_clause`` inside the SQL that loads them;
the index is shared by every caller to whom that clause means the same rows (one member, with
or without reciprocity met). Every transaction that changes the watchlist sets a new random
token in ``watchlist_version``; an index built at another token is rebuilt on its next use
(one primary-key read per screening). Candidates the index returns are checked again through
the same clause before anyone sees them (``screenings``), so a stale index can cost a missed
candidate for one request, never a leak.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, Reciprocity, meets_reciprocity, screening_clause
from rcf.screening.index import WatchlistIndex
from rcf.screening.models import WatchlistName, WatchlistPerson, WatchlistVersion
from rcf.screening.persons import BirthDateError, Person, make_person

VERSION_ROW = 1


@dataclass(frozen=True)
class _Built:
    token: str
    index: WatchlistIndex


# (database, member, reciprocity met) -> the index built for those callers.
_INDEXES: dict[tuple[str, int | None, bool], _Built] = {}


def bump_watchlist_version(session: Session) -> None:
    """Mark the watchlist changed, in the caller's transaction (call after every change)."""
    token = secrets.token_hex(16)
    stmt = update(WatchlistVersion).where(WatchlistVersion.id == VERSION_ROW).values(token=token)
    if session.execute(stmt).rowcount == 0:  # type: ignore[attr-defined]
        session.add(WatchlistVersion(id=VERSION_ROW, token=token))
        session.flush()


def current_token(session: Session) -> str:
    stmt = select(WatchlistVersion.token).where(WatchlistVersion.id == VERSION_ROW)
    return session.scalar(stmt) or ""


def screening_index(session: Session, actor: Actor, rule: Reciprocity) -> WatchlistIndex:
    """The index of the entries ``actor`` screens against, rebuilt if the watchlist changed."""
    clause = screening_clause(session, actor, WatchlistPerson, rule)
    meets = meets_reciprocity(session, actor, WatchlistPerson, rule)
    key = (str(session.connection().engine.url), actor.member_id, meets)
    token = current_token(session)  # read before loading: a later change triggers a rebuild
    built = _INDEXES.get(key)
    if built is None or built.token != token:
        built = _Built(token, WatchlistIndex.build(load_persons(session, clause)))
        _INDEXES[key] = built
    return built.index


def load_persons(session: Session, clause: Any) -> list[Person]:
    """Every entry matching ``clause`` as the matcher's Person (id: the entry id as text)."""
    visible = select(WatchlistPerson.id).where(clause)
    names: dict[int, list[str]] = {}
    rows = session.execute(
        select(WatchlistName.person_id, WatchlistName.name)
        .where(WatchlistName.person_id.in_(visible))
        .order_by(WatchlistName.person_id, WatchlistName.id)
    )
    for person_id, name in rows:
        names.setdefault(person_id, []).append(name)
    entries = session.execute(
        select(
            WatchlistPerson.id,
            WatchlistPerson.birth_dates,
            WatchlistPerson.nationalities,
            WatchlistPerson.gender,
        ).where(clause)
    )
    return [
        person
        for person_id, dates, nationalities, gender in entries
        if (person := _person(person_id, names.get(person_id, []), dates, nationalities, gender))
    ]


def _person(
    person_id: int, names: list[str], dates: list[str], nationalities: list[str], gender: str
) -> Person | None:
    try:
        return make_person(str(person_id), names, dates, nationalities, gender)
    except BirthDateError:  # stored through the schema, so only a hand-edited row gets here
        return make_person(str(person_id), names, (), nationalities, gender)


def forget_indexes() -> None:
    """Drop every index of this process (tests of rebuilding; memory after a bulk change)."""
    _INDEXES.clear()
