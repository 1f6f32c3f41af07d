"""The sharing policy: who may see and change which record, decided inside the SQL query.

Every capability's records carry the columns of ``SharedRecord`` and are read only through
``scope()`` (lists) or ``get_visible()`` (one record). The rules, documented in
docs/permissions.md:

* the owner member always sees its records;
* ``members`` visibility: also the members listed in ``record_shares`` (an explicit bilateral
  choice of the owner, so reciprocity does not apply);
* ``regional`` visibility: every member that meets reciprocity for that capability, i.e.
  contributed at least ``reciprocity_min_records`` live *regional* records of it within the
  window (national or bilateral records share nothing with the region, so they do not count);
  the RSO,
  which contributes none of its own, sees regional records as the framework's analytical hub;
* ``national`` visibility: the owner only. The RSO administrator sees nothing more than the
  RSO member does: national data not shared with the RSO stays invisible to the platform admin.

Outside scope a record answers exactly like a missing one (``NotFound``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Select,
    String,
    and_,
    bindparam,
    exists,
    false,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from rcf.access.permissions import Permission
from rcf.access.roles import Role, grantable_roles
from rcf.db import Base, StrEnumType, UTCDateTime, utcnow
from rcf.errors import Forbidden, NotFound
from rcf.members.models import MemberKind


class Visibility(StrEnum):
    NATIONAL = "national"
    MEMBERS = "members"
    REGIONAL = "regional"


class HandlingCode(StrEnum):
    """Europol SIENA handling codes."""

    H0 = "H0"  # use only to prevent and combat crime
    H1 = "H1"  # not as evidence in court without the provider's permission
    H2 = "H2"  # not to be passed on without the provider's permission
    H3 = "H3"  # other restrictions, stated in handling_restriction


class SourceReliability(StrEnum):
    A = "A"  # no doubt
    B = "B"  # mostly reliable
    C = "C"  # mostly unreliable
    X = "X"  # cannot be assessed


class InformationAccuracy(StrEnum):
    CONFIRMED = "1"  # not in doubt
    KNOWN_TO_SOURCE = "2"  # known personally to the source
    CORROBORATED = "3"
    NOT_CORROBORATED = "4"


@dataclass(frozen=True)
class Actor:
    """Who is asking, as the policy sees it: one user, possibly through a scoped API token."""

    user_id: int | None
    label: str
    member_id: int | None
    agency_id: int | None
    member_kind: str | None
    role: Role | None
    permissions: frozenset[Permission] = field(default_factory=frozenset)
    token_id: int | None = None
    request_id: str = ""
    client_address: str = ""

    @classmethod
    def anonymous(cls, *, request_id: str = "", client_address: str = "") -> Actor:
        return cls(
            None, "anonymous", None, None, None, None, frozenset(), None, request_id, client_address
        )

    @classmethod
    def system(cls, label: str = "system (cli)", member_id: int | None = None) -> Actor:
        """The platform operator at the command line: every permission, audited as such."""
        return cls(
            None,
            label,
            member_id,
            None,
            None,
            Role.RSO_ADMIN,
            frozenset(Permission),
            None,
            "cli",
            "",
        )

    def __post_init__(self) -> None:
        # A role may arrive as a plain str (a column read without its enum type); make it the
        # enum so identity checks such as ``actor.role is Role.RSO_ADMIN`` hold for everyone.
        if self.role is not None and not isinstance(self.role, Role):
            object.__setattr__(self, "role", Role(self.role))

    def has(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def is_rso(self) -> bool:
        return self.member_kind == MemberKind.RSO


def require(actor: Actor, permission: Permission) -> None:
    """Refuse (403) an actor whose role or token does not grant ``permission``."""
    if not actor.has(permission):
        raise Forbidden("Your role does not allow this action.")


class RecordShare(Base):
    """A record of visibility ``members`` is shared with each member listed here."""

    __tablename__ = "record_shares"

    record_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )


# The sharing metadata of a record, as columns, form fields and file columns (``shared_with``,
# the list of members, lives in record_shares).
SHARING_FIELDS = (
    "visibility",
    "handling_code",
    "handling_restriction",
    "source_reliability",
    "information_accuracy",
    "review_date",
)


class SharedRecord:
    """Mixin with the sharing metadata every capability's records carry.

    A capability model sets ``record_type`` (its name in record_shares and audit) and
    ``read_permission``/``write_permission``.
    """

    record_type: ClassVar[str]
    read_permission: ClassVar[Permission]
    write_permission: ClassVar[Permission]
    extra_table_args: ClassVar[tuple[Any, ...]] = ()  # a capability's own indexes/constraints

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    visibility: Mapped[Visibility] = mapped_column(
        StrEnumType(Visibility, 16), default=Visibility.NATIONAL
    )
    handling_code: Mapped[HandlingCode] = mapped_column(
        StrEnumType(HandlingCode, 2), default=HandlingCode.H0
    )
    handling_restriction: Mapped[str] = mapped_column(String(500), default="")
    source_reliability: Mapped[SourceReliability] = mapped_column(
        StrEnumType(SourceReliability, 1), default=SourceReliability.X
    )
    information_accuracy: Mapped[InformationAccuracy] = mapped_column(
        StrEnumType(InformationAccuracy, 1), default=InformationAccuracy.NOT_CORROBORATED
    )
    review_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        name = cls.__tablename__  # type: ignore[attr-defined]
        return (
            Index(f"ix_{name}_owner_created", "owner_member_id", "created_at"),
            Index(f"ix_{name}_visibility_id", "visibility", "id"),
            *cls.extra_table_args,
        )

    def sharing_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in SHARING_FIELDS}


R = TypeVar("R", bound=SharedRecord)


@dataclass(frozen=True)
class Reciprocity:
    """The reciprocity rule in force (from settings)."""

    min_records: int = 1
    window_days: int = 365


def meets_reciprocity(
    session: Session, actor: Actor, model: type[SharedRecord], rule: Reciprocity
) -> bool:
    """Whether the actor's member may see other members' regional records of ``model``: its
    ``min_records``-th newest live regional record lies inside the window."""
    if actor.member_id is None:
        return False
    if actor.is_rso or rule.min_records == 0:
        return True
    since = utcnow() - timedelta(days=rule.window_days)
    probe = _nth_newest_probe(model, rule.min_records)
    # Core execution on the connection: the ORM layer would double the cost of this probe.
    found = session.connection().scalar(probe, {"member": actor.member_id, "since": since})
    return found is not None


_PROBES: dict[tuple[str, int], Select[Any]] = {}


def _nth_newest_probe(model: type[SharedRecord], nth: int) -> Select[Any]:
    """Built once per model (so its cache key is computed once): newest first through the
    (owner, created_at) index, because rows are appended in time order and an unordered LIMIT
    may read most of the table before it finds a recent one."""
    key = (model.record_type, nth)
    if key not in _PROBES:
        _PROBES[key] = _build_probe(model, nth)
    return _PROBES[key]


def _build_probe(model: type[SharedRecord], nth: int) -> Select[Any]:
    return (
        select(model.id)
        .where(
            model.owner_member_id == bindparam("member"),
            model.created_at >= bindparam("since", type_=UTCDateTime),
            model.withdrawn_at.is_(None),
            # Only what the region can see counts: a national record shares nothing, so it
            # must not buy access to everyone else's.
            model.visibility == Visibility.REGIONAL,
        )
        .order_by(model.created_at.desc())
        .offset(nth - 1)
        .limit(1)
    )


def visible_clause(
    session: Session, actor: Actor, model: type[SharedRecord], rule: Reciprocity
) -> Any:
    """The WHERE clause of the records ``actor`` may see (withdrawn ones excluded).

    Two shapes with the same meaning, chosen for speed: a contributor sees most regional rows,
    so a newest-first scan fills a page at once; anyone else sees few rows, found through
    indexes instead of a scan of the whole table.
    """
    member = actor.member_id
    if member is None:
        return false()
    if meets_reciprocity(session, actor, model, rule):
        # OFFSET 0 keeps PostgreSQL from hashing every share of the member before the scan;
        # it probes the record_shares primary key row by row instead.
        shared_with_me = exists(
            select(RecordShare.record_id)
            .where(
                RecordShare.record_type == model.record_type,
                RecordShare.record_id == model.id,
                RecordShare.member_id == member,
            )
            .offset(0)
        )
        allowed = _sharing_rule(
            member, True, model.owner_member_id, model.visibility, shared_with_me
        )
        return and_(model.withdrawn_at.is_(None), allowed)
    own_or_shared = union_all(
        select(model.id).where(model.owner_member_id == member),
        select(RecordShare.record_id).where(
            RecordShare.member_id == member, RecordShare.record_type == model.record_type
        ),
    )
    return and_(
        model.withdrawn_at.is_(None),
        model.id.in_(own_or_shared),
        or_(model.owner_member_id == member, model.visibility == Visibility.MEMBERS),
    )


def _sharing_rule(
    member: int, meets: bool, owner: Any, visibility: Any, shared_with_me: Any
) -> Any:
    """The rule itself over any columns: own, regional (with reciprocity), or shared with me."""
    allowed = [owner == member, and_(visibility == Visibility.MEMBERS, shared_with_me)]
    if meets:  # first: most rows a contributor sees are regional
        allowed.insert(0, visibility == Visibility.REGIONAL)
    return or_(*allowed)


GroupClause = Callable[[Any, Any, Any], Any]


def group_visibility(
    session: Session, actor: Actor, model: type[SharedRecord], rule: Reciprocity
) -> GroupClause:
    """The sharing rule over pre-aggregated rows of *live* records of ``model`` (rollups), each
    keyed by owner member, visibility and the members the records are shared with, written
    ``",3,7,"`` (empty unless the visibility is ``members``). Returns a function of those three
    columns giving the WHERE clause; reciprocity is decided once, here."""
    require(actor, model.read_permission)
    member = actor.member_id
    if member is None:
        return lambda owner, visibility, shared_with: false()
    meets = meets_reciprocity(session, actor, model, rule)

    def clause(owner: Any, visibility: Any, shared_with: Any) -> Any:
        shared_with_me = shared_with.contains(f",{member},", autoescape=True)
        return _sharing_rule(member, meets, owner, visibility, shared_with_me)

    return clause


def scope(
    stmt: Select[Any],
    session: Session,
    actor: Actor,
    model: type[SharedRecord],
    rule: Reciprocity,
    permission: Permission | None = None,
) -> Select[Any]:
    """Add the sharing rules to ``stmt`` (a select over ``model``); 403 without the permission."""
    require(actor, permission or model.read_permission)
    return stmt.where(visible_clause(session, actor, model, rule))


def get_visible(
    session: Session, actor: Actor, model: type[R], record_id: int, rule: Reciprocity
) -> R:
    """Load one record through ``scope()``; a hidden record raises the same 404 as a missing one."""
    stmt = scope(select(model).where(model.id == record_id), session, actor, model, rule)
    found: R | None = session.scalars(stmt).first()
    if found is None:
        raise NotFound()
    return found


def get_editable(
    session: Session, actor: Actor, model: type[R], record_id: int, rule: Reciprocity
) -> R:
    """A record the actor may change: 404 when hidden, 403 when visible but not theirs."""
    found = get_visible(session, actor, model, record_id, rule)
    if not can(actor, model.write_permission, found):
        raise Forbidden("Only the member that owns this record can change it.")
    return found


def can(actor: Actor, permission: Permission, record: SharedRecord) -> bool:
    """Decide a write-like action on one record the actor can already see."""
    if not actor.has(permission):
        return False
    return record.owner_member_id == actor.member_id


def can_pass_on(actor: Actor, record: SharedRecord) -> bool:
    """Whether the actor may re-share or export the record to others (H2 binds non-owners)."""
    if record.owner_member_id == actor.member_id:
        return True
    return record.handling_code != HandlingCode.H2


# --- Trafficking cases: stricter than the general rule ----------------------------------------
# A case is never regional: the owner member sees it, and a member it was shared with sees it
# while the person's consent stands (withdrawal stops all sharing at once, inside the query).
# The victim's identity is for the owning agency's case workers only.


def case_clause(actor: Actor, model: Any) -> Any:
    """The WHERE clause of the trafficking cases ``actor`` may see (``model``: the case)."""
    member = actor.member_id
    if member is None:
        return false()
    shared_with_me = exists(
        select(RecordShare.record_id).where(
            RecordShare.record_type == model.record_type,
            RecordShare.record_id == model.id,
            RecordShare.member_id == member,
        )
    )
    shared = and_(
        model.visibility == Visibility.MEMBERS,
        model.consent_withdrawn_at.is_(None),
        shared_with_me,
    )
    return and_(model.withdrawn_at.is_(None), or_(model.owner_member_id == member, shared))


def scope_cases(stmt: Select[Any], actor: Actor, model: Any) -> Select[Any]:
    require(actor, Permission.TRAFFICKING_READ)
    return stmt.where(case_clause(actor, model))


def get_visible_case(session: Session, actor: Actor, model: type[R], case_id: int) -> R:
    """One case through ``case_clause``; hidden answers the same 404 as missing."""
    found: R | None = session.scalars(
        scope_cases(select(model).where(model.id == case_id), actor, model)
    ).first()
    if found is None:
        raise NotFound()
    return found


def may_see_identity(actor: Actor, case: SharedRecord) -> bool:
    """Only a case worker of the agency that owns the case sees who the person is."""
    return (
        actor.has(Permission.TRAFFICKING_IDENTITY)
        and actor.member_id == case.owner_member_id
        and actor.agency_id == case.owner_agency_id
    )


def get_editable_case(session: Session, actor: Actor, model: type[R], case_id: int) -> R:
    """A case the actor may change: its owning agency's case workers. Without the write
    permission 403 whatever the id (nothing to learn); hidden 404; visible but another
    agency's 403."""
    require(actor, Permission.TRAFFICKING_WRITE)
    found = get_visible_case(session, actor, model, case_id)
    if not (actor.has(Permission.TRAFFICKING_WRITE) and may_see_identity(actor, found)):
        raise Forbidden("Only case workers of the agency that owns this case can change it.")
    return found


