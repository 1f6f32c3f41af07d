"""Screening every passenger of a manifest (CSV, XLSX or PAXLST, read by the same reader as
document checks, ``documents.manifests``) against the watchlist: one index, one re-check of all
candidates, one audit entry for the batch (no names in it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require
from rcf.documents.manifests import Manifest, Passenger, read_manifest
from rcf.runtime import Runtime
from rcf.screening.models import ScreeningHit
from rcf.screening.outputs import ManifestOut, PassengerOut, candidate_out
from rcf.screening.persons import Person, make_person
from rcf.screening.schemas import nationality_code
from rcf.screening.screenings import Candidate, audit_batch, screen_queries

CANDIDATES_PER_PASSENGER = 5
# A screening answers within a request: a larger manifest is refused whole (a partial result
# would read like a complete one), with the advice to split it.
MAX_PASSENGERS = 5_000


@dataclass
class PassengerScreening:
    passenger: Passenger
    candidates: list[Candidate]


@dataclass
class ManifestScreening:
    passengers: int
    results: list[PassengerScreening]
    problems: list[str]
    new_hits: list[ScreeningHit] = field(default_factory=list)  # their owners are told

    @property
    def with_candidates(self) -> int:
        return sum(1 for result in self.results if result.candidates)


def _alpha2(code: str) -> str:
    try:
        return nationality_code(code) if code else ""
    except ValueError:
        return ""


def passenger_query(passenger: Passenger) -> Person | None:
    """The passenger as a query, or None without a name to screen."""
    name = f"{passenger.given_names} {passenger.surname}".strip()
    if not name:
        return None
    birth = [passenger.birth_date.isoformat()] if passenger.birth_date else []
    nationality = _alpha2(passenger.nationality)
    gender = passenger.sex if passenger.sex in ("M", "F", "X") else ""
    nationalities = [nationality] if nationality else []
    return make_person(str(passenger.position), [name], birth, nationalities, gender)


def screen_manifest(
    session: Session, runtime: Runtime, actor: Actor, manifest: Manifest, *, source: str
) -> ManifestScreening:
    """Screen every named passenger; results with candidates first, then file order."""
    require(actor, Permission.SCREENING_MATCH)
    if len(manifest.passengers) > MAX_PASSENGERS:
        refused = (
            f"The manifest has {len(manifest.passengers):,} passengers; screen at most "
            f"{MAX_PASSENGERS:,} at a time (split the file). Nobody was screened."
        )
        return ManifestScreening(len(manifest.passengers), [], [refused])
    named = [(p, q) for p in manifest.passengers if (q := passenger_query(p)) is not None]
    found = screen_queries(
        session, runtime, actor, [q for _, q in named], limit=CANDIDATES_PER_PASSENGER
    )
    results = [
        PassengerScreening(passenger, candidates)
        for (passenger, _), candidates in zip(named, found.candidates, strict=True)
    ]
    results.sort(key=lambda result: not result.candidates)
    audit_batch(session, runtime, actor, found, source=source, count=len(named))
    problems = [problem.message for problem in manifest.problems]
    unnamed = len(manifest.passengers) - len(named)
    if unnamed:
        problems.append(f"{unnamed} passenger(s) without a name were not screened.")
    return ManifestScreening(len(manifest.passengers), results, problems, found.new_hits)


def screen_manifest_bytes(
    session: Session, runtime: Runtime, actor: Actor, content: bytes, *, source: str
) -> ManifestScreening:
    require(actor, Permission.SCREENING_MATCH)
    manifest = read_manifest(content, today=date.today())
    return screen_manifest(session, runtime, actor, manifest, source=source)


def manifest_out(report: ManifestScreening) -> ManifestOut:
    return ManifestOut(
        passengers=report.passengers,
        screened=len(report.results),
        with_candidates=report.with_candidates,
        problems=report.problems,
        results=[
            PassengerOut(
                position=r.passenger.position,
                surname=r.passenger.surname,
                given_names=r.passenger.given_names,
                birth_date=r.passenger.birth_date,
                nationality=r.passenger.nationality,
                candidates=[candidate_out(c) for c in r.candidates],
            )
            for r in report.results
        ],
    )
