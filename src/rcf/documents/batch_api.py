"""API of manifest checks: many passengers in one request, one lookup per chunk of keys."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, BackgroundTasks, Request

from rcf.documents.check_flow import charge_passengers
from rcf.documents.checks_api import notify
from rcf.documents.manifest_checks import (
    batch_out,
    check_manifest,
    check_passengers,
    passengers_from_json,
)
from rcf.documents.manifests import read_manifest
from rcf.documents.register_schemas import BatchIn, BatchOut
from rcf.documents.webhooks import deliveries_for
from rcf.web.deps import ApiActor, RuntimeDep, SessionDep

api_router = APIRouter(prefix="/documents", tags=["documents"])


@api_router.post("/check-batch", response_model=BatchOut)
def check_batch(
    request: Request,
    data: BatchIn,
    actor: ApiActor,
    db: SessionDep,
    runtime: RuntimeDep,
    background: BackgroundTasks,
) -> BatchOut:
    """Check a passenger manifest: `passengers` as JSON, or `manifest`, the text of a CSV file
    (header row) or a UN/EDIFACT PAXLST message. Results per passenger, hits first, each with
    its validity issues found without an MRZ (expired, unknown state...). Counts against the
    token's rate limit as one request per 100 passengers (or part of 100)."""
    today = date.today()
    key = f"token:{actor.token_id}"
    if data.passengers is not None:
        charge_passengers(request, key, len(data.passengers))
        passengers = passengers_from_json(data.passengers, today)
        references = [p.reference for p in data.passengers]
        report = check_passengers(db, actor, passengers, source="api-batch", references=references)
    else:
        manifest = read_manifest(data.manifest.encode(), today=today)  # type: ignore[union-attr]
        charge_passengers(request, key, len(manifest.passengers))
        report = check_manifest(db, actor, manifest, source="api-batch")
    all_hits = [hit for found in report.result.hits for hit in found]
    deliveries = deliveries_for(db, runtime.secret_key, all_hits)
    db.commit()
    notify(background, runtime, deliveries)
    return batch_out(report)
