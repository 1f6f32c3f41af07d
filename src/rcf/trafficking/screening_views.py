"""The identification screening pages: the checklist, the printable result (likely / possible /
unlikely, with the reasons and the next step), and the officer's choice to save it to a new
case or discard it. Nothing is stored until "save" is pressed."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from rcf.access.permissions import Permission
from rcf.access.policy import require
from rcf.errors import InvalidInput
from rcf.schemas import parse
from rcf.trafficking import service
from rcf.trafficking.indicators import Indicator, Screening, assess, checklist
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.protection import required_steps, suggested_flags
from rcf.trafficking.schemas import CaseIn
from rcf.web.deps import FormData, FullSession, PageActor, RuntimeDep, SessionDep, form_list
from rcf.web.templating import flash, redirect, render

router = APIRouter(prefix="/trafficking/screening", include_in_schema=False)
MINOR_CHOICES = {"no": False, "yes": True, "unsure": None}


def screening_of(form: dict[str, Any]) -> tuple[Screening, dict[str, str]]:
    """The screening the form describes, and field errors for values not on the checklist."""
    errors: dict[str, str] = {}
    observed: set[Indicator] = set()
    for value in form_list(form, "indicators"):
        try:
            observed.add(Indicator(value))
        except ValueError:
            errors["indicators"] = "Tick indicators from the checklist only."
    minor_text = str(form.get("minor") or "no")
    if minor_text not in MINOR_CHOICES:
        errors["minor"] = "Answer yes, no or not sure."
    return Screening(frozenset(observed), MINOR_CHOICES.get(minor_text, False)), errors


def _minor_text(minor: bool | None) -> str:
    return next(text for text, value in MINOR_CHOICES.items() if value is minor)


@router.get("", response_class=HTMLResponse)
def screening_form(request: Request, actor: PageActor) -> Response:
    require(actor, Permission.TRAFFICKING_SCREEN)
    context = {"checklist": checklist(), "observed": set(), "minor": "no", "errors": {}}
    return render(request, "trafficking/screening.html", context)


@router.post("", response_class=HTMLResponse)
def screening_result(request: Request, actor: PageActor, form: FormData) -> Response:
    require(actor, Permission.TRAFFICKING_SCREEN)
    screening, errors = screening_of(form)
    if errors:
        page = {"checklist": checklist(), "observed": set(), "minor": "no", "errors": errors}
        return render(request, "trafficking/screening.html", page, status=400)
    alone = form.get("travelling_alone") == "yes"
    flags = suggested_flags(screening, travelling_alone=alone)
    context: dict[str, Any] = {
        "result": assess(screening),
        "observed": sorted(screening.observed, key=lambda i: (i.spec.element, i)),
        "minor": _minor_text(screening.minor),
        "travelling_alone": alone,
        "flags": sorted(flags),
        "steps": required_steps(flags),
        "may_save": actor.has(TraffickingCase.write_permission),
    }
    return render(request, "trafficking/screening_result.html", context)


@router.post("/case")
def save_screening(
    actor: PageActor, web: FullSession, form: FormData, db: SessionDep, runtime: RuntimeDep
) -> Response:
    """Open a case holding this screening (no identity yet); the case worker completes it."""
    require(actor, TraffickingCase.write_permission)
    screening, errors = screening_of(form)
    if errors:
        raise InvalidInput(errors)
    flags = suggested_flags(screening, travelling_alone=form.get("travelling_alone") == "yes")
    data = {
        "identified_on": date.today().isoformat(),
        "protection_flags": sorted(str(f) for f in flags),
        "screening": {
            "indicators": sorted(str(i) for i in screening.observed),
            "minor": screening.minor,
        },
    }
    case = service.create_case(db, runtime, actor, parse(CaseIn, data))
    flash(web, f"The screening was saved as case {case.case_number}. Complete the case now.")
    db.commit()
    return redirect(f"/trafficking/cases/{case.id}/edit")