# --- Trafficking referrals: the two members of a referral, and no one else ---------------------
# The sender sees its referrals; the receiver sees one once four eyes approved it and while the
# person's consent stands (inside the query: withdrawal hides it at once). The identity sent is
# for the sender's case workers and, once accepted, the receiver's assigned agency's.


def referral_clause(actor: Actor, referral: Any, case: Any) -> Any:
    """The WHERE clause of the referrals ``actor`` may see (``case``: the case model)."""
    member = actor.member_id
    if member is None:
        return false()
    consent_stands = exists(
        select(case.id).where(case.id == referral.case_id, case.consent_withdrawn_at.is_(None))
    )
    received = and_(
        referral.receiver_member_id == member,
        referral.approval != "pending",
        consent_stands,
    )
    return or_(referral.sender_member_id == member, received)


Ref = TypeVar("Ref")


def get_visible_referral(
    session: Session, actor: Actor, referral: type[Ref], case: Any, referral_id: int
) -> Ref:
    require(actor, Permission.TRAFFICKING_READ)
    stmt = select(referral).where(referral.id == referral_id)  # type: ignore[attr-defined]
    found: Ref | None = session.scalars(stmt.where(referral_clause(actor, referral, case))).first()
    if found is None:
        raise NotFound()
    return found


def require_referral_actor(actor: Actor) -> None:
    """Who may act on referrals at all: case workers, and focal points (who answer them)."""
    if not (actor.has(Permission.TRAFFICKING_WRITE) or is_focal_point(actor)):
        raise Forbidden("Your role does not allow this action.")


