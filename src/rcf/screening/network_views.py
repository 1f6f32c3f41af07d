"""The network page: persons, events, trafficking cases, vessels, phone numbers and documents
around one person of interest or one incident report, drawn on the server (SVG) with a table of
the same nodes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from rcf.screening.network import MAX_HOPS, Network, NodeKind, clamp_hops, layout
from rcf.screening.network_loading import event_network, person_network
from rcf.web.deps import PageActor, RuntimeDep, SessionDep
from rcf.web.ratelimit import count_page_use
from rcf.web.templating import render

router = APIRouter(include_in_schema=False)

# Legend: how each kind of node is drawn (shape and colour), in the order the legend lists them.
STYLES = {
    NodeKind.PERSON: ("circle", "#1d4f91", "Person of interest"),
    NodeKind.EVENT: ("square", "#b45309", "Event (incident report)"),
    NodeKind.VESSEL: ("diamond", "#0f766e", "Vessel"),
    NodeKind.PHONE: ("circle", "#6d28d9", "Phone number"),
    NodeKind.DOCUMENT: ("square", "#b91c1c", "Document"),
    NodeKind.CASE: ("diamond", "#be185d", "Trafficking case (number only)"),
}


def _hops(raw: str | None) -> int:
    """A page parameter, read leniently: anything but 1..3 gives the default."""
    text = (raw or "").strip()
    return clamp_hops(int(text) if text.isdigit() and len(text) < 3 else None)


def _page(request: Request, network: Network, here: str) -> Response:
    return render(
        request,
        "screening/network.html",
        {
            "network": network,
            "drawing": layout(network),
            "styles": STYLES,
            "labels": {n.key: n.label for n in network.nodes},
            "hop_choices": range(1, MAX_HOPS + 1),
            "here": here,
        },
    )


@router.get("/screening/persons/{person_id}/network", response_class=HTMLResponse)
def person_network_page(
    request: Request,
    person_id: int,
    actor: PageActor,
    db: SessionDep,
    runtime: RuntimeDep,
    hops: str | None = None,
) -> Response:
    count_page_use(request, actor, "network")
    network = person_network(db, runtime, actor, person_id, _hops(hops))
    db.commit()  # the audit entries of the view
    return _page(request, network, f"/screening/persons/{person_id}/network")


@router.get("/incidents/{incident_id}/network", response_class=HTMLResponse)
def event_network_page(
    request: Request,
    incident_id: int,
    actor: PageActor,
    db: SessionDep,
    runtime: RuntimeDep,
    hops: str | None = None,
) -> Response:
    count_page_use(request, actor, "network")
    network = event_network(db, runtime, actor, incident_id, _hops(hops))
    db.commit()
    return _page(request, network, f"/incidents/{incident_id}/network")
