"""The audit of a network view: the start is read; every other person, report and case the
picture shows is listed (one listing entry each, as a search result would be)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.audit.models import AuditAction
from rcf.audit.service import record, record_listing
from rcf.incidents.models import Incident
from rcf.screening.models import WatchlistPerson
from rcf.screening.network import Network, NodeKind
from rcf.trafficking.models import TraffickingCase

if TYPE_CHECKING:
    from rcf.screening.network_loading import NetworkLoader


def audit_network(
    session: Session,
    actor: Actor,
    loader: NetworkLoader,
    network: Network,
    start: WatchlistPerson | Incident,
) -> None:
    """The start is read; every other person and report the picture shows is listed."""
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_READ,
        object_type=start.record_type,
        object_id=start.id,
        object_member_id=start.owner_member_id,
        changes={"view": "network", "hops": network.hops},
    )
    shown = {n.key for n in network.nodes}
    persons = [
        loader.persons[i]
        for i, node in sorted(loader.person_node.items())
        if node.key in shown and i != start.id
    ]
    record_listing(session, actor=actor, object_type=WatchlistPerson.record_type, records=persons)
    events = [
        loader.events[int(n.ident)]
        for n in network.nodes
        if n.kind is NodeKind.EVENT and n is not network.start
    ]
    record_listing(session, actor=actor, object_type=Incident.record_type, records=events)
    cases = [loader.cases[int(n.ident)] for n in network.nodes if n.kind is NodeKind.CASE]
    record_listing(session, actor=actor, object_type=TraffickingCase.record_type, records=cases)