def is_focal_point(actor: Actor) -> bool:
    return actor.role is Role.FOCAL_POINT and actor.has(Permission.TRAFFICKING_READ)


def is_sender_case_worker(actor: Actor, referral: Any) -> bool:
    return (
        actor.has(Permission.TRAFFICKING_IDENTITY)
        and actor.member_id == referral.sender_member_id
        and actor.agency_id == referral.sender_agency_id
    )


def is_receiving_case_worker(actor: Actor, referral: Any) -> bool:
    return (
        actor.has(Permission.TRAFFICKING_IDENTITY)
        and actor.member_id == referral.receiver_member_id
        and referral.receiver_agency_id is not None
        and actor.agency_id == referral.receiver_agency_id
    )


def is_referral_party(actor: Actor, referral: Any) -> bool:
    """May make the moves of its side: the sending agency's case workers, the focal points of
    both members, the receiving agency's case workers. (Messages, like the identity sent, are
    for the case workers alone: ``may_see_referral_identity``.)"""
    members = (referral.sender_member_id, referral.receiver_member_id)
    focal = is_focal_point(actor) and actor.member_id in members
    return (
        focal or is_sender_case_worker(actor, referral) or is_receiving_case_worker(actor, referral)
    )


def may_see_referral_identity(actor: Actor, referral: Any, *, accepted: bool) -> bool:
    if is_sender_case_worker(actor, referral):
        return True
    return accepted and is_receiving_case_worker(actor, referral)


