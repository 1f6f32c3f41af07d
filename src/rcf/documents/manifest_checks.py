"""Checking a passenger manifest (CSV, XLSX or PAXLST, read by ``documents.manifests``) or a
JSON list of passengers against the register: every document of every passenger in one batch
(``checks.check_documents``: one lookup per chunk of keys), results per passenger with hits
first, each with its MRZ-independent validity issues (expired, unknown state...)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.documents.checks import BatchResult, CheckQuery, Hit, check_documents
from rcf.documents.manifest_passengers import Passenger, build_passenger
from rcf.documents.manifests import Manifest, without_cycle_collection
from rcf.documents.models import DocumentType
from rcf.documents.numbers import is_known_state
from rcf.documents.outputs import hits_out
from rcf.documents.paxlst import RawDocument, RawPassenger
from rcf.documents.register_schemas import (
    BatchOut,
    IssueOut,
    PassengerIn,
    PassengerOut,
    document_type_of,
)


@dataclass(slots=True)
class PassengerResult:
    position: int
    reference: str
    surname: str
    given_names: str
    document_number: str
    issuing_state: str
    hits: list[Hit] = field(default_factory=list)
    issues: list[tuple[str, str]] = field(default_factory=list)  # (code, message)


@dataclass
class ManifestReport:
    results: list[PassengerResult]
    problems: list[tuple[str, str]]  # about the file as a whole
    result: BatchResult

    @property
    def hit_count(self) -> int:
        return self.result.hit_count


def passengers_from_json(items: Sequence[PassengerIn], today: date) -> list[Passenger]:
    """JSON passengers through the manifest reader's own checks (one set of rules)."""
    out = []
    for row, item in enumerate(items, start=1):
        document = RawDocument(
            document_type=item.document_type or "",
            number=item.document_number,
            issuing_state=item.issuing_state,
            expiry_date=item.expiry_date.isoformat() if item.expiry_date else "",
        )
        birth = item.birth_date.isoformat() if item.birth_date else ""
        raw = RawPassenger(position=row, birth_date=birth, documents=[document])
        out.append(build_passenger(raw, today))
    return out


def _documents(passenger: Passenger) -> list[tuple[str, str, str]]:
    """(number, state, type) of every document: the travel document, then visas."""
    main = (passenger.document_number, passenger.issuing_state, passenger.document_type)
    if not passenger.other_documents:
        return [main]
    others = [
        (d.document_number, d.issuing_state, d.document_type) for d in passenger.other_documents
    ]
    return [main, *others]


def _query(number: str, state: str, document_type: str) -> CheckQuery | None:
    """A checkable document (a number of A-Z 0-9 and a state); others only carry their issues."""
    if not number or len(number) > 40 or not (number.isascii() and number.isalnum()):
        return None
    if not is_known_state(state):  # nothing in the register: its issue says why
        return None
    return CheckQuery(number, state, _kind_of(document_type) if document_type else None)


@lru_cache(maxsize=256)  # a manifest repeats a handful of codes (P, PP, V...)
def _kind_of(document_type: str) -> DocumentType | None:
    try:
        return document_type_of(document_type)
    except ValueError:
        return None


def check_passengers(
    session: Session,
    actor: Actor,
    passengers: Sequence[Passenger],
    *,
    source: str,
    references: Sequence[str] = (),
) -> ManifestReport:
    """Every document of every passenger in one batch; results hits first, then file order."""
    with without_cycle_collection():  # a manifest's worth of objects, no cycles among them
        return _check_passengers(session, actor, passengers, source, references)


def _check_passengers(
    session: Session,
    actor: Actor,
    passengers: Sequence[Passenger],
    source: str,
    references: Sequence[str],
) -> ManifestReport:
    queries: list[CheckQuery] = []
    owners: list[int] = []  # the passenger index of each query
    for index, passenger in enumerate(passengers):
        for number, state, document_type in _documents(passenger):
            query = _query(number, state, document_type)
            if query is not None:
                queries.append(query)
                owners.append(index)
    batch = check_documents(session, actor, queries, source=source)
    results = [
        _result(p, references[i] if i < len(references) else "") for i, p in enumerate(passengers)
    ]
    for index, hits in zip(owners, batch.hits, strict=True):
        results[index].hits.extend(hits)
    results.sort(key=lambda r: not r.hits)  # stable: file order inside each group
    return ManifestReport(results, [], batch)


def check_manifest(
    session: Session, actor: Actor, manifest: Manifest, *, source: str
) -> ManifestReport:
    report = check_passengers(session, actor, manifest.passengers, source=source)
    report.problems = [(p.code, p.message) for p in manifest.problems]
    return report


def _result(passenger: Passenger, reference: str) -> PassengerResult:
    return PassengerResult(
        position=passenger.position,
        reference=reference,
        surname=passenger.surname,
        given_names=passenger.given_names,
        document_number=passenger.document_number,
        issuing_state=passenger.issuing_state,
        issues=[(p.code, p.message) for p in passenger.problems] if passenger.problems else [],
    )


def batch_out(report: ManifestReport) -> BatchOut:
    results = [
        PassengerOut(
            position=r.position,
            reference=r.reference,
            surname=r.surname,
            given_names=r.given_names,
            document_number=r.document_number,
            issuing_state=r.issuing_state,
            hits=hits_out(r.hits),
            issues=[IssueOut(code=code, message=message) for code, message in r.issues],
        )
        for r in report.results
    ]
    problems = [IssueOut(code=code, message=message) for code, message in report.problems]
    return BatchOut(
        passengers=len(results), hits=report.hit_count, problems=problems, results=results
    )
