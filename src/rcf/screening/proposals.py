"""The analyst's review of proposed links: list those one may judge, confirm or reject one.

A proposal is listed to a reviewer only when both of its records are visible to them: each
record id must be among the ids the sharing policy selects, inside the query. Confirming a
person link makes the two persons one node in the network view; confirming an event link makes
an ``IncidentLink`` (the duplicate link analysts already make by hand), so summaries count the
event once and there is one mechanism for "the same event". Each decision is audited against
both records, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require, scope
from rcf.audit.models import AuditAction
from rcf.audit.service import record, record_listing
from rcf.db import utcnow
from rcf.errors import InvalidInput, NotFound
from rcf.incidents import duplicates
from rcf.incidents.models import Incident, IncidentLink
from rcf.runtime import Runtime
from rcf.screening.models import WatchlistPerson
from rcf.screening.proposal_models import LinkProposal, ProposalKind, ProposalStatus

MAX_LISTED = 200
MODELS: dict[ProposalKind, type[WatchlistPerson] | type[Incident]] = {
    ProposalKind.PERSON: WatchlistPerson,
    ProposalKind.EVENT: Incident,
}


@dataclass(frozen=True)
class ProposalView:
    proposal: LinkProposal
    left: Any  # the WatchlistPerson or Incident, loaded through the policy
    right: Any


def _visible_ids(session: Session, runtime: Runtime, actor: Actor, kind: ProposalKind) -> Any:
    """The ids of the records of ``kind`` the actor may see, as a subquery (policy in SQL)."""
    model = MODELS[kind]
    if not actor.has(model.read_permission):
        return select(model.id).where(model.id.is_(None))
    return scope(select(model.id), session, actor, model, runtime.reciprocity)


def _judgeable(session: Session, runtime: Runtime, actor: Actor) -> Any:
    """WHERE clause: proposals both of whose records the actor may see."""
    clauses = []
    for kind in ProposalKind:
        ids = _visible_ids(session, runtime, actor, kind)
        clauses.append(
            and_(
                LinkProposal.kind == kind,
                LinkProposal.left_id.in_(ids),
                LinkProposal.right_id.in_(ids),
            )
        )
    return or_(*clauses)


def list_proposals(
    session: Session, runtime: Runtime, actor: Actor, status: ProposalStatus
) -> list[ProposalView]:
    """Proposals of ``status`` the actor may judge, strongest first; the records are audited."""
    require(actor, Permission.SCREENING_LINK)
    stmt = (
        select(LinkProposal)
        .where(LinkProposal.status == status, _judgeable(session, runtime, actor))
        .order_by(LinkProposal.score.desc(), LinkProposal.id)
        .limit(MAX_LISTED)
    )
    views = _with_records(session, runtime, actor, list(session.scalars(stmt)))
    for kind, model in MODELS.items():
        shown = {r.id: r for v in views if v.proposal.kind == kind for r in (v.left, v.right)}
        record_listing(
            session, actor=actor, object_type=model.record_type, records=list(shown.values())
        )
    return views


def _with_records(
    session: Session, runtime: Runtime, actor: Actor, proposals: list[LinkProposal]
) -> list[ProposalView]:
    records: dict[tuple[ProposalKind, int], Any] = {}
    for kind, model in MODELS.items():
        ids = {i for p in proposals if p.kind == kind for i in (p.left_id, p.right_id)}
        if ids:
            stmt = scope(
                select(model).where(model.id.in_(ids)), session, actor, model, runtime.reciprocity
            )
            records.update({(kind, r.id): r for r in session.scalars(stmt)})
    return [
        ProposalView(p, records[(p.kind, p.left_id)], records[(p.kind, p.right_id)])
        for p in proposals
        if (p.kind, p.left_id) in records and (p.kind, p.right_id) in records
    ]


def get_judgeable(
    session: Session, runtime: Runtime, actor: Actor, proposal_id: int
) -> ProposalView:
    """One proposal the actor may judge; any other answers 404 like a missing one."""
    require(actor, Permission.SCREENING_LINK)
    stmt = select(LinkProposal).where(
        LinkProposal.id == proposal_id, _judgeable(session, runtime, actor)
    )
    found = session.scalars(stmt).first()
    views = _with_records(session, runtime, actor, [found] if found else [])
    if not views:
        raise NotFound()
    return views[0]


def decide(
    session: Session, runtime: Runtime, actor: Actor, proposal_id: int, *, confirm: bool
) -> ProposalView:
    """Confirm or reject an open proposal; a confirmed event link becomes an IncidentLink."""
    view = get_judgeable(session, runtime, actor, proposal_id)
    proposal = view.proposal
    if proposal.status != ProposalStatus.PROPOSED:
        raise InvalidInput({"__all__": "This proposal was already decided."})
    if confirm and proposal.kind == ProposalKind.EVENT:
        _link_events(session, runtime, actor, view.left, view.right)
    assert actor.member_id is not None  # every role holding SCREENING_LINK belongs to a member
    proposal.status = ProposalStatus.CONFIRMED if confirm else ProposalStatus.REJECTED
    proposal.decided_by_id = actor.user_id
    proposal.decided_by_member_id = actor.member_id
    proposal.decided_at = utcnow()
    _audit(
        session, actor, view, AuditAction.LINK_CONFIRMED if confirm else AuditAction.LINK_REJECTED
    )
    session.flush()
    return view


def _link_events(
    session: Session, runtime: Runtime, actor: Actor, left: Incident, right: Incident
) -> None:
    """Make the two reports one event through the duplicate links analysts already use: the
    later report (or its own canonical) becomes a duplicate of the earlier one's event."""
    roots = [_canonical_of(session, r.id) for r in (left, right)]
    if roots[0] == roots[1]:
        return  # already one event
    first, second = sorted(roots)
    try:
        try:
            duplicates.link_duplicate(session, runtime, actor, second, first)
        except InvalidInput:
            # The later report already has duplicates of its own: link the other way round.
            duplicates.link_duplicate(session, runtime, actor, first, second)
    except (InvalidInput, NotFound):
        raise InvalidInput(
            {"__all__": "These reports cannot be linked here: open their duplicates pages."}
        ) from None


def _canonical_of(session: Session, incident_id: int) -> int:
    stmt = select(IncidentLink.canonical_id).where(IncidentLink.duplicate_id == incident_id)
    return session.scalar(stmt) or incident_id


def _audit(session: Session, actor: Actor, view: ProposalView, action: AuditAction) -> None:
    """One entry about each record, so each owning member finds the decision in its trail."""
    proposal = view.proposal
    changes = {
        "proposal_id": proposal.id,
        "kind": str(proposal.kind),
        "left_id": proposal.left_id,
        "right_id": proposal.right_id,
    }
    for item in (view.left, view.right):
        record(
            session,
            actor=actor,
            action=action,
            object_type=item.record_type,
            object_id=item.id,
            object_member_id=item.owner_member_id,
            changes=changes,
        )
