"""The situational picture: events counted once, hidden and withdrawn reports never counted, and
the page, the CSV downloads and the API over the real app and database."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.incidents.models import CurrencyRate, Incident, IncidentLink
from rcf.incidents.service import IncidentFilters, withdraw_incident
from rcf.incidents.summary import Scope, Summary, build_summary
from rcf.runtime import Runtime
from tests.factories import World, api_token, make_incident, sign_in


def persons(citizenship: str, count: int) -> list[dict[str, object]]:
    return [{"citizenship": citizenship, "sex": "M", "age_group": "adult", "count": count}]


def report(db: Session, world: World, member: str, reference: str, **fields: object) -> Incident:
    if "persons" in fields:
        fields.setdefault("unaccompanied_children", 0)  # the default report's child is gone
    author = world.persona(member, Role.CONTRIBUTOR)
    made = make_incident(db, author, reference=reference, **fields)
    assert isinstance(made, Incident)
    db.commit()
    return made


def summary_for(db: Session, runtime: Runtime, world: World, member: str, role: Role,
                scope: Scope = Scope.REGIONAL, **filters: object) -> Summary:  # fmt: skip
    actor = actor_for_user(world.persona(member, role).user)
    return build_summary(db, runtime, actor, IncidentFilters(**filters), scope)  # type: ignore[arg-type]


def totals(summary: Summary) -> tuple[int, int, int]:
    """(events, persons, deaths) over every month."""
    return (
        sum(m.events for m in summary.persons_per_month),
        sum(m.persons for m in summary.persons_per_month),
        sum(m.deaths for m in summary.losses),
    )


def test_linked_duplicates_count_once_and_withdrawn_reports_never(
    db: Session, runtime: Runtime, world: World
) -> None:
    a1 = report(
        db, world, "A", "A-1", occurred_on="2025-03-14", persons=persons("LKA", 30), deaths=2
    )
    report(db, world, "A", "A-2", occurred_on="2025-05-02", persons=persons("AFG", 10))
    b1 = report(
        db, world, "B", "B-1", occurred_on="2025-03-15", persons=persons("LKA", 30), deaths=2
    )
    gone = report(db, world, "B", "B-2", occurred_on="2025-05-20", persons=persons("MMR", 99))
    db.add(
        IncidentLink(duplicate_id=b1.id, canonical_id=a1.id, linked_by_member_id=a1.owner_member_id)
    )
    withdraw_incident(
        db, runtime, actor_for_user(world.persona("B", Role.CONTRIBUTOR).user), gone.id
    )
    db.commit()

    summary = summary_for(db, runtime, world, "A", Role.VIEWER)

    assert totals(summary) == (2, 40, 2)
    months = [(m.month, m.events, m.persons) for m in summary.persons_per_month]
    assert months == [("2025-03", 1, 30), ("2025-04", 0, 0), ("2025-05", 1, 10)]
    assert [(c.citizenship, c.persons) for c in summary.citizenships] == [("LKA", 30), ("AFG", 10)]
    route = summary.routes[0]
    assert (route.origin, route.transit, route.destination, route.persons) == (
        "LKA",
        ("IND",),
        "AUS",
        40,
    )


def test_a_duplicate_whose_canonical_report_is_hidden_still_counts_once(
    db: Session, runtime: Runtime, world: World
) -> None:
    hidden = report(
        db,
        world,
        "A",
        "A-1",
        occurred_on="2025-03-14",
        persons=persons("LKA", 30),
        sharing={"visibility": "national"},
    )
    seen = report(db, world, "B", "B-1", occurred_on="2025-03-15", persons=persons("LKA", 30))
    db.add(
        IncidentLink(
            duplicate_id=seen.id, canonical_id=hidden.id, linked_by_member_id=hidden.owner_member_id
        )
    )
    db.commit()
    # B sees only its own report of the event: it stands for the event.
    assert totals(summary_for(db, runtime, world, "B", Role.VIEWER))[:2] == (1, 30)
    # A sees both (B's is regional, A contributes nothing regional here: so only its own).
    assert totals(summary_for(db, runtime, world, "A", Role.VIEWER))[:2] == (1, 30)


def test_a_hidden_report_never_changes_what_a_member_sees(
    db: Session, runtime: Runtime, world: World
) -> None:
    report(db, world, "A", "A-1", occurred_on="2025-03-14", persons=persons("LKA", 30))
    report(db, world, "B", "B-1", occurred_on="2025-03-14", persons=persons("AFG", 7))
    viewers = [("A", Role.VIEWER), ("C", Role.VIEWER), ("RSO", Role.ANALYST)]
    before = {v: summary_for(db, runtime, world, *v) for v in viewers}

    report(db, world, "B", "B-secret", occurred_on="2025-03-14", persons=persons("IRN", 500),
           deaths=9, sharing={"visibility": "national"})  # fmt: skip

    for viewer in viewers:
        assert summary_for(db, runtime, world, *viewer) == before[viewer], viewer
    assert totals(before[("A", Role.VIEWER)]) == (2, 37, 0)
    assert totals(before[("C", Role.VIEWER)]) == (0, 0, 0)  # not a contributor: sees nothing
    assert totals(before[("RSO", Role.ANALYST)]) == (2, 37, 0)
    assert totals(summary_for(db, runtime, world, "B", Role.VIEWER)) == (3, 537, 9)


def test_national_scope_and_filters_narrow_the_figures(
    db: Session, runtime: Runtime, world: World
) -> None:
    mixed = persons("LKA", 20) + persons("AFG", 5)
    report(db, world, "A", "A-1", occurred_on="2025-03-14", persons=mixed, missing=3)
    report(db, world, "A", "A-2", occurred_on="2025-06-01", kind="irregular_stay",
           persons=persons("AFG", 4))  # fmt: skip
    report(db, world, "B", "B-1", occurred_on="2025-03-14", persons=persons("AFG", 8))

    assert totals(summary_for(db, runtime, world, "A", Role.VIEWER, Scope.NATIONAL))[:2] == (2, 29)
    afghans = summary_for(db, runtime, world, "A", Role.VIEWER, citizenship="AFG")
    assert totals(afghans)[:2] == (3, 17)  # persons of that citizenship only
    assert [(c.citizenship, c.persons) for c in afghans.citizenships] == [("AFG", 17)]
    assert sum(m.missing for m in afghans.losses) == 3  # an event's figure: reports involving it
    june = summary_for(db, runtime, world, "A", Role.VIEWER, date_from=date(2025, 6, 1))
    assert totals(june)[:2] == (1, 4)


def test_median_fee_by_route(db: Session, runtime: Runtime, world: World) -> None:
    db.add(CurrencyRate(currency="USD", usd_per_unit=Decimal(1), as_of=date(2025, 1, 1)))
    db.commit()
    for i, fee in enumerate(["1000.00", "2500.00", "4000.00", "9000.00"]):
        report(db, world, "A", f"A-{i}", occurred_on="2025-03-14", fee_amount=fee)
    report(db, world, "A", "A-none", occurred_on="2025-03-14", fee_amount=None, fee_currency=None,
           fee_basis=None, payment_method=None)  # fmt: skip

    fees = summary_for(db, runtime, world, "A", Role.VIEWER).fees

    assert [(f.origin, f.destination, f.reports, f.median_usd) for f in fees] == [
        ("LKA", "AUS", 4, Decimal("3250.00"))
    ]


# --- Over HTTP ----------------------------------------------------------------------------------


def test_the_page_shows_each_chart_with_its_table_and_csv_link(
    client: TestClient, db: Session, world: World
) -> None:
    report(db, world, "A", "A-1", occurred_on="2025-03-14")
    sign_in(client, world.persona("A", Role.VIEWER))

    page = client.get("/incidents/summary?scope=regional&kind=&country=")

    assert page.status_code == 200
    assert page.text.count("<svg") == 5
    assert page.text.count("Show as table") == 5
    assert 'href="/incidents/summary/routes.csv?scope=regional&amp;kind=&amp;country="' in page.text
    assert "Sri Lanka" in page.text


def test_a_bad_filter_is_shown_beside_its_field(client: TestClient, world: World) -> None:
    sign_in(client, world.persona("A", Role.VIEWER))
    page = client.get("/incidents/summary?citizenship=ZZZ&date_from=yesterday")
    assert page.status_code == 400
    assert "There is a problem" in page.text
    assert "not a country code" in page.text


def test_csv_download_has_the_table_of_the_chart(
    client: TestClient, db: Session, world: World
) -> None:
    report(db, world, "A", "A-1", occurred_on="2025-03-14", persons=persons("LKA", 30))
    sign_in(client, world.persona("A", Role.VIEWER))

    response = client.get("/incidents/summary/citizenships.csv?scope=national")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows == [["Code", "Citizenship", "Persons"], ["LKA", "Sri Lanka", "30"]]


def test_the_api_returns_every_chart(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    db.add(CurrencyRate(currency="USD", usd_per_unit=Decimal(1), as_of=date(2025, 1, 1)))
    db.commit()
    report(db, world, "A", "A-1", occurred_on="2025-03-14", persons=persons("LKA", 30))
    token = api_token(db, runtime, world.persona("A", Role.VIEWER), ["incident:read"])
    headers = {"Authorization": f"Bearer {token}"}

    body = client.get("/api/v1/incidents/summary?scope=regional", headers=headers).json()

    assert body["persons_per_month"] == [{"month": "2025-03", "events": 1, "persons": 30}]
    assert body["routes"][0]["transit"] == ["IND"]
    assert body["median_fees"][0]["median_usd"] == "3000.00"
    assert body["deaths_missing"] == [{"month": "2025-03", "deaths": 0, "missing": 0}]
    bad = client.get("/api/v1/incidents/summary?scope=everything", headers=headers)
    assert bad.status_code == 422
