"""Authorization-matrix rules (C9) for the network view and the review of proposed links; see
matrix_support. The objects mirror the incident shapes: own (the caller's, or shared with the
RSO), other member's national, and A's regional one (hidden from C until C contributes). A
network meets another member's person only through a hit or a confirmed link, so the RSO's
"own" person carries the RSO's screening hit, and A's regional one (no hit) is hidden from the
RSO too."""

from __future__ import annotations

from sqlalchemy.orm import Session

from rcf.access.policy import Visibility
from rcf.access.roles import Role
from rcf.screening.models import WatchlistPerson
from rcf.screening.proposal_models import LinkProposal, ProposalKind
from tests.factories import World
from tests.functional.matrix_support import ALL, I, Relation, Rule, Target, api, web
from tests.functional.network.helpers import make_hit, make_person

PERSON = Target.NETWORK_PERSON
PROPOSAL = Target.LINK_PROPOSAL
# Analysts and focal points confirm or reject proposed links (SCREENING_LINK).
LINKERS = frozenset({Role.ANALYST, Role.FOCAL_POINT})

RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/screening/persons/{person_id}/network"): web(ALL, target=PERSON),
    ("GET", "/incidents/{incident_id}/network"): web(ALL, target=I),
    ("GET", "/api/v1/screening/network/persons/{person_id}"): api(ALL, target=PERSON),
    ("GET", "/api/v1/screening/network/events/{incident_id}"): api(ALL, target=I),
    ("GET", "/screening/links"): web(LINKERS),
    # The permission is checked before the lookup: other roles learn nothing from any id.
    ("POST", "/screening/links/{proposal_id}/confirm"): web(LINKERS, 303, target=PROPOSAL),
    ("POST", "/screening/links/{proposal_id}/reject"): web(LINKERS, 303, target=PROPOSAL),
}


def _person(db: Session, world: World, relation: Relation, caller: str, owner: str) -> int:
    """A person of ``owner`` in the shape the relation asks for (see the module docstring)."""
    if relation is Relation.OWN and caller == "RSO":
        made = make_person(db, world, owner, "Matrix Person", visibility=Visibility.MEMBERS,
                           shared_with=["RSO"])  # fmt: skip
    elif relation is Relation.NON_CONTRIBUTOR:
        made = make_person(db, world, owner, "Matrix Person", visibility=Visibility.REGIONAL)
    else:
        made = make_person(db, world, owner, "Matrix Person", visibility=Visibility.NATIONAL)
    return made.id


def make_watchlist_person(db: Session, world: World, relation: Relation, caller: str) -> int:
    owner = "B" if relation is Relation.OTHER and caller != "RSO" else "A"
    made = _person(db, world, relation, caller, owner)
    if relation is Relation.OWN and caller == "RSO":
        make_hit(db, world, "RSO", db.get_one(WatchlistPerson, made))
    db.commit()
    return made


def make_proposal(db: Session, world: World, relation: Relation, caller: str) -> int:
    """Between two persons both visible to the caller (own), or not (other, non-contributor)."""
    first = _person(db, world, relation, caller, "A")
    if relation is Relation.OWN and caller != "RSO":
        second = make_person(db, world, "B", "Matrix Person", visibility=Visibility.MEMBERS,
                             shared_with=["A"]).id  # fmt: skip
    else:
        second = _person(db, world, relation, caller, "B")
    proposal = LinkProposal(kind=ProposalKind.PERSON, left_id=min(first, second),
                            right_id=max(first, second), score=0.9, explanation={})  # fmt: skip
    db.add(proposal)
    db.commit()
    return proposal.id
