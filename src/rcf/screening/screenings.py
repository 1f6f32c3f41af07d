"""Screening persons against the watchlist in the platform: one person, or every passenger of a
manifest. The in-memory index proposes candidates (``live_index``); each is checked again
through ``policy.screening_clause`` in SQL, and shown only as far as
``policy.screening_disclosure`` allows. A match on another member's entry becomes a
``ScreeningHit`` with a random reference, which tells the owner (its inbox) and lets the two
members talk; it is audited for both. The screened names never reach the audit trail: each
screening records a keyed digest of the name, which can confirm a suspicion later but cannot be
read back.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require, screening_clause, screening_disclosure
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.documents.hits import member_codes
from rcf.runtime import Runtime
from rcf.screening.live_index import screening_index
from rcf.screening.matching import Match
from rcf.screening.models import ScreeningHit, ScreeningHitStatus, WatchlistPerson
from rcf.screening.persons import Person, make_person
from rcf.screening.schemas import MatchIn

HIT_PREFIX = "SH-"
# The values an evidence reason quotes at its end: "same birth year (1979 / 1979-04-12)".
_VALUES_IN_REASON = re.compile(r"\s*\([^()]*\)$")


@dataclass
class Candidate:
    """One matched entry as the screening caller may see it."""

    score: float
    owner_member: str
    handling_code: str
    own: bool
    hit_reference: str | None = None
    person_id: int | None = None
    reference: str | None = None
    names: list[str] | None = None
    birth_dates: list[str] | None = None
    nationalities: list[str] | None = None
    gender: str | None = None
    explanation: dict[str, Any] | None = None

    @property
    def contact(self) -> str:
        if self.own:
            return f"Your member's entry {self.reference}."
        return f"Contact member {self.owner_member}, hit reference {self.hit_reference}."


@dataclass
class Screening:
    """The candidates of each query, in the order of the queries."""

    candidates: list[list[Candidate]] = field(default_factory=list)
    hits: list[ScreeningHit] = field(default_factory=list)
    # The hits this screening made (not pending ones it met again): their owners are told.
    new_hits: list[ScreeningHit] = field(default_factory=list)


def query_person(data: MatchIn) -> Person:
    """The matcher's Person for a query."""
    return make_person(
        "query",
        [data.name],
        [data.birth_date] if data.birth_date else [],
        [data.nationality] if data.nationality else [],
        data.gender,
    )


def screen_person(
    session: Session, runtime: Runtime, actor: Actor, data: MatchIn, *, source: str
) -> list[Candidate]:
    """Screen one person: ranked candidates, each shown as its handling code allows."""
    return screen_one(session, runtime, actor, data, source=source).candidates[0]


def screen_one(
    session: Session, runtime: Runtime, actor: Actor, data: MatchIn, *, source: str
) -> Screening:
    """Screen one person, keeping the hits made (for the owners' webhooks)."""
    found = screen_queries(session, runtime, actor, [query_person(data)], limit=data.limit)
    _audit_screening(session, runtime, actor, found, source=source, names=[data.name])
    return found


def screen_queries(
    session: Session, runtime: Runtime, actor: Actor, queries: Sequence[Person], *, limit: int
) -> Screening:
    """Screen many queries through one index and one re-check of all their candidates."""
    require(actor, Permission.SCREENING_MATCH)
    index = screening_index(session, actor, runtime.reciprocity)
    matches = [index.screen(query, limit=limit) for query in queries]
    entries = _recheck(session, runtime, actor, {m.candidate_id for ms in matches for m in ms})
    found = Screening()
    codes = member_codes(session)
    for query_matches in matches:
        shown = [(m, entries.get(int(m.candidate_id))) for m in query_matches]
        found.candidates.append(
            [_candidate(session, actor, found, entry, m, codes) for m, entry in shown if entry]
        )
    return found


def _recheck(
    session: Session, runtime: Runtime, actor: Actor, ids: set[str]
) -> dict[int, WatchlistPerson]:
    """The candidates still within the caller's screening scope, by id (in SQL, now)."""
    if not ids:
        return {}
    clause = screening_clause(session, actor, WatchlistPerson, runtime.reciprocity)
    stmt = (
        select(WatchlistPerson)
        .where(WatchlistPerson.id.in_([int(i) for i in ids]), clause)
        .options(selectinload(WatchlistPerson.names))
    )
    return {person.id: person for person in session.scalars(stmt)}


