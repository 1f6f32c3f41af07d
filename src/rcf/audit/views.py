"""Audit pages: focal points see their member's trail, including who from other members read
their member's records; the RSO administrator sees the platform's."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from rcf.access.policy import audit_changes_visible, audit_clause
from rcf.audit.models import AuditAction, AuditEntry
from rcf.members.models import Member
from rcf.web.deps import PageActor, SessionDep
from rcf.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


@router.get("/audit", response_class=HTMLResponse)
def audit_log(
    request: Request,
    actor: PageActor,
    db: SessionDep,
    before: int | None = Query(None, ge=1),
    action: AuditAction | None = None,
    foreign_reads: bool = False,
) -> Response:
    """Newest first, keyset-paginated by sequence number."""
    stmt = select(AuditEntry).where(
        audit_clause(actor, AuditEntry.member_id, AuditEntry.object_member_id)
    )
    if action is not None:
        stmt = stmt.where(AuditEntry.action == action)
    if foreign_reads:
        stmt = stmt.where(
            AuditEntry.action.in_([AuditAction.RECORD_READ, AuditAction.RECORD_LISTED]),
            AuditEntry.object_member_id == actor.member_id,
            AuditEntry.member_id != actor.member_id,
        )
    if before is not None:
        stmt = stmt.where(AuditEntry.seq < before)
    rows = list(db.scalars(stmt.order_by(AuditEntry.seq.desc()).limit(PAGE_SIZE + 1)))
    members = {m.id: m.code for m in db.scalars(select(Member))}
    shown = rows[:PAGE_SIZE]
    return render(
        request,
        "audit/list.html",
        {
            "entries": shown,
            "changes_visible": {
                e.id for e in shown if audit_changes_visible(actor, e.action, e.object_member_id)
            },
            "members": members,
            "actions": AuditAction,
            "action": action,
            "foreign_reads": foreign_reads,
            "next_before": rows[PAGE_SIZE - 1].seq if len(rows) > PAGE_SIZE else None,
        },
    )
