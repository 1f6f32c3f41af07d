"""Incident reports through the service: versions, idempotent saves, fee normalisation."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.incidents.models import CurrencyRate, Incident, IncidentVersion
from rcf.incidents.rates import parse_rates, save_rates, shipped_rates
from rcf.incidents.schemas import IncidentIn
from rcf.incidents.service import Outcome, amend_incident, save_imported
from rcf.runtime import Runtime
from tests.factories import World, incident_data, make_incident


def load_rates(db: Session) -> None:
    rates, problems = parse_rates(shipped_rates())
    assert not problems
    save_rates(db, Actor.system(), rates)


def test_amendment_keeps_the_previous_version(db: Session, runtime: Runtime, world: World) -> None:
    author = world.persona("A", Role.CONTRIBUTOR)
    incident = make_incident(db, author)
    assert isinstance(incident, Incident)
    changed = IncidentIn.model_validate(incident_data(deaths=3))
    amend_incident(db, runtime, actor_for_user(author.user), incident.id, changed)
    db.commit()
    assert incident.version == 2
    old = db.scalars(
        select(IncidentVersion).where(IncidentVersion.incident_id == incident.id)
    ).one()
    assert old.version == 1
    assert old.content["deaths"] == 0


def test_saving_the_same_report_twice_changes_nothing(db: Session, world: World) -> None:
    actor = actor_for_user(world.persona("B", Role.CONTRIBUTOR).user)
    data = IncidentIn.model_validate(incident_data(reference="B-7"))
    assert save_imported(db, actor, data) is Outcome.CREATED
    assert save_imported(db, actor, data) is Outcome.UNCHANGED
    changed = IncidentIn.model_validate(incident_data(reference="B-7", missing=2))
    assert save_imported(db, actor, changed) is Outcome.AMENDED
    count = db.scalar(select(func.count()).select_from(Incident).where(Incident.reference == "B-7"))
    assert count == 1


def test_fees_are_normalised_to_usd_per_person(db: Session, world: World) -> None:
    load_rates(db)
    thb = db.get(CurrencyRate, "THB")
    assert thb is not None
    author = world.persona("A", Role.CONTRIBUTOR)
    incident = make_incident(
        db, author, reference="FEE", fee_amount="60000", fee_currency="THB", fee_basis="total"
    )
    assert isinstance(incident, Incident)
    expected = (Decimal(60000) * thb.usd_per_unit / 30).quantize(Decimal("0.01"))
    assert incident.fee_usd_per_person == expected
