"""Pages of the analyst's review of proposed links (persons across members, reports of one
event): the list of open (or decided) proposals, and the confirm and reject buttons."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from rcf.access.policy import screening_disclosure
from rcf.errors import InvalidInput
from rcf.members.models import Member
from rcf.screening import proposals
from rcf.screening.proposal_models import ProposalStatus
from rcf.web.deps import FormData, FullSession, PageActor, RuntimeDep, SessionDep
from rcf.web.templating import flash, redirect, render

router = APIRouter(include_in_schema=False)


def _status(raw: str | None) -> ProposalStatus:
    """The list to show, read leniently: an unknown value shows the open proposals."""
    try:
        return ProposalStatus(raw or ProposalStatus.PROPOSED)
    except ValueError:
        return ProposalStatus.PROPOSED


@router.get("/screening/links", response_class=HTMLResponse)
def proposals_page(
    request: Request,
    actor: PageActor,
    db: SessionDep,
    runtime: RuntimeDep,
    status: str | None = None,
) -> Response:
    shown = _status(status)
    views = proposals.list_proposals(db, runtime, actor, shown)
    members = dict(db.execute(select(Member.id, Member.code)).all())
    db.commit()  # the audit entries of the listing
    return render(
        request,
        "screening/proposals.html",
        {
            "views": views,
            "status": shown,
            "statuses": list(ProposalStatus),
            "members": members,
            # Another member's person shows what its handling code lets a screening hit show.
            "disclosed": lambda p: screening_disclosure(actor, p.owner_member_id, p.handling_code),
        },
    )


def _decide(
    actor: PageActor,
    web: FullSession,
    db: SessionDep,
    runtime: RuntimeDep,
    proposal_id: int,
    confirm: bool,
) -> Response:
    try:
        proposals.decide(db, runtime, actor, proposal_id, confirm=confirm)
    except InvalidInput as error:
        db.rollback()
        flash(web, " ".join(error.errors.values()), "error")
        db.commit()
        return redirect("/screening/links")
    flash(web, "Link confirmed." if confirm else "Link rejected: it will not be proposed again.")
    db.commit()
    return redirect("/screening/links")


@router.post("/screening/links/{proposal_id}/confirm", response_class=HTMLResponse)
def confirm_proposal(
    proposal_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,  # checks the anti-forgery token
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    return _decide(actor, web, db, runtime, proposal_id, True)


@router.post("/screening/links/{proposal_id}/reject", response_class=HTMLResponse)
def reject_proposal(
    proposal_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,  # checks the anti-forgery token
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    return _decide(actor, web, db, runtime, proposal_id, False)
