"""Rules of the members registry. Reading is open to every signed-in user; changes are the RSO
administrator's and each one is audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require
from rcf.access.roles import Role
from rcf.accounts.models import User
from rcf.audit.models import AuditAction
from rcf.audit.service import diff, record
from rcf.errors import InvalidInput, NotFound
from rcf.members.models import Agency, ConsultativeProcess, Member, MemberKind
from rcf.members.schemas import AgencyIn, MemberIn, MemberUpdate, ProcessIn


def list_members(session: Session, actor: Actor, kind: MemberKind | None = None) -> list[Member]:
    require(actor, Permission.MEMBER_READ)
    stmt = select(Member).order_by(Member.name)
    if kind is not None:
        stmt = stmt.where(Member.kind == kind)
    return list(session.scalars(stmt))


def get_member(session: Session, actor: Actor, code: str) -> Member:
    require(actor, Permission.MEMBER_READ)
    member = session.scalars(select(Member).where(Member.code == code.upper()[:8])).first()
    if member is None:
        raise NotFound()
    return member


def focal_points(session: Session, actor: Actor, member: Member) -> list[User]:
    """A member's active national focal points: the contacts every other member may see."""
    require(actor, Permission.MEMBER_READ)
    return list(
        session.scalars(
            select(User)
            .where(
                User.member_id == member.id, User.role == Role.FOCAL_POINT, User.is_active.is_(True)
            )
            .order_by(User.full_name)
        )
    )


def list_processes(session: Session, actor: Actor) -> list[ConsultativeProcess]:
    require(actor, Permission.MEMBER_READ)
    return list(session.scalars(select(ConsultativeProcess).order_by(ConsultativeProcess.code)))


def member_fields(member: Member) -> dict[str, Any]:
    return {
        "code": member.code,
        "name": member.name,
        "kind": member.kind,
        "status": member.status,
        "joined_on": member.joined_on,
    }


def save_member(session: Session, actor: Actor, data: MemberIn) -> Member:
    """Create the member, or update it when the code exists (used by the importer too)."""
    require(actor, Permission.MEMBER_MANAGE)
    member = session.scalars(select(Member).where(Member.code == data.code)).first()
    if member is None:
        member = Member(**data.model_dump())
        session.add(member)
        session.flush()
        record(
            session,
            actor=actor,
            action=AuditAction.MEMBER_CREATED,
            object_type="member",
            object_id=member.code,
            changes=member_fields(member),
        )
        return member
    return _apply(session, actor, member, data.model_dump(exclude={"code"}))


def update_member(session: Session, actor: Actor, code: str, data: MemberUpdate) -> Member:
    require(actor, Permission.MEMBER_MANAGE)
    return _apply(session, actor, get_member(session, actor, code), data.model_dump())


def _apply(session: Session, actor: Actor, member: Member, values: dict[str, Any]) -> Member:
    _update_audited(
        session, actor, member, values, AuditAction.MEMBER_UPDATED, "member", member.code
    )
    return member


def _update_audited(
    session: Session,
    actor: Actor,
    target: Any,
    values: dict[str, Any],
    action: AuditAction,
    object_type: str,
    object_id: str,
) -> None:
    """Set ``values`` on ``target`` and audit the fields that really changed (if any)."""
    before = {name: getattr(target, name) for name in values}
    for name, value in values.items():
        setattr(target, name, value)
    changes = diff(before, values)
    if changes:
        record(
            session,
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            changes=changes,
        )


def save_agency(session: Session, actor: Actor, member: Member, data: AgencyIn) -> Agency:
    """Add an agency to a member, or update the one of that name."""
    require(actor, Permission.MEMBER_MANAGE)
    agency = session.scalars(
        select(Agency).where(Agency.member_id == member.id, Agency.name == data.name)
    ).first()
    if agency is None:
        agency = Agency(member_id=member.id, name=data.name, kind=data.kind)
        session.add(agency)
        session.flush()
        record(
            session,
            actor=actor,
            action=AuditAction.AGENCY_CREATED,
            object_type="agency",
            object_id=agency.id,
            changes={"member": member.code, **data.model_dump()},
        )
    elif agency.kind != data.kind:
        record(
            session,
            actor=actor,
            action=AuditAction.AGENCY_UPDATED,
            object_type="agency",
            object_id=agency.id,
            changes=diff({"kind": agency.kind}, {"kind": data.kind}),
        )
        agency.kind = data.kind
    return agency


def rename_agency(session: Session, actor: Actor, agency_id: int, data: AgencyIn) -> Agency:
    require(actor, Permission.MEMBER_MANAGE)
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound()
    taken = session.scalars(
        select(Agency.id).where(
            Agency.member_id == agency.member_id, Agency.name == data.name, Agency.id != agency.id
        )
    ).first()
    if taken is not None:
        raise InvalidInput({"name": "This member already has an agency of that name."})
    before = {"name": agency.name, "kind": agency.kind}
    agency.name, agency.kind = data.name, data.kind
    record(
        session,
        actor=actor,
        action=AuditAction.AGENCY_UPDATED,
        object_type="agency",
        object_id=agency.id,
        changes=diff(before, {"name": agency.name, "kind": agency.kind}),
    )
    return agency


def save_process(session: Session, actor: Actor, data: ProcessIn) -> ConsultativeProcess:
    require(actor, Permission.MEMBER_MANAGE)
    process = session.scalars(
        select(ConsultativeProcess).where(ConsultativeProcess.code == data.code)
    ).first()
    values = data.model_dump()
    if process is None:
        process = ConsultativeProcess(**values)
        session.add(process)
        session.flush()
        record(
            session,
            actor=actor,
            action=AuditAction.PROCESS_CREATED,
            object_type="process",
            object_id=process.code,
            changes=values,
        )
        return process
    _update_audited(
        session, actor, process, values, AuditAction.PROCESS_UPDATED, "process", process.code
    )
    return process
