"""Pages of cross-border referrals: the inbox (received) and outbox (sent), a referral with
its moves and secure messages, and the form to refer a case. Forms work without JavaScript;
a refused move or message comes back as a message on the referral page, never a lost form."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from rcf.access.permissions import Permission
from rcf.access.policy import is_referral_party, require, require_referral_actor
from rcf.errors import Conflict, Forbidden, InvalidInput
from rcf.members.models import Agency, Member
from rcf.trafficking import referral_attachments as attachment_service
from rcf.trafficking import referral_messages as message_service
from rcf.trafficking import referral_service as service
from rcf.trafficking import referrals as rules
from rcf.trafficking.referral_api import out
from rcf.trafficking.referral_reminders import current_reminders
from rcf.trafficking.referral_sealing import may_open_identity
from rcf.web.deps import FormData, FullSession, PageActor, RuntimeDep, SessionDep, form_list
from rcf.web.templating import flash, redirect, render

router = APIRouter(prefix="/trafficking/referrals", include_in_schema=False)
REFUSALS = (Conflict, Forbidden, InvalidInput)


def _refusal_text(error: Conflict | Forbidden | InvalidInput) -> str:
    if isinstance(error, InvalidInput):
        return " ".join(error.errors.values()) or error.detail
    return error.detail


@router.get("", response_class=HTMLResponse)
def boxes(
    request: Request,
    actor: PageActor,
    db: SessionDep,
    runtime: RuntimeDep,
    box: str = Query("inbox", pattern="^(inbox|outbox)$"),
) -> Response:
    referrals = service.list_referrals(db, actor, box)
    items = [out(db, runtime, actor, r, with_identity=False) for r in referrals]
    reminders = current_reminders(db, actor)
    db.commit()
    context = {"box": box, "items": items, "reminders": reminders}
    return render(request, "trafficking/referrals.html", context)


@router.get("/new", response_class=HTMLResponse)
def new_referral(
    request: Request, actor: PageActor, db: SessionDep, case_id: int | None = Query(None)
) -> Response:
    require(actor, Permission.TRAFFICKING_WRITE)
    return _form(request, db, actor.member_id, {"case_id": case_id or "", "fields": []})


def _form(
    request: Request,
    db: Any,
    member_id: int | None,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> Response:
    members = db.scalars(select(Member).where(Member.id != member_id).order_by(Member.name))
    context = {
        "values": values,
        "errors": errors or {},
        "members": list(members),
        "purposes": list(rules.ReferralPurpose),
        "identity_fields": sorted(rules.IDENTITY_FIELDS),
        "case_fields": sorted(rules.CASE_FIELDS),
    }
    return render(request, "trafficking/referral_form.html", context, status=400 if errors else 200)


@router.post("", response_class=HTMLResponse)
def create_referral(
    request: Request,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    require(actor, Permission.TRAFFICKING_WRITE)
    values = {**form, "fields": form_list(form, "fields")}
    try:
        referral = service.create_referral(
            db,
            runtime,
            actor,
            case_id=_int(form.get("case_id"), "case_id"),
            receiver=str(form.get("receiver", "")),
            purpose=_purpose(form.get("purpose")),
            fields=values["fields"],
        )
    except InvalidInput as error:
        db.rollback()
        return _form(request, db, actor.member_id, values, error.errors)
    waiting = " It waits for a second case worker's approval."
    flash(web, "The referral was created." + (waiting if referral.approval == "pending" else ""))
    db.commit()
    return redirect(f"/trafficking/referrals/{referral.id}")


def _int(value: Any, name: str) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise InvalidInput({name: "Give the number of one of your agency's cases."}) from None


def _purpose(value: Any) -> rules.ReferralPurpose:
    try:
        return rules.ReferralPurpose(str(value))
    except ValueError:
        raise InvalidInput({"purpose": "Choose the purpose of the referral."}) from None


@router.get("/{referral_id}", response_class=HTMLResponse)
def referral_page(
    request: Request, referral_id: int, actor: PageActor, db: SessionDep, runtime: RuntimeDep
) -> Response:
    referral = service.read_referral(db, actor, referral_id)
    opens = may_open_identity(actor, referral)
    messages = message_service.read_messages(db, runtime, actor, referral_id) if opens else []
    agencies = db.scalars(select(Agency).where(Agency.member_id == referral.receiver_member_id))
    attachments = attachment_service.list_attachments(db, runtime, actor, referral_id)
    context = {
        "attachments": attachments,
        "may_attach": actor.has(Permission.TRAFFICKING_WRITE)
        and opens
        and referral.status not in rules.FINAL,
        "attachment_limit": runtime.settings.trafficking_attachment_max_bytes,
        "r": out(db, runtime, actor, referral),
        "party": is_referral_party(actor, referral),
        "may_message": opens,
        "my_member": actor.member_id,
        "messages": messages,
        "agencies": list(agencies),
        "may_approve": referral.approval == "pending" and actor.has(Permission.TRAFFICKING_WRITE),
    }
    db.commit()
    return render(request, "trafficking/referral.html", context)


@router.post("/{referral_id}/approval")
def approve(
    referral_id: int, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    require(actor, Permission.TRAFFICKING_WRITE)
    return _act(web, db, referral_id, lambda: service.approve(db, actor, referral_id), "Approved.")


@router.post("/{referral_id}/transitions")
def move(
    referral_id: int, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    require_referral_actor(actor)
    agency = str(form.get("agency_id") or "")
    agency_id = int(agency) if agency.isdigit() else None
    to = str(form.get("to", ""))

    def act() -> object:
        return service.move(db, actor, referral_id, to, agency_id)

    return _act(web, db, referral_id, act, f"The referral is now {to.replace('_', ' ')}.")


@router.post("/{referral_id}/messages")
def post_message(
    referral_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    require(actor, Permission.TRAFFICKING_WRITE)  # and the identity: see post_message
    body = str(form.get("body", ""))

    def act() -> object:
        return message_service.post_message(db, runtime, actor, referral_id, body)

    return _act(web, db, referral_id, act, "Message sent.")


def _act(web: Any, db: Any, referral_id: int, act: Any, done: str) -> Response:
    """Do ``act``; a refusal (not a hidden referral: that stays 404) becomes a message."""
    try:
        act()
    except REFUSALS as error:
        db.rollback()
        flash(web, _refusal_text(error), "error")
    else:
        flash(web, done)
    db.commit()
    return redirect(f"/trafficking/referrals/{referral_id}")