def attachment_clause(
    actor: Actor, attachment: Any, referral: Any, case: Any, opened_states: Iterable[str]
) -> Any:
    """The WHERE clause of the attachments ``actor`` may open, in a query joining each to its
    ``referral``: on a referral it sees, for the sending agency's case workers, and the
    receiving agency's once the referral was accepted and is not declined or withdrawn
    (``opened_states``). Files hold identity, like the identity sent."""
    if actor.member_id is None or not actor.has(Permission.TRAFFICKING_IDENTITY):
        return false()
    sender = and_(
        referral.sender_member_id == actor.member_id,
        referral.sender_agency_id == actor.agency_id,
    )
    receiver = and_(
        referral.receiver_member_id == actor.member_id,
        referral.receiver_agency_id == actor.agency_id,
        referral.status.in_(list(opened_states)),
    )
    return and_(
        referral.id == attachment.referral_id,
        referral_clause(actor, referral, case),
        or_(sender, receiver),
    )


# --- Administrative objects: users, tokens and audit entries ------------------------------------
# A focal point administers its own member; the RSO administrator the whole platform.


def user_clause(actor: Actor, user_member_column: Any) -> Any:
    """Which users (by their member column) ``actor`` may administer."""
    require(actor, Permission.USER_MANAGE)
    if actor.role == Role.RSO_ADMIN:
        return user_member_column.is_not(None)
    return user_member_column == actor.member_id


