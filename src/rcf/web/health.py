"""``GET /healthz`` for load balancers and monitoring: no authentication, no details."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from rcf.web.deps import get_runtime

router = APIRouter()
log = logging.getLogger("rcf.health")


@router.get("/healthz", tags=["health"])
def healthz(request: Request) -> JSONResponse:
    """Answers `{"status": "ok", "database": "ok"}`, or 503 naming the failing part."""
    try:
        with get_runtime(request).engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
