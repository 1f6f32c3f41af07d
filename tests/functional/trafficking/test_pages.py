"""The case pages without JavaScript: open a case through the form, errors field by field with
nothing lost, the amend form round trip, the screening and its "save" / "discard", the
dashboard."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.runtime import Runtime
from rcf.trafficking.models import TraffickingCase
from tests.factories import SYNTHETIC_IDENTITY, World, make_case, sign_in

FORM = {
    "identified_on": "2026-03-01",
    "status": "active",
    "names": SYNTHETIC_IDENTITY["names"],
    "birth_date": SYNTHETIC_IDENTITY["birth_date"],
    "identity_documents-0-number": SYNTHETIC_IDENTITY["document"],
    "identity_documents-0-kind": "passport",
    "identity_documents-0-issuing_country": "THA",
    "identity_documents-1-number": "",
    "identity_documents-1-kind": "passport",
    "identity_documents-1-issuing_country": "",
    "gender": "female",
    "age_band": "18-20",
    "citizenships-0": "MMR",
    "languages": "Burmese, Thai",
    "trafficking_status": "possible",
    "exploitation_types": ["sexual_exploitation", "forced_labour"],
    "means_of_control": "debt_bondage",
    "country_of_exploitation": "THA",
    "perpetrators-0-kind": "individual",
    "perpetrators-0-roles": ["recruiter", "transporter"],
    "perpetrators-0-citizenship": "THA",
    "perpetrators-1-kind": "",
    "journey-0-event_type": "recruitment",
    "journey-0-country": "MMR",
    "journey-0-place": "Tachileik",
    "journey-0-occurred_on": "2025-11-01",
    "journey-1-event_type": "",
    "journey-1-country": "",
    "consent_purposes": ["case_management", "statistics"],
    "consent_given_on": "2026-03-02",
    "notes": SYNTHETIC_IDENTITY["notes"],
    "visibility": "national",
    "handling_code": "H2",
}


SELECT = re.compile(r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>', re.S)
TEXTAREA = re.compile(r'<textarea id="[^"]*" name="([^"]+)"[^>]*>(.*?)</textarea>', re.S)


def post(client: TestClient, csrf: str, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data={**data, "csrf_token": csrf})


def test_open_a_case_through_the_form_and_amend_it_unchanged(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    csrf = sign_in(client, world.persona("A", Role.CASE_WORKER))
    assert client.get("/trafficking/cases/new").status_code == 200
    created = post(client, csrf, "/trafficking/cases", FORM)
    assert created.status_code == 303, created.text[:2000]
    page = client.get(created.headers["location"]).text
    for value in (SYNTHETIC_IDENTITY["names"], SYNTHETIC_IDENTITY["document"], "Tachileik"):
        assert value in page
    case = db.scalars(select(TraffickingCase)).one()
    assert sorted(case.exploitation_types) == ["forced_labour", "sexual_exploitation"]
    assert case.perpetrators[0].roles == ["recruiter", "transporter"]
    assert case.languages == ["Burmese", "Thai"]

    edit = client.get(f"/trafficking/cases/{case.id}/edit").text
    values = form_fields(edit)
    assert values["names"] == SYNTHETIC_IDENTITY["names"]
    amended = post(client, csrf, f"/trafficking/cases/{case.id}", values)
    assert amended.status_code == 303, amended.text[:2000]
    db.expire_all()
    again = db.get(TraffickingCase, case.id)
    assert again is not None
    assert again.version == 2
    assert sorted(again.exploitation_types) == ["forced_labour", "sexual_exploitation"]
    assert again.journey[0].place == "Tachileik"
    assert SYNTHETIC_IDENTITY["names"] in client.get(f"/trafficking/cases/{case.id}").text


def form_fields(html: str) -> dict[str, Any]:
    """The values a browser would send from the page's form (inputs, selects, checkboxes)."""
    values: dict[str, Any] = {}

    def add(name: str, value: str) -> None:
        if name in values:
            previous = values[name]
            values[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            values[name] = value

    for tag in re.findall(r"<input [^>]*>", html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
        name = attrs.get("name")
        if not name or name == "csrf_token":
            continue
        if attrs.get("type") in ("checkbox", "radio") and " checked" not in tag:
            continue
        add(name, unescape(attrs.get("value", "")))
    for name, body in re.findall(
        r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>', html, re.S
    ):
        for chosen in re.findall(r'<option value="([^"]*)" selected>', body):
            add(name, unescape(chosen))
    for name, body in re.findall(
        r'<textarea id="[^"]*" name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S
    ):
        add(name, unescape(body))
    return values


def unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_industries_are_offered_and_shown_by_their_isic_titles(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    worker = world.persona("A", Role.CASE_WORKER)
    case = make_case(db, runtime, worker, isic_sections=["J"])
    db.commit()
    sign_in(client, worker)

    form = client.get("/trafficking/cases/new").text
    page = client.get(f"/trafficking/cases/{case.id}").text

    assert "Agriculture, forestry and fishing" in form
    assert 'value="U"' in form
    assert "<dt>Industry</dt><dd>Information and communication</dd>" in page


def test_errors_are_shown_beside_their_fields_and_nothing_is_lost(
    client: TestClient, db: Session, world: World
) -> None:
    csrf = sign_in(client, world.persona("A", Role.CASE_WORKER))
    bad = {**FORM, "identified_on": "2999-01-01", "journey-0-country": "ZZZ"}
    answer = post(client, csrf, "/trafficking/cases", bad)
    assert answer.status_code == 400
    assert 'id="identified_on-error"' in answer.text
    assert 'id="journey-0-country-error"' in answer.text
    assert SYNTHETIC_IDENTITY["names"] in answer.text  # what was typed is still there
    assert db.scalar(select(func.count(TraffickingCase.id))) == 0


def test_screening_gives_the_outcome_and_can_be_saved_to_a_new_case(
    client: TestClient, db: Session, world: World
) -> None:
    csrf = sign_in(client, world.persona("A", Role.CASE_WORKER))
    assert client.get("/trafficking/screening").status_code == 200
    observed = {
        "minor": "no",
        "indicators": [
            "deceived_about_job",
            "recruitment_debt",
            "no_pay",
            "excessive_hours",
            "withheld_documents",
            "debt_bondage",
        ],
    }
    result = post(client, csrf, "/trafficking/screening", observed)
    assert result.status_code == 200
    assert "Screening result: Likely" in result.text
    assert "Refer now to the anti-trafficking focal point" in result.text
    assert "Save to a new case" in result.text
    assert db.scalar(select(func.count(TraffickingCase.id))) == 0  # nothing stored yet
    saved = post(client, csrf, "/trafficking/screening/case", observed)
    assert saved.status_code == 303
    assert saved.headers["location"].endswith("/edit")
    case = db.scalars(select(TraffickingCase)).one()
    assert case.screening_outcome == "likely"
    assert case.screening_indicators == sorted(observed["indicators"])
    assert case.case_number in client.get("/trafficking/cases").text


def test_anyone_may_screen_but_only_case_workers_may_save(
    client: TestClient, db: Session, world: World
) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    result = post(client, csrf, "/trafficking/screening", {"minor": "unsure"})
    assert result.status_code == 200
    assert "Screening result: Unlikely" in result.text
    assert "Save to a new case" not in result.text
    assert 'href="/trafficking/screening">Discard' in result.text
    refused = post(client, csrf, "/trafficking/screening/case", {"minor": "no"})
    assert refused.status_code == 403
    unknown = post(client, csrf, "/trafficking/screening", {"indicators": "made_up"})
    assert unknown.status_code == 400


def test_dashboard_counts_the_members_own_cases(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    worker = world.persona("A", Role.CASE_WORKER)
    for _ in range(3):
        make_case(db, runtime, worker)
    make_case(db, runtime, world.persona("B", Role.CASE_WORKER))
    db.commit()
    sign_in(client, world.persona("A", Role.ANALYST))
    page = client.get("/trafficking/dashboard")
    assert page.status_code == 200
    assert "3 cases owned by your member" in page.text
    assert page.text.count("<svg") == 4
    assert "Forced criminality" in page.text
    assert "Cambodia" in page.text
