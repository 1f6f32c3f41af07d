"""Authorization-matrix rules (C9) for travel-document integrity, and the objects and probe
bodies the matrix needs for them.

Validating an MRZ reads no records, so every role and any token may. The register is the
issuing member's: its people open its records (writers change them), the RSO administrator may
open and correct any record by id, nobody else reaches one (404). Checks are open to every
role. A hit is seen only by its two members: the owner of the record and the checker.
"""

from __future__ import annotations

from itertools import count

from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.documents.checks import CheckQuery, check_documents
from rcf.documents.models import DocumentRecord
from rcf.documents.register import create_record
from rcf.documents.register_schemas import RecordIn
from tests.factories import World
from tests.functional.matrix_support import (
    ALL,
    FOCAL,
    RSO,
    WRITERS,
    Relation,
    Rule,
    Target,
    api,
    web,
)

R, H = Target.DOCUMENT_RECORD, Target.DOCUMENT_HIT
CHANGERS = WRITERS | RSO

RULES: dict[tuple[str, str], Rule] = {
    ("POST", "/api/v1/documents/mrz"): api(ALL, 200),
    # The register (API)
    ("GET", "/api/v1/documents/register"): api(ALL),
    ("POST", "/api/v1/documents/register"): api(WRITERS, 422),  # probe: a state no one issues
    ("GET", "/api/v1/documents/register/{record_id}"): api(ALL, target=R),
    ("PUT", "/api/v1/documents/register/{record_id}"): api(
        CHANGERS, 422, target=R, lookup_first=True
    ),  # probe: another reference
    ("DELETE", "/api/v1/documents/register/{record_id}"): api(
        CHANGERS, 204, target=R, lookup_first=True
    ),
    # Checks and hits (API)
    ("POST", "/api/v1/documents/check"): api(ALL),
    ("POST", "/api/v1/documents/check-batch"): api(ALL),
    ("GET", "/api/v1/documents/hits"): api(ALL),
    ("GET", "/api/v1/documents/hits/{hit_reference}"): api(ALL, target=H),
    ("POST", "/api/v1/documents/hits/{hit_reference}/decision"): api(
        WRITERS, 200, target=H, lookup_first=True
    ),
    ("POST", "/api/v1/documents/hits/{hit_reference}/messages"): api(
        WRITERS, 201, target=H, lookup_first=True
    ),
    # Pages
    ("GET", "/documents/register"): web(ALL),
    ("GET", "/documents/register/new"): web(WRITERS),
    ("POST", "/documents/register"): web(WRITERS, 400),  # empty form
    ("GET", "/documents/register/{record_id}"): web(ALL, target=R),
    ("POST", "/documents/register/{record_id}"): web(CHANGERS, 400, target=R, lookup_first=True),
    ("POST", "/documents/register/{record_id}/withdraw"): web(
        CHANGERS, 303, target=R, lookup_first=True
    ),
    ("GET", "/documents/register/import"): web(WRITERS),
    ("POST", "/documents/register/import"): web(WRITERS, 400),  # no file chosen
    ("GET", "/documents/register/template.csv"): web(WRITERS),
    ("GET", "/documents/check"): web(ALL),
    ("POST", "/documents/check"): web(ALL, 400),  # nothing to check
    ("GET", "/documents/manifest"): web(ALL),
    ("POST", "/documents/manifest"): web(ALL, 400),  # no file chosen
    ("GET", "/documents/hits"): web(ALL),
    ("GET", "/documents/hits/{hit_reference}"): web(ALL, target=H),
    # An empty form: back to the hit with a message (303), after the lookup and the role.
    ("POST", "/documents/hits/{hit_reference}/decision"): web(
        WRITERS, 303, target=H, lookup_first=True
    ),
    ("POST", "/documents/hits/{hit_reference}/messages"): web(
        WRITERS, 303, target=H, lookup_first=True
    ),
    # The member's hit webhook: its focal point's (an empty URL is refused after the role).
    ("GET", "/documents/webhook"): web(FOCAL),
    ("POST", "/documents/webhook"): web(FOCAL, 400),
    ("POST", "/documents/webhook/remove"): web(FOCAL, 303),
}

# Valid in form and refused by the service after authorization (UTO, the specimen state, is
# no member's; the reference of an existing record cannot change).
PROBE_RECORD = {
    "national_reference": "MATRIX-PROBE",
    "document_number": "MATRIX1",
    "issuing_state": "UTO",
    "document_type": "passport",
    "status": "lost",
}
PROBES: dict[str, object] = {
    "/api/v1/documents/register": PROBE_RECORD,
    "/api/v1/documents/check-batch": {
        "passengers": [{"document_number": "MATRIX1", "issuing_state": "UTO"}]
    },
    "/api/v1/documents/check": {"document_number": "MATRIX1", "issuing_state": "UTO"},
    "/decision": {"decision": "confirmed"},
    "/messages": {"body": "Matrix probe message."},
}

_serial = count(1)


def _contributor(world: World, member: str) -> Actor:
    return actor_for_user(world.persona(member, Role.CONTRIBUTOR).user)


def _record(db: Session, world: World, member: str) -> int:
    code = world.members[member].code
    data = RecordIn(
        national_reference=f"MATRIX-{next(_serial)}",
        document_number=f"MX{next(_serial)}",
        issuing_state=code,
        document_type="passport",
        status="lost",
    )
    made = create_record(db, _contributor(world, member), data, review_years=10)
    db.commit()
    return made.id


def make_record(db: Session, world: World, relation: Relation, caller: str) -> int:
    """own: the caller's member's (A's for the RSO, which issues no documents); other: B's;
    non-contributor: A's, hidden from C."""
    if relation is Relation.OWN and caller != "RSO":
        return _record(db, world, caller)
    return _record(db, world, "B" if relation is Relation.OTHER else "A")


def make_hit(db: Session, world: World, relation: Relation, caller: str) -> str:
    """own: a hit on A's record (checked by B, or by the RSO when the RSO calls); other: C's
    check of B's record; non-contributor: B's check of A's record, hidden from C and the RSO."""
    owner, checker = {
        Relation.OWN: ("A", "RSO" if caller == "RSO" else "B"),
        Relation.OTHER: ("B", "C"),
        Relation.NON_CONTRIBUTOR: ("A", "B"),
    }[relation]
    made = db.get(DocumentRecord, _record(db, world, owner))
    assert made is not None
    query = CheckQuery(made.document_number, made.issuing_state)
    result = check_documents(db, _checker(world, checker), [query], source="matrix")
    db.commit()
    return result.hits[0][0].reference


def _checker(world: World, member: str) -> Actor:
    role = Role.ANALYST if member == "RSO" else Role.VIEWER
    return actor_for_user(world.persona(member, role).user)
