"""The incident pages, driven like a person: report, read, amend, withdraw; errors beside the
fields; what other members (and non-contributors) can and cannot see."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.db import utcnow
from rcf.incidents.models import Incident
from rcf.incidents.schemas import IncidentIn
from rcf.incidents.web_form import form_values, incident_input
from rcf.runtime import Runtime
from tests.factories import World, api_token, incident_data, make_incident, sign_in

XSS = "<img src=x onerror=alert(1)>"


def report_form(csrf: str, **fields: Any) -> dict[str, Any]:
    """A valid report as the form sends it (blank rows and selects included)."""
    form: dict[str, Any] = {
        "csrf_token": csrf,
        "reference": "WEB-1",
        "kind": "smuggling_sea",
        "occurred_on": "2026-02-01",
        "occurred_time": "",
        "country": "IDN",
        "location_name": "Kupang harbour",
        "latitude": "",
        "longitude": "",
        "origin_country": "AFG",
        "transit_countries-0": "PAK",
        "transit_countries-1": "",
        "transit_countries-2": "MYS",
        "destination_country": "AUS",
        "transport_means": "boat",
        "vehicle_type": "wooden boat",
        "methods": ["clandestine_entry", "concealment"],
        "persons-0-citizenship": "AFG",
        "persons-0-sex": "M",
        "persons-0-age_group": "adult",
        "persons-0-count": "12",
        "persons-1-citizenship": "",
        "persons-1-sex": "",
        "persons-1-age_group": "",
        "persons-1-count": "",
        "persons-2-citizenship": "AFG",
        "persons-2-sex": "F",
        "persons-2-age_group": "child",
        "persons-2-count": "3",
        "unaccompanied_children": "1",
        "smuggled": "yes",
        "fee_amount": "",
        "facilitators-0-count": "1",
        "facilitators-0-role": "transporter",
        "facilitators-0-citizenship": "IDN",
        "facilitators-1-count": "",
        "facilitators-1-role": "",
        "facilitators-1-citizenship": "",
        "deaths": "0",
        "impact_level": "high",
        "narrative": "Synthetic: boat found at dawn.",
        "visibility": "regional",
        "handling_code": "H0",
        "source_reliability": "X",
        "information_accuracy": "4",
    }
    return {**form, **fields}


def signed_in(
    app: FastAPI, world: World, member: str, role: Role = Role.CONTRIBUTOR
) -> tuple[TestClient, str]:
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    return client, sign_in(client, world.persona(member, role))


def test_a_report_made_through_the_form_shows_on_its_page(client: TestClient, world: World) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    response = client.post("/incidents", data=report_form(csrf))
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    assert "Incident WEB-1" in page.text
    assert "Afghanistan → Pakistan → Malaysia → Australia" in page.text
    assert "<svg" in page.text
    assert "Route diagram: Origin AFG, Transit PAK" in page.text
    assert "15 persons counted" in page.text
    assert "The incident report was saved." in page.text
    assert f"{response.headers['location']}/duplicates" in page.text


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        (
            {"occurred_on": (date.today() + timedelta(days=2)).isoformat()},
            "occurred_on",
            "cannot be in the future",
        ),
        ({"persons-2-citizenship": "ZZZ"}, "persons-2-citizenship", "is not a country code"),
        ({"transit_countries-2": "AFG"}, "transit_countries-0", "cannot also be the origin"),
        (
            {"unaccompanied_children": "4"},
            "unaccompanied_children",
            "more than the children counted",
        ),
        ({"kind": ""}, "kind", "required"),
    ],
)
def test_a_refused_report_shows_the_message_beside_the_field(
    client: TestClient, world: World, changes: dict[str, str], field_id: str, message: str
) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    response = client.post("/incidents", data=report_form(csrf, **changes))
    assert response.status_code == 400
    assert f'id="{field_id}-error"' in response.text
    beside = response.text.split(f'id="{field_id}-error"', 1)[1][:400]
    assert message in beside
    assert 'class="error-summary"' in response.text
    assert 'value="Kupang harbour"' in response.text  # what the user typed is kept
    assert 'value="concealment" checked' in response.text


def test_an_amendment_keeps_version_1(client: TestClient, world: World) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    location = client.post("/incidents", data=report_form(csrf)).headers["location"]
    form = client.get(f"{location}/edit")
    assert form.status_code == 200
    assert 'value="Kupang harbour"' in form.text
    changed = report_form(csrf, deaths="2", reference="ANOTHER")
    response = client.post(location, data=changed)
    assert response.status_code == 303, response.text
    page = client.get(location)
    assert "version 2" in page.text
    assert "WEB-1" in page.text
    versions = client.get(f"{location}/versions")
    assert versions.status_code == 200
    assert "Version 1" in versions.text
    assert "Kupang harbour" in versions.text


def test_a_withdrawn_report_is_gone_for_everyone(
    app: FastAPI, db: Session, runtime: Runtime, world: World
) -> None:
    incident = make_incident(db, world.persona("A", Role.CONTRIBUTOR), location_name="Gone place")
    make_incident(db, world.persona("B", Role.CONTRIBUTOR), reference="B-OWN")  # B contributes
    db.commit()
    url = f"/incidents/{incident.id}"  # type: ignore[attr-defined]
    owner, csrf = signed_in(app, world, "A")
    other, _ = signed_in(app, world, "B", Role.VIEWER)
    assert "Gone place" in other.get("/incidents").text
    assert owner.post(f"{url}/withdraw", data={"csrf_token": csrf}).status_code == 303
    for client in (owner, other):
        assert "Gone place" not in client.get("/incidents").text
        assert client.get(url).status_code == 404
    token = api_token(db, runtime, world.persona("B", Role.VIEWER), ["incident:read"])
    api = other.get(f"/api/v1{url}", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 404


def test_another_member_cannot_amend_or_withdraw(app: FastAPI, db: Session, world: World) -> None:
    author = world.persona("A", Role.CONTRIBUTOR)
    regional = make_incident(db, author, reference="R")
    national = make_incident(db, author, reference="N", sharing={"visibility": "national"})
    make_incident(db, world.persona("B", Role.CONTRIBUTOR), reference="B-OWN")  # B contributes
    db.commit()
    b, csrf = signed_in(app, world, "B")
    form = report_form(csrf, reference="R")
    assert b.post(f"/incidents/{regional.id}", data=form).status_code == 403  # type: ignore[attr-defined]
    assert b.post(f"/incidents/{national.id}", data=form).status_code == 404  # type: ignore[attr-defined]
    assert (
        b.post(f"/incidents/{national.id}/withdraw", data={"csrf_token": csrf}).status_code == 404
    )  # type: ignore[attr-defined]
    db.expire_all()
    assert db.get(Incident, regional.id).version == 1  # type: ignore[attr-defined, union-attr]
    assert db.get(Incident, national.id).withdrawn_at is None  # type: ignore[attr-defined, union-attr]


def test_reciprocity_a_non_contributor_sees_regional_reports_only_after_contributing(
    app: FastAPI, db: Session, world: World
) -> None:
    make_incident(db, world.persona("A", Role.CONTRIBUTOR), location_name="A regional place")
    db.commit()
    c, csrf = signed_in(app, world, "C")
    assert "A regional place" not in c.get("/incidents").text
    assert "0 reports match" in c.get("/incidents").text
    form = report_form(csrf, reference="C-1", location_name="C place", country="MYS")
    assert c.post("/incidents", data=form).status_code == 303
    assert "A regional place" in c.get("/incidents").text
    # Contributor status lapses when C's only regional report is older than the window.
    db.execute(
        update(Incident)
        .where(Incident.reference == "C-1")
        .values(created_at=utcnow() - timedelta(days=400))
    )
    db.commit()
    listing = c.get("/incidents").text
    assert "A regional place" not in listing
    assert "C place" in listing


def test_filters_and_search_never_reach_hidden_reports(
    client: TestClient, db: Session, world: World
) -> None:
    a = world.persona("A", Role.CONTRIBUTOR)
    b = world.persona("B", Role.CONTRIBUTOR)
    make_incident(db, a, reference="A1", narrative="secret harbour alpha", impact_level="high")
    make_incident(
        db,
        b,
        reference="B1",
        narrative="secret harbour beta",
        impact_level="high",
        sharing={"visibility": "national"},
    )
    make_incident(db, b, reference="B2", narrative="open road", impact_level="low")
    db.commit()
    csrf = sign_in(client, world.persona("A", Role.VIEWER))
    assert csrf
    found = client.get("/incidents", params={"q": "secret harbour", "impact_level": "high"})
    assert "1 report match" in found.text
    mine = client.get("/incidents", params={"mine": "true"})
    assert "1 report match" in mine.text
    dated = client.get(
        "/incidents",
        params={"date_from": "2026-03-14", "date_to": "2026-03-14", "citizenship": "LKA"},
    )
    assert "2 reports match" in dated.text
    assert client.get("/incidents", params={"kind": "' OR 1=1 --"}).status_code == 422


def test_stored_xss_is_escaped_on_list_and_detail(
    client: TestClient, db: Session, world: World
) -> None:
    incident = make_incident(
        db,
        world.persona("A", Role.CONTRIBUTOR),
        narrative=XSS,
        location_name=XSS,
        vehicle_type=XSS,
        transport_identifier=XSS,
    )
    make_incident(db, world.persona("B", Role.CONTRIBUTOR), reference="B-OWN")  # B contributes
    db.commit()
    sign_in(client, world.persona("B", Role.VIEWER))
    for path in ("/incidents", f"/incidents/{incident.id}"):  # type: ignore[attr-defined]
        page = client.get(path)
        assert page.status_code == 200
        assert XSS not in page.text
        assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_the_edit_form_round_trips_a_stored_report() -> None:
    """What the edit form shows, sent back unchanged, is the same report."""
    original = IncidentIn.model_validate(
        incident_data(
            transit_countries=["IND", "MYS"],
            fraudulent_documents=[
                {"document_type": "passport", "issuing_state": "GBR", "fraud_type": "forged"}
            ],
            sharing={"visibility": "members", "shared_with": ["IDN"], "handling_code": "H2"},
        )
    )
    content = original.model_dump(mode="json")
    values = form_values(content, content["sharing"])
    again = IncidentIn.model_validate(incident_input(values).data)
    assert again == original
