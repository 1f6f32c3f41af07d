"""Authorization-matrix rules (C9) for the watchlist and screening, and the objects and probe
bodies the matrix needs for them.

A member's people list and open only its own entries (writers change them); nobody else reaches
one by id (404), not even the RSO. Screening is open to every role. A screening hit is seen by
its two members only: the entry's owner (whose writers answer it) and the screening member.
"""

from __future__ import annotations

import dataclasses
from itertools import count

from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.runtime import Runtime
from rcf.screening.models import ScreeningHit
from rcf.screening.schemas import WatchlistPersonIn
from rcf.screening.service import create_person
from tests.factories import World, watchlist_person_data
from tests.functional.matrix_support import (
    ALL,
    FOCAL,
    WRITERS,
    Relation,
    Rule,
    Target,
    api,
    web,
)

P, H = Target.WATCHLIST_PERSON, Target.SCREENING_HIT

RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/v1/screening/persons"): api(ALL),
    ("POST", "/api/v1/screening/persons"): api(WRITERS, 422),  # probe: an unknown member
    ("GET", "/api/v1/screening/persons/{person_id}"): api(ALL, target=P),
    ("PUT", "/api/v1/screening/persons/{person_id}"): api(
        WRITERS, 422, target=P, lookup_first=True
    ),
    ("DELETE", "/api/v1/screening/persons/{person_id}"): api(
        WRITERS, 204, target=P, lookup_first=True
    ),
    ("POST", "/api/v1/screening/match"): api(ALL),
    ("POST", "/api/v1/screening/manifest"): api(ALL),
    ("GET", "/api/v1/screening/hits"): api(ALL),
    ("GET", "/api/v1/screening/hits/{hit_reference}"): api(ALL, target=H),
    ("POST", "/api/v1/screening/hits/{hit_reference}/decision"): api(
        WRITERS, 200, target=H, lookup_first=True
    ),
    # Pages: screening is every role's; the watchlist's writers change their member's entries.
    ("GET", "/screening"): web(ALL),
    ("POST", "/screening"): web(ALL, 400),  # no name
    ("GET", "/screening/manifest"): web(ALL),
    ("POST", "/screening/manifest"): web(ALL, 400),  # no file
    ("GET", "/screening/hits"): web(ALL),
    ("GET", "/screening/hits/{hit_reference}"): web(ALL, target=H),
    # An empty form: back to the hit with a message, after the lookup and the role.
    ("POST", "/screening/hits/{hit_reference}/decision"): web(
        WRITERS, 303, target=H, lookup_first=True
    ),
    ("GET", "/screening/persons"): web(ALL),
    ("GET", "/screening/persons/new"): web(WRITERS),
    ("POST", "/screening/persons"): web(WRITERS, 400),  # empty form
    ("GET", "/screening/persons/{person_id}"): web(ALL, target=P),
    ("GET", "/screening/persons/{person_id}/edit"): web(WRITERS, target=P, lookup_first=True),
    ("POST", "/screening/persons/{person_id}"): web(WRITERS, 400, target=P, lookup_first=True),
    ("POST", "/screening/persons/{person_id}/withdraw"): web(
        WRITERS, 303, target=P, lookup_first=True
    ),
    ("GET", "/screening/persons/import"): web(WRITERS),
    ("POST", "/screening/persons/import"): web(WRITERS, 400),  # no file chosen
    ("GET", "/screening/persons/template.csv"): web(WRITERS),
    # The member's hit webhook: its focal point's (an empty URL is refused after the role).
    ("GET", "/screening/webhook"): web(FOCAL),
    ("POST", "/screening/webhook"): web(FOCAL, 400),
    ("POST", "/screening/webhook/remove"): web(FOCAL, 303),
}

PROBE_PERSON = watchlist_person_data(
    reference="MATRIX-PROBE", sharing={"visibility": "members", "shared_with": ["ZZZ"]}
)
PROBES: dict[str, object] = {
    "/api/v1/screening/persons": PROBE_PERSON,
    "/api/v1/screening/match": {"name": "Matrix Probe"},
    "/api/v1/screening/manifest": {
        "manifest": "surname,given_names,document_number,issuing_state\r\nPROBE,MATRIX,X1,THA\r\n"
    },
}

_serial = count(1)


def _author(world: World, member: str) -> Actor:
    if member == "RSO":  # the RSO's people cannot write: the operator acts for its agency
        actor = Actor.system(member_id=world.members["RSO"].id)
        return dataclasses.replace(actor, agency_id=world.agencies["RSO"].id)
    return actor_for_user(world.persona(member, Role.CONTRIBUTOR).user)


def _person(db: Session, runtime: Runtime, world: World, member: str) -> int:
    data = WatchlistPersonIn.model_validate(
        watchlist_person_data(reference=f"MATRIX-{next(_serial)}")
    )
    made = create_person(db, runtime, _author(world, member), data)
    db.commit()
    return made.id


def make_person(
    db: Session, runtime: Runtime, world: World, relation: Relation, caller: str
) -> int:
    """own: the caller's member's entry; other: B's (A's for the RSO); non-contributor: A's
    regional entry. Only the first is reachable."""
    if relation is Relation.OWN:
        return _person(db, runtime, world, caller)
    owner = "A" if caller == "RSO" or relation is Relation.NON_CONTRIBUTOR else "B"
    return _person(db, runtime, world, owner)


def make_hit(db: Session, runtime: Runtime, world: World, relation: Relation, caller: str) -> str:
    """own: a hit on A's entry screened by B (by the RSO when the RSO calls); other: C's
    screening of B's entry; non-contributor: B's screening of A's entry."""
    owner, screener = {
        Relation.OWN: ("A", "RSO" if caller == "RSO" else "B"),
        Relation.OTHER: ("B", "C"),
        Relation.NON_CONTRIBUTOR: ("A", "B"),
    }[relation]
    person_id = _person(db, runtime, world, owner)
    reference = f"SH-MATRIX{next(_serial)}"
    db.add(
        ScreeningHit(
            reference=reference,
            person_id=person_id,
            owner_member_id=world.members[owner].id,
            screening_member_id=world.members[screener].id,
            score=0.9,
            handling_code="H0",
        )
    )
    db.commit()
    return reference
