"""Exports of incident reports: the page, one download route per format, and the API route.

Anyone who may read incident reports may export them (an export is a read of what the list
already shows); see docs/permissions.md. Every download is audited before its first byte."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.incidents import exporting
from rcf.incidents.codes import ImpactLevel, IncidentKind
from rcf.incidents.exporting import ExportFormat, ExportPlan
from rcf.incidents.list_filters import FiltersDep, filter_query
from rcf.incidents.service import IncidentFilters
from rcf.members.models import Member
from rcf.runtime import Runtime
from rcf.web.deps import ApiActor, PageActor, RuntimeDep, SessionDep
from rcf.web.templating import render

router = APIRouter(include_in_schema=False)  # pages
api_router = APIRouter(tags=["incidents"])  # JSON routes, mounted under /api/v1


@router.get("/incidents/export", response_class=HTMLResponse)
def export_page(
    request: Request, actor: PageActor, db: SessionDep, runtime: RuntimeDep, filters: FiltersDep
) -> HTMLResponse:
    """Choose the filters, see how many reports the export will hold, pick a format."""
    plan = exporting.plan_export(db, runtime, actor, filters, ExportFormat.CSV)
    query = filter_query(filters)
    return render(
        request,
        "incidents/export.html",
        {
            "actor": actor,
            "plan": plan,
            "filters": query,
            "formats": list(ExportFormat),
            "kinds": IncidentKind,
            "impacts": ImpactLevel,
            "reason": exporting.LEFT_OUT_REASON,
        },
    )


def _download(
    db: Session, runtime: Runtime, actor: Actor, filters: IncidentFilters, fmt: ExportFormat
) -> StreamingResponse:
    plan = exporting.start_export(db, runtime, actor, filters, fmt)
    member = db.get(Member, actor.member_id) if actor.member_id is not None else None
    db.commit()  # the audit entries are written before the file leaves
    name = exporting.file_name(member.code if member else "", fmt)
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-RCF-Exported": str(plan.total),
        "X-RCF-Left-Out": str(plan.left_out_total),
        "Cache-Control": "no-store",
    }
    return StreamingResponse(
        exporting.export_chunks(runtime, actor, plan), media_type=fmt.media_type, headers=headers
    )


def _register_download(fmt: ExportFormat) -> None:
    def download(
        actor: PageActor, db: SessionDep, runtime: RuntimeDep, filters: FiltersDep
    ) -> StreamingResponse:
        return _download(db, runtime, actor, filters, fmt)

    download.__name__ = f"export_{fmt.value}"
    router.add_api_route(f"/incidents/export.{fmt.value}", download, methods=["GET"])


for _fmt in ExportFormat:
    _register_download(_fmt)


@api_router.get("/incidents/export", response_class=StreamingResponse)
def export_api(
    actor: ApiActor,
    db: SessionDep,
    runtime: RuntimeDep,
    filters: FiltersDep,
    format: ExportFormat = Query(ExportFormat.JSON, description="csv, xlsx, json or parquet."),
) -> StreamingResponse:
    """Every report the token may see, narrowed by the list's filters, as one file.

    Reports another member marked H2 are left out; the `X-RCF-Left-Out` header (and, for JSON,
    the `left_out` member) says how many. CSV and XLSX have the columns the import reads; JSON is
    `{"reports": [...], "left_out": {"count", "reason"}}` with each report in the shape of the
    create body plus `id`, `owner_member` and `version`. The export is audited for each owner."""
    return _download(db, runtime, actor, filters, format)


__all__ = ["ExportPlan", "api_router", "router"]