def token_clause(actor: Actor, token_member_column: Any) -> Any:
    """Which API tokens ``actor`` may see and revoke: its own member's."""
    require(actor, Permission.TOKEN_MANAGE)
    return token_member_column == actor.member_id


def audit_clause(actor: Actor, entry_member_column: Any, object_member_column: Any) -> Any:
    """Audit entries ``actor`` may read: the platform's (RSO), or those made by its member's
    people and those about its member's records, including reads by other members."""
    require(actor, Permission.AUDIT_READ)
    if actor.has(Permission.AUDIT_READ_PLATFORM):
        return entry_member_column.is_(None) | entry_member_column.is_not(None)
    return or_(entry_member_column == actor.member_id, object_member_column == actor.member_id)


def audit_changes_visible(actor: Actor, action: str, object_member_id: int | None) -> bool:
    """The before/after values of a record's change are the record's content: only the owning
    member's people see them. The platform view shows who did what and when, never what a
    national record says (C5: field by field)."""
    return not action.startswith("record.") or object_member_id == actor.member_id


def may_grant(actor: Actor, role: Role, target_member_kind: str | None) -> bool:
    """No one grants a role above their own; rso_admin exists only inside the RSO (C10)."""
    if actor.role is None or role not in grantable_roles(actor.role):
        return False
    # ``==``, not ``is``: a role may be passed as a plain str.
    return role != Role.RSO_ADMIN or target_member_kind == MemberKind.RSO


# --- The document register ----------------------------------------------------------------------
# Only the issuing member's people list, add, amend and withdraw its records; the RSO
# administrator may open one by id to correct it (audited); everyone else learns of one record
# at a time, through a hit on a number they checked (and never lists the register).


