"""API of document checks (any role; token scope ``document:read``) and of the hits they make.

A check answers, per hit, its status, owner member, handling code, match kind and reference;
nothing else about the register. Each hit is sent to its owner (inbox, optional webhook) and
starts a confirmation exchange (``/hits``)."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Query

from rcf import webhooks
from rcf.documents import hits as hit_service
from rcf.documents.checks import check_documents, query_from_input
from rcf.documents.outputs import check_out, hit_list_out
from rcf.documents.register_schemas import (
    CheckIn,
    CheckOut,
    DecisionIn,
    HitDetailOut,
    HitListOut,
    MessageIn,
)
from rcf.documents.webhooks import deliveries_for
from rcf.runtime import Runtime
from rcf.web.deps import ApiActor, RuntimeDep, SessionDep
from rcf.webhooks import Delivery

api_router = APIRouter(prefix="/documents", tags=["documents"])


def notify(background: BackgroundTasks, runtime: Runtime, deliveries: list[Delivery]) -> None:
    """Deliver the owners' webhooks after the response (the check never waits for them)."""
    webhooks.notify(background, runtime.settings.document_webhook_timeout_seconds, deliveries)


@api_router.post("/check", response_model=CheckOut)
def check(
    data: CheckIn, actor: ApiActor, db: SessionDep, runtime: RuntimeDep, background: BackgroundTasks
) -> CheckOut:
    """Check one document by `document_number` and `issuing_state` (ICAO code; `document_type`
    optional), or by its `mrz` lines. Numbers are normalised (NFKC, upper case, fillers,
    spaces and dashes removed). Exact matches and confusable candidates (O/0, I/1, B/8...)
    come back marked `exact` or `confusable`, exact first."""
    query = query_from_input(data)
    result = check_documents(db, actor, [query], source="api", audit_group=runtime.audit_group)
    deliveries = deliveries_for(db, runtime.secret_key, result.hits[0])
    db.commit()
    notify(background, runtime, deliveries)
    return check_out(query, result.hits[0])


@api_router.get("/hits", response_model=HitListOut)
def list_hits(
    actor: ApiActor,
    db: SessionDep,
    after: int | None = Query(None, ge=1),
    limit: int = Query(50, ge=1, le=200),
) -> HitListOut:
    """Hits on your member's records and hits of your member's checks, pending first."""
    return hit_list_out(db, hit_service.list_hits(db, actor, after=after, limit=limit))


@api_router.get("/hits/{hit_reference}", response_model=HitDetailOut)
def get_hit(hit_reference: str, actor: ApiActor, db: SessionDep) -> HitDetailOut:
    """One hit with its messages (404 unless your member checked it or owns the record)."""
    out = hit_service.open_hit(db, actor, hit_reference)
    db.commit()
    return out


@api_router.post("/hits/{hit_reference}/decision", response_model=HitDetailOut)
def decide_hit(
    hit_reference: str, data: DecisionIn, actor: ApiActor, db: SessionDep
) -> HitDetailOut:
    """The issuing member confirms the hit (`confirmed`) or says it is another document
    (`not_same`), with an optional message to the checking member. Decided once (409 after)."""
    hit = hit_service.decide(db, actor, hit_reference, data)
    out = hit_service.detail(db, actor, hit)
    db.commit()
    return out


@api_router.post("/hits/{hit_reference}/messages", response_model=HitDetailOut, status_code=201)
def send_message(
    hit_reference: str, data: MessageIn, actor: ApiActor, db: SessionDep
) -> HitDetailOut:
    """A message to the other member of the hit. No traveller's name: references only."""
    hit = hit_service.send_message(db, actor, hit_reference, data)
    out = hit_service.detail(db, actor, hit)
    db.commit()
    return out
