"""The watchlist, screening, manifest and hit pages, driven through real forms."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.runtime import Runtime
from rcf.screening.manifest_screening import MAX_PASSENGERS
from rcf.screening.models import ScreeningHit, ScreeningHitStatus, WatchlistPerson
from rcf.web.ratelimit import RateLimiter
from tests.factories import World, make_watchlist_person, sign_in

FORM = {
    "reference": "THA-POI-1",
    "primary_name": "Mohammed Rahim Qasimi",
    "aliases": "محمد رحيم قاسمی\n<img src=x onerror=alert(1)>",
    "birth_dates": "1979-04-12, 1978..1980",
    "nationalities": "AF",
    "gender": "M",
    "documents": "P04512290 AFG",
    "phones": "+93 70 555 0199",
    "roles": ["organiser", "financier"],
    "links": "",
    "remarks": "",
    "visibility": "regional",
    "handling_code": "H0",
    "source_reliability": "B",
    "information_accuracy": "3",
}


def test_an_entry_added_by_form_is_escaped_and_amendable(
    client: TestClient, db: Session, world: World
) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    response = client.post("/screening/persons", data={**FORM, "csrf_token": csrf})
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert "<img src=x" not in page.text
    assert "+93705550199" in page.text
    assert "THA-POI-1" in client.get("/screening/persons").text
    person = db.scalars(select(WatchlistPerson)).one()
    edit = client.get(f"/screening/persons/{person.id}/edit")
    assert "P04512290 AFG" in edit.text
    amended = client.post(
        f"/screening/persons/{person.id}", data={**FORM, "remarks": "Seen", "csrf_token": csrf}
    )
    assert amended.status_code == 303
    withdrawn = client.post(f"/screening/persons/{person.id}/withdraw", data={"csrf_token": csrf})
    assert withdrawn.status_code == 303
    assert client.get(f"/screening/persons/{person.id}").status_code == 404


def test_a_form_error_is_shown_beside_the_field_and_keeps_the_input(
    client: TestClient, db: Session, world: World
) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    data = {**FORM, "phones": "not a phone", "nationalities": "ZZ", "csrf_token": csrf}
    response = client.post("/screening/persons", data=data)
    assert response.status_code == 400
    assert 'id="phones-error"' in response.text
    assert 'id="nationalities-error"' in response.text
    assert "not a phone" in response.text
    assert db.scalars(select(WatchlistPerson)).all() == []


def test_the_screening_page_shows_the_explained_hit_and_the_owner_answers(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    make_watchlist_person(db, runtime, world.persona("A", Role.CONTRIBUTOR))
    make_watchlist_person(
        db, runtime, world.persona("B", Role.CONTRIBUTOR), reference="B-1", primary_name="Ozri Tal"
    )
    db.commit()
    csrf = sign_in(client, world.persona("B", Role.VIEWER))
    query = {"name": "Muhammad Raheem Qasimi", "birth_date": "1979", "csrf_token": csrf}
    page = client.post("/screening", data=query)
    assert page.status_code == 200
    assert "Why it matched" in page.text
    assert "Contact member THA, hit reference SH-" in page.text
    hit = db.scalars(select(ScreeningHit)).one()
    # The owner's inbox shows the new hit; a writer of the owner answers it.
    client.cookies.clear()
    owner_csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    inbox = client.get("/screening/hits")
    assert "1 new hit(s)" in inbox.text
    assert hit.reference in inbox.text
    assert "POI-0001" in client.get(f"/screening/hits/{hit.reference}").text
    answer = client.post(
        f"/screening/hits/{hit.reference}/decision",
        data={"decision": "not_same", "csrf_token": owner_csrf},
    )
    assert answer.status_code == 303
    db.expire_all()
    assert db.get(ScreeningHit, hit.id).status is ScreeningHitStatus.NOT_SAME  # type: ignore[union-attr]


def test_a_manifest_upload_lists_passengers_with_candidates_first(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    make_watchlist_person(db, runtime, world.persona("A", Role.CONTRIBUTOR))
    db.commit()
    csrf = sign_in(client, world.persona("A", Role.VIEWER))
    manifest = (
        "surname,given_names,birth_date,nationality,document_number,issuing_state\n"
        "NGUYEN,THI LAN,1990-01-01,VNM,C1234567,VNM\n"
        "QASIMI,MOHAMMAD RAHIM,1979-04-12,AFG,P0451229,AFG\n"
    )
    files = {"file": ("manifest.csv", manifest.encode())}
    page = client.post("/screening/manifest", data={"csrf_token": csrf}, files=files)
    assert page.status_code == 200, page.text
    assert "2 passenger(s), 2 screened, 1 with candidates" in page.text
    assert "QASIMI, MOHAMMAD RAHIM" in page.text
    assert "NGUYEN" not in page.text.split("2 passenger(s)")[1]
    # The form promises what the screening accepts (fewer than a document check's upload).
    assert f"At most {MAX_PASSENGERS:,} passengers." in client.get("/screening/manifest").text


def test_another_member_gets_404_on_entries_and_hits(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    person = make_watchlist_person(db, runtime, world.persona("A", Role.CONTRIBUTOR))
    db.commit()
    sign_in(client, world.persona("C", Role.CONTRIBUTOR))
    hidden = client.get(f"/screening/persons/{person.id}")
    missing = client.get("/screening/persons/987654")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert "POI-0001" not in client.get("/screening/persons").text


def test_screening_through_the_pages_is_rate_limited_per_user(
    client: TestClient, db: Session, runtime: Runtime, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E1: a session is no way round the API's limit to sweep the watchlist by name."""
    monkeypatch.setattr(client.app.state, "rate_limiter", RateLimiter(2))  # type: ignore[attr-defined]
    csrf = sign_in(client, world.persona("B", Role.VIEWER))
    query = {"name": "Muhammad Raheem Qasimi", "csrf_token": csrf}
    allowed = [client.post("/screening", data=query).status_code for _ in range(2)]
    limited = client.post("/screening", data=query)
    manifest = client.post("/screening/manifest", data={"csrf_token": csrf})
    assert allowed == [200, 200]
    assert limited.status_code == manifest.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    client.cookies.clear()
    other_csrf = sign_in(client, world.persona("A", Role.VIEWER))
    assert client.post("/screening", data={**query, "csrf_token": other_csrf}).status_code == 200
