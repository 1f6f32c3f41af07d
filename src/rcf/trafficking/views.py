"""Pages of trafficking cases: list, open, read, amend and record consent withdrawal. Forms
work without JavaScript. The identity appears only for the owning agency's case workers."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, get_editable_case, may_see_identity, require
from rcf.errors import InvalidInput
from rcf.incidents.codes import country_name
from rcf.incidents.web_form import country_options
from rcf.members.models import Member
from rcf.schemas import parse
from rcf.trafficking import codes, service
from rcf.trafficking.indicators import Indicator
from rcf.trafficking.isic import IsicSection
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.outputs import form_content, to_out
from rcf.trafficking.protection import STEPS, ProtectionFlag
from rcf.trafficking.schemas import CaseIn
from rcf.trafficking.web_form import (
    CITIZENSHIP_ROWS,
    case_input,
    field_ids,
    form_values,
    rows_needed,
)
from rcf.web.deps import FormData, FullSession, PageActor, RuntimeDep, SessionDep, form_list
from rcf.web.templating import flash, redirect, render

router = APIRouter(prefix="/trafficking/cases", include_in_schema=False)
PAGE_SIZE = 50
ROW_GROUPS = ("identity_documents", "perpetrators", "journey")


def code_options() -> dict[str, list[tuple[str, str]]]:
    """(value, label) of each code list the form offers as a single choice."""
    lists = (
        codes.CaseStatus, codes.Gender, codes.AgeBand, codes.TraffickingStatus,
        codes.StatusDecidedBy, codes.PerpetratorKind, codes.JourneyEventType,
    )  # fmt: skip
    return {code_list.__name__: [(c.value, c.label) for c in code_list] for code_list in lists}


def new_case_defaults() -> dict[str, Any]:
    return {
        "identified_on": date.today().isoformat(),
        "status": "active",
        "trafficking_status": "possible",
        "gender": "unknown",
        "age_band": "unknown",
        "visibility": "national",
        "handling_code": "H2",
        "source_reliability": "X",
        "information_accuracy": "4",
    }


def form_page(
    request: Request,
    db: Session,
    actor: Actor,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    case: TraffickingCase | None = None,
) -> Response:
    others = db.scalars(select(Member).where(Member.id != actor.member_id).order_by(Member.name))
    lists = {
        name: form_list(values, name)
        for name in ("shared_with", "consent_purposes", "screening_indicators")
    }
    context = {
        "values": {**values, **lists},
        "errors": errors or {},
        "case": case,
        "rows": {g: rows_needed(values, g) for g in ROW_GROUPS},
        "citizenship_rows": CITIZENSHIP_ROWS,
        "codes": codes,
        "IsicSection": IsicSection,
        "codes_options": code_options(),
        "flags": ProtectionFlag,
        "steps": STEPS,
        "indicator_labels": {i.value: i.label for i in Indicator},
        "countries": country_options(),
        "members": list(others),
    }
    return render(request, "trafficking/form.html", context, status=400 if errors else 200)


@router.get("", response_class=HTMLResponse)
def cases(
    request: Request,
    actor: PageActor,
    db: SessionDep,
    after: int | None = Query(None, ge=1),
) -> Response:
    page = service.list_cases(db, actor, after=after, limit=PAGE_SIZE)
    total = service.count_cases(db, actor)
    db.commit()
    members = {m.id: m.code for m in db.scalars(select(Member))}
    context = {"page": page, "total": total, "members": members, "actor": actor, "codes": codes}
    return render(request, "trafficking/list.html", context)


@router.get("/new", response_class=HTMLResponse)
def new_case(request: Request, actor: PageActor, db: SessionDep) -> Response:
    require(actor, TraffickingCase.write_permission)
    return form_page(request, db, actor, new_case_defaults())


@router.post("", response_class=HTMLResponse)
def create_case(
    request: Request,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    require(actor, TraffickingCase.write_permission)
    parsed = case_input(form)
    try:
        case = service.create_case(db, runtime, actor, parse(CaseIn, parsed.data))
    except InvalidInput as error:
        db.rollback()  # nothing half-written may reach a commit (flash messages commit)
        return form_page(request, db, actor, form, field_ids(error.errors, parsed.positions))
    flash(web, f"Case {case.case_number} was opened.")
    db.commit()
    return redirect(f"/trafficking/cases/{case.id}")


@router.get("/{case_id}", response_class=HTMLResponse)
def case_detail(
    request: Request, case_id: int, actor: PageActor, db: SessionDep, runtime: RuntimeDep
) -> Response:
    case = service.read_case(db, actor, case_id)
    owner = db.get(Member, case.owner_member_id)
    out = to_out(db, runtime, actor, case, owner.code if owner else "")
    editable = actor.has(TraffickingCase.write_permission) and may_see_identity(actor, case)
    db.commit()
    context = {
        "case": out,
        "editable": editable,
        "codes": codes,
        "IsicSection": IsicSection,
        "country_name": country_name,
        "steps": {step.code: step for steps in STEPS.values() for step in steps},
        "indicator_labels": {i.value: i.label for i in Indicator},
    }
    return render(request, "trafficking/detail.html", context)


@router.get("/{case_id}/edit", response_class=HTMLResponse)
def edit_case(
    request: Request, case_id: int, actor: PageActor, db: SessionDep, runtime: RuntimeDep
) -> Response:
    case = get_editable_case(db, actor, TraffickingCase, case_id)
    values = form_values(_jsonable(form_content(db, runtime, actor, case)))
    db.commit()  # the decryption audit entries
    return form_page(request, db, actor, values, case=case)


def _jsonable(content: dict[str, Any]) -> dict[str, Any]:
    """Dates and enums as the form shows them."""
    result: dict[str, Any] = _CONTENT.dump_python(content, mode="json")
    return result


_CONTENT = TypeAdapter(dict[str, Any])


@router.post("/{case_id}", response_class=HTMLResponse)
def amend_case(
    request: Request,
    case_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    case = get_editable_case(db, actor, TraffickingCase, case_id)
    parsed = case_input(form)
    try:
        service.amend_case(db, runtime, actor, case_id, parse(CaseIn, parsed.data))
    except InvalidInput as error:
        db.rollback()
        errors = field_ids(error.errors, parsed.positions)
        return form_page(request, db, actor, form, errors, case)
    flash(web, f"Case {case.case_number} was amended (now version {case.version}).")
    db.commit()
    return redirect(f"/trafficking/cases/{case_id}")


@router.post("/{case_id}/consent-withdrawal")
def withdraw_consent(
    case_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    case = service.withdraw_consent(db, runtime, actor, case_id)
    flash(web, f"Consent withdrawal recorded for case {case.case_number}: sharing stopped.")
    db.commit()
    return redirect(f"/trafficking/cases/{case_id}")
