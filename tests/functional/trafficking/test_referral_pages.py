"""The referral pages without JavaScript: A refers a case through the form, a second case
worker approves, B's focal point accepts and assigns an agency, B's case worker sees exactly
the fields sent; refusals come back as messages on the page; secure messages go both ways
between the case workers who may see the identity sent, never through the focal point."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.runtime import Runtime
from tests.factories import SYNTHETIC_IDENTITY, Persona, World, make_case, make_user, sign_in

CONSENT = {"purposes": ["referral", "identity_sharing"], "given_on": "2026-02-11"}


def as_person(client: TestClient, persona: Persona) -> str:
    client.cookies.clear()
    return sign_in(client, persona)


def post(client: TestClient, csrf: str, url: str, **data: object) -> str:
    """Post a form and follow the redirect: the page the person sees next."""
    response = client.post(url, data={**data, "csrf_token": csrf})
    assert response.status_code == 303, response.text[:1000]
    return client.get(response.headers["location"]).text


def test_referral_journey_through_the_pages(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    sender = world.persona("A", Role.CASE_WORKER)
    approver = make_user(db, runtime, world.agencies["A"], Role.CASE_WORKER, email="cw2@tha.test")
    case = make_case(db, runtime, sender, consent=CONSENT)
    db.commit()

    csrf = as_person(client, sender)
    assert "Refer to another member" in client.get(f"/trafficking/cases/{case.id}").text
    assert client.get(f"/trafficking/referrals/new?case_id={case.id}").status_code == 200
    missing = client.post(
        "/trafficking/referrals", data={"csrf_token": csrf, "case_id": case.id, "receiver": "IDN"}
    )
    assert missing.status_code == 400
    assert "Choose the purpose" in missing.text
    form = {"case_id": case.id, "receiver": "IDN", "purpose": "reintegration"}
    page = post(client, csrf, "/trafficking/referrals", **form, fields=["names", "gender"])
    assert "second case worker" in page
    rid = int(page.split("<h1>Referral ", 1)[1].split(":", 1)[0])
    refused = post(client, csrf, f"/trafficking/referrals/{rid}/approval")
    assert "different person" in refused
    assert f"/trafficking/referrals/{rid}" in client.get("/trafficking/referrals?box=outbox").text

    csrf = as_person(client, world.persona("B", Role.FOCAL_POINT))
    assert client.get(f"/trafficking/referrals/{rid}").status_code == 404  # not approved yet

    csrf = as_person(client, approver)
    assert "Approved." in post(client, csrf, f"/trafficking/referrals/{rid}/approval")

    csrf = as_person(client, world.persona("B", Role.FOCAL_POINT))
    assert f"/trafficking/referrals/{rid}" in client.get("/trafficking/referrals").text
    illegal = post(client, csrf, f"/trafficking/referrals/{rid}/transitions", to="arrived")
    assert "can become accepted, declined or withdrawn" in illegal
    agency = world.agencies["B"].id
    page = post(
        client, csrf, f"/trafficking/referrals/{rid}/transitions", to="accepted", agency_id=agency
    )
    assert "The referral is now accepted." in page
    assert SYNTHETIC_IDENTITY["names"] not in page  # the focal point does not read identity
    # Messages may name the person: the focal point neither writes nor reads them.
    assert "Message to the other side" not in page
    refused = client.post(
        f"/trafficking/referrals/{rid}/messages", data={"csrf_token": csrf, "body": "Any news?"}
    )
    assert refused.status_code == 403

    csrf = as_person(client, world.persona("B", Role.CASE_WORKER))
    page = client.get(f"/trafficking/referrals/{rid}").text
    assert SYNTHETIC_IDENTITY["names"] in page
    post(client, csrf, f"/trafficking/referrals/{rid}/messages", body="Shelter bed ready")
    for not_sent in ("birth_date", "contact", "address", "document", "notes"):
        assert SYNTHETIC_IDENTITY[not_sent] not in page
    assert "forced" not in page.lower()  # exploitation types were not sent

    csrf = as_person(client, sender)
    assert "Shelter bed ready" in client.get(f"/trafficking/referrals/{rid}").text
