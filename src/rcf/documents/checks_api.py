"""API of document checks (any role; token scope ``document:read``) and of the hits they make.

A check answers, per hit, its status, owner member, handling code, match kind and reference;
nothing else about the register. Each hit is sent to its owner (inbox, optional webhook) and
starts a confirmation exchange (``/hits``)."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from rcf import webhooks
from rcf.documents import hits as hit_service
from rcf.documents.check_flow import check_one
from rcf.documents.outputs import check_out, hit_list_out
from rcf.documents.register_schemas import (
    CheckIn,
    CheckOut,
    DecisionIn,
    HitDetailOut,
    HitListOut,
    MessageIn,
)
from rcf.runtime import Runtime
from rcf.web.deps import ApiActor, SessionDep, authenticate_api_request, get_runtime, parse_body
from rcf.webhooks import Delivery

api_router = APIRouter(prefix="/documents", tags=["documents"])


def notify(background: BackgroundTasks, runtime: Runtime, deliveries: list[Delivery]) -> None:
    """Deliver the owners' webhooks after the response (the check never waits for them)."""
    webhooks.notify(background, runtime.settings.document_webhook_timeout_seconds, deliveries)


@api_router.post(
    "/check",
    response_model=CheckOut,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": CheckIn.model_json_schema()}},
        }
    },
)
async def check(request: Request, background: BackgroundTasks) -> Response:
    """Check one document by `document_number` and `issuing_state` (ICAO code; `document_type`
    optional), or by its `mrz` lines. Numbers are normalised (NFKC, upper case, fillers,
    spaces and dashes removed). Exact matches and confusable candidates (O/0, I/1, B/8...)
    come back marked `exact` or `confusable`, exact first."""
    # The border desks' hot path: authentication, lookup and audit in one trip to the thread
    # pool (not one per dependency), and the answer serialised once by its model. Where the
    # CPU of a check goes, and what was tried, is in bench/README.md (HTTP single checks).
    runtime = get_runtime(request)
    raw = await request.body()
    body, deliveries = await run_in_threadpool(_check, request, runtime, raw)
    notify(background, runtime, deliveries)
    return Response(body, media_type="application/json")


def _check(request: Request, runtime: Runtime, raw: bytes) -> tuple[bytes, list[Delivery]]:
    with runtime.sessions() as db:
        actor = authenticate_api_request(request, db)  # 401 before a word about the body
        done = check_one(db, runtime, actor, parse_body(CheckIn, raw), source="api")
        if db.in_transaction():  # hits and their entry; a check without one committed already
            db.commit()
    return check_out(done.query, done.hits).model_dump_json().encode(), done.deliveries


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