def register_list_clause(actor: Actor, owner_column: Any) -> Any:
    """Register records ``actor`` may list: its own member's, nobody else's (not even the RSO's
    administrator's, who corrects one record by id)."""
    require(actor, Permission.DOCUMENT_REGISTER_READ)
    return false() if actor.member_id is None else owner_column == actor.member_id


def register_record_clause(actor: Actor, owner_column: Any) -> Any:
    """One register record by id: its owner's, or any for the RSO administrator's correction."""
    require(actor, Permission.DOCUMENT_REGISTER_READ)
    if actor.has(Permission.DOCUMENT_REGISTER_CORRECT):
        return owner_column.is_not(None)
    return register_list_clause(actor, owner_column)


def may_change_register_record(actor: Actor, owner_member_id: int) -> bool:
    """Amend or withdraw a record the actor can already see (visible but not this: 403)."""
    if actor.has(Permission.DOCUMENT_REGISTER_CORRECT):
        return True
    return actor.has(Permission.DOCUMENT_REGISTER_WRITE) and owner_member_id == actor.member_id


def may_report_document(actor: Actor, actor_state: str | None, issuing_state: str) -> bool:
    """Only the agencies of the member whose state issued a document report it."""
    return actor_state is not None and actor_state == issuing_state


def hit_clause(actor: Actor, owner_column: Any, checking_column: Any) -> Any:
    """Hits ``actor`` may see: those on its member's records and those its member's checks made."""
    require(actor, Permission.DOCUMENT_HIT_READ)
    if actor.member_id is None:
        return false()
    return or_(owner_column == actor.member_id, checking_column == actor.member_id)


# --- The watchlist of persons of interest --------------------------------------------------------
# A member lists and opens only its own entries. Screening searches more: the caller's own
# entries and other members' entries the core's sharing rule lets it see (listed members, or
# regional with reciprocity), never another member's national ones. What a hit on another
# member's entry shows depends on the entry's handling code; nobody can list those entries.


def watchlist_clause(actor: Actor, owner_column: Any) -> Any:
    """Watchlist entries ``actor`` may list and open: its own member's, nobody else's."""
    require(actor, Permission.SCREENING_READ)
    return false() if actor.member_id is None else owner_column == actor.member_id


def screening_clause(
    session: Session, actor: Actor, model: type[SharedRecord], rule: Reciprocity
) -> Any:
    """Watchlist entries ``actor`` screens against (live ones only): the core's sharing rule."""
    require(actor, Permission.SCREENING_MATCH)
    return visible_clause(session, actor, model, rule)


# What a hit on another member's entry shows besides "contact member B, hit reference X" (the
# hit itself). H0 data may be used to prevent and combat crime: the names, dates and the
# explanation help the officer judge the hit. H1 keeps names (no evidence in court anyway);
# H2 (not to be passed on) and H3 (stated restrictions) show the contact line only.
SCREENING_DISCLOSURE: dict[HandlingCode, frozenset[str]] = {
    HandlingCode.H0: frozenset({"names", "birth_dates", "nationalities", "gender", "explanation"}),
    HandlingCode.H1: frozenset({"names", "explanation"}),
    HandlingCode.H2: frozenset(),
    HandlingCode.H3: frozenset(),
}
OWN_ENTRY_DISCLOSURE = frozenset(
    {"names", "birth_dates", "nationalities", "gender", "explanation", "entry"}
)


def screening_disclosure(
    actor: Actor, owner_member_id: int, handling_code: HandlingCode
) -> frozenset[str]:
    """The parts of a matched entry the screening ``actor`` may see (``entry``: its id and the
    owner's reference, for the owner's own people only)."""
    if owner_member_id == actor.member_id:
        return OWN_ENTRY_DISCLOSURE
    return SCREENING_DISCLOSURE.get(HandlingCode(handling_code), frozenset())


def screening_hit_clause(actor: Actor, owner_column: Any, screening_column: Any) -> Any:
    """Screening hits ``actor`` may see: those on its member's entries and its member's own."""
    require(actor, Permission.SCREENING_HIT_READ)
    if actor.member_id is None:
        return false()
    return or_(owner_column == actor.member_id, screening_column == actor.member_id)
