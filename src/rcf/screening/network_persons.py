"""A person of interest as a network node: what a screening hit on the entry would show.

The viewer's own member's entries show in full, with the owner's reference and a link to the
entry. Another member's entry shows what ``policy.screening_disclosure`` lets a hit show for its
handling code (names for H0/H1), never the owner's national reference: it is named by whom to
contact and the reference of the viewer's member's hit on it, if any. An H2/H3 entry of
another member is only that contact line and its handling code: the network does not go on
through it (``is_contact_only``), so none of its numbers, documents or reports is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcf.access.policy import Actor, HandlingCode, screening_disclosure
from rcf.screening.models import WatchlistPerson
from rcf.screening.network import Node, NodeKind


@dataclass(frozen=True)
class Viewpoint:
    """Who looks (``actor``), member codes by id, and the viewer's member's hit reference on
    each entry it has a hit on."""

    actor: Actor
    members: dict[int, str]
    hit_references: dict[int, str]

    def is_own(self, person: WatchlistPerson) -> bool:
        return person.owner_member_id == self.actor.member_id

    def is_contact_only(self, person: WatchlistPerson) -> bool:
        """Another member's entry a hit would show as whom to contact only (H2, H3)."""
        return not self._disclosure(person)

    def names_shown(self, person: WatchlistPerson) -> bool:
        return "names" in self._disclosure(person)

    def _disclosure(self, person: WatchlistPerson) -> frozenset[str]:
        return screening_disclosure(self.actor, person.owner_member_id, person.handling_code)

    def source(self, person: WatchlistPerson) -> str:
        """The record named for the viewer: the owner's reference for its own people only."""
        owner = self.members.get(person.owner_member_id, "")
        if self.is_own(person):
            return f"{owner} {person.reference}"
        hit = self.hit_references.get(person.id)
        return f"{owner} hit {hit}" if hit else owner

    def contact(self, person: WatchlistPerson) -> str:
        """Whom to contact about another member's entry ("contact IDN, hit reference SH-1")."""
        owner = self.members.get(person.owner_member_id, "")
        hit = self.hit_references.get(person.id)
        return f"contact {owner}, hit reference {hit}" if hit else f"contact {owner}"


def person_node(view: Viewpoint, persons: list[WatchlistPerson]) -> Node:
    """One node for ``persons`` (one entry, or entries an analyst confirmed to be one)."""
    first = persons[0]
    names = sorted({_name(view, p) for p in persons})
    details = [_handling(view, p) for p in persons]
    # Roles only of entries whose name may be shown: an H2/H3 entry of another member is,
    # as a screening hit on it would be, only whom to contact.
    roles = sorted({role for p in persons if view.names_shown(p) for role in p.roles})
    if roles:
        details.append("Roles: " + ", ".join(r.replace("_", " ") for r in roles))
    return Node(
        NodeKind.PERSON,
        str(first.id),
        " / ".join(names),
        details,
        [view.source(p) for p in persons],
        # Only the owner's people open a watchlist entry; others contact the owner.
        href=f"/screening/persons/{first.id}" if view.is_own(first) else "",
        network_href=f"/screening/persons/{first.id}/network",
    )


def _name(view: Viewpoint, person: WatchlistPerson) -> str:
    if view.names_shown(person):
        return person.primary_name
    return f"Person of interest: {view.contact(person)}"


def _handling(view: Viewpoint, person: WatchlistPerson) -> str:
    """The handling code travels with the record; an H3 restriction is spelt out."""
    whose = view.source(person) if view.is_own(person) else view.contact(person)
    text = f"Handling {person.handling_code}: {whose}"
    if person.handling_code == HandlingCode.H3 and person.handling_restriction:
        text += f" (restriction: {person.handling_restriction})"
    return text
