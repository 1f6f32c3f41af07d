"""A check from request to notification: run it, read the owners' webhooks before the commit,
deliver them after the response (pages and API share this)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session
from starlette.requests import Request

from rcf.access.policy import Actor
from rcf.documents.checks import CheckQuery, Hit, check_documents, query_from_input
from rcf.documents.manifest_checks import ManifestReport, check_manifest
from rcf.documents.manifests import Manifest
from rcf.documents.register_schemas import CheckIn
from rcf.documents.webhooks import deliveries_for
from rcf.runtime import Runtime
from rcf.webhooks import Delivery

# A manifest counts against the per-minute rate limit as one request per this many passengers
# (or part of it), so a batch is no way round the limit on guessing numbers (E1).
PASSENGERS_PER_REQUEST = 100


def passenger_weight(passengers: int) -> int:
    """The requests ``passengers`` checks count as (at least one)."""
    return max(1, -(-passengers // PASSENGERS_PER_REQUEST))


def charge_passengers(request: Request, key: str, passengers: int) -> None:
    """Count ``passengers`` checks against an API token's ``key`` (429 beyond), less the one
    request already counted as the token was authenticated."""
    weight = passenger_weight(passengers) - 1
    if weight > 0:
        request.app.state.rate_limiter.hit(key, weight=weight)


@dataclass(frozen=True)
class OneCheck:
    query: CheckQuery
    hits: Sequence[Hit]
    deliveries: list[Delivery]


def check_one(
    session: Session, runtime: Runtime, actor: Actor, data: CheckIn, *, source: str
) -> OneCheck:
    query = query_from_input(data)
    hits = check_documents(
        session, actor, [query], source=source, audit_group=runtime.audit_group
    ).hits[0]
    return OneCheck(query, hits, deliveries_for(session, runtime.secret_key, hits))


def check_manifest_file(
    session: Session, runtime: Runtime, actor: Actor, manifest: Manifest, *, source: str
) -> tuple[ManifestReport, list[Delivery]]:
    report = check_manifest(session, actor, manifest, source=source)
    hits = [hit for found in report.result.hits for hit in found]
    return report, deliveries_for(session, runtime.secret_key, hits)