def _candidate(
    session: Session,
    actor: Actor,
    found: Screening,
    person: WatchlistPerson,
    match: Match,
    codes: dict[int, str],
) -> Candidate:
    allowed = screening_disclosure(actor, person.owner_member_id, person.handling_code)
    own = person.owner_member_id == actor.member_id
    candidate = Candidate(
        score=round(match.score, 4),
        owner_member=codes.get(person.owner_member_id, ""),
        handling_code=str(person.handling_code),
        own=own,
    )
    if own:
        candidate.person_id, candidate.reference = person.id, person.reference
    else:
        hit, made = _hit_for(session, actor, person, match.score)
        candidate.hit_reference = hit.reference
        if hit not in found.hits:
            found.hits.append(hit)
        if made and hit not in found.new_hits:
            found.new_hits.append(hit)
    _disclose(candidate, person, match, allowed)
    return candidate


def _disclose(
    candidate: Candidate, person: WatchlistPerson, match: Match, allowed: frozenset[str]
) -> None:
    if "names" in allowed:
        candidate.names = [name.name for name in person.names]
    if "birth_dates" in allowed:
        candidate.birth_dates = list(person.birth_dates)
    if "nationalities" in allowed:
        candidate.nationalities = list(person.nationalities)
    if "gender" in allowed:
        candidate.gender = person.gender
    if "explanation" in allowed:
        candidate.explanation = _explanation(match, allowed)


def _explanation(match: Match, allowed: frozenset[str]) -> dict[str, Any]:
    """The explanation, without the entry's birth dates or nationalities where the handling
    code withholds them: the reason keeps its level ("same birth year"), not the values."""
    explained = match.explanation.to_dict()
    withheld = {"birth_date": match.explanation.date, "nationality": match.explanation.nationality}
    for part, field_name in (("birth_date", "birth_dates"), ("nationality", "nationalities")):
        if field_name not in allowed:
            evidence = withheld[part]
            reason = _VALUES_IN_REASON.sub("", evidence.reason)
            explained[part] = {"shift": evidence.shift, "reason": reason}
    return explained


def _hit_for(
    session: Session, actor: Actor, person: WatchlistPerson, score: float
) -> tuple[ScreeningHit, bool]:
    """The member's pending hit on this entry, or a new one (audited, in the owner's inbox);
    True when new."""
    pending = session.scalars(
        select(ScreeningHit).where(
            ScreeningHit.person_id == person.id,
            ScreeningHit.screening_member_id == actor.member_id,
            ScreeningHit.status == ScreeningHitStatus.PENDING,
        )
    ).first()
    if pending is not None:
        pending.score = max(pending.score, score)
        return pending, False
    hit = ScreeningHit(
        reference=HIT_PREFIX + secrets.token_hex(6).upper(),
        person_id=person.id,
        owner_member_id=person.owner_member_id,
        screening_member_id=actor.member_id,
        screening_agency_id=actor.agency_id,
        screened_by_id=actor.user_id,
        score=score,
        handling_code=person.handling_code,
    )
    session.add(hit)
    session.flush()
    record(
        session,
        actor=actor,
        action=AuditAction.SCREENING_HIT_CREATED,
        object_type="screening_hit",
        object_id=hit.reference,
        object_member_id=hit.owner_member_id,
        changes={"score": round(score, 4), "handling_code": str(hit.handling_code)},
    )
    return hit, True


def name_digest(runtime: Runtime, name: str) -> str:
    """A keyed digest of a screened name (case and spacing ignored): the audit keeps this."""
    text = " ".join(name.casefold().split())
    key = runtime.secret_key.encode()
    return hmac.new(key, b"screened-name:" + text.encode(), hashlib.sha256).hexdigest()[:32]


def _audit_screening(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    found: Screening,
    *,
    source: str,
    names: Sequence[str],
    batch: bool = False,
) -> None:
    owners = sorted({hit.owner_member_id for hit in found.hits})
    single = len(names) == 1 and not batch
    changes: dict[str, Any] = {
        "source": source,
        "queries": len(names),
        "candidates": sum(len(c) for c in found.candidates),
        "hit_references": [hit.reference for hit in found.hits][:1000],
    }
    if single:
        changes["name_digest"] = name_digest(runtime, names[0])
    record(
        session,
        actor=actor,
        action=AuditAction.PERSON_SCREENED,
        object_type="screening" if single else "screening_batch",
        object_id=found.hits[0].reference if single and found.hits else f"{len(names)} queries",
        object_member_id=owners[0] if len(owners) == 1 else None,
        changes=changes,
    )


def audit_batch(
    session: Session, runtime: Runtime, actor: Actor, found: Screening, *, source: str, count: int
) -> None:
    """One audit entry for a batch (no names, not even digests: a manifest is many people)."""
    _audit_screening(session, runtime, actor, found, source=source, names=[""] * count, batch=True)
