"""The import's bulk insert (values prepared up front, a bare executemany or COPY, or on SQLite
copied from the workers' files) stores exactly what the service stores for the same report
through the ORM, column by column."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, RecordShare
from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.incidents import import_writing, importing
from rcf.incidents.columns import COLUMN_NAMES, to_flat
from rcf.incidents.import_files import Table
from rcf.incidents.import_writing import INCIDENT_COLUMNS, PERSON_INSERT_COLUMNS
from rcf.incidents.importing import can_use_workers, import_table
from rcf.incidents.models import Incident
from rcf.incidents.rates import parse_rates, save_rates, shipped_rates
from rcf.incidents.schemas import IncidentIn
from rcf.incidents.service import content_hash, create_incident, incident_content
from tests.factories import World, incident_data

FUTURE = (date.today() + timedelta(days=90)).isoformat()
VARIANTS: list[dict[str, Any]] = [
    {},  # the factory's report: a fee in USD, persons, a facilitator
    {
        "occurred_time": "04:30",
        "fee_amount": "12345.67",
        "fee_currency": "THB",
        "fee_basis": "total",
        "payment_method": "hawala",
        "fraudulent_documents": [
            {"document_type": "passport", "issuing_state": "IRN", "fraud_type": "counterfeit"},
            {"document_type": "visa", "issuing_state": None, "fraud_type": "forged"},
        ],
        "facilitators": [
            {"count": 1, "role": "organiser", "citizenship": None},
            {"count": 3, "role": "guide", "citizenship": "MYS"},
        ],
        "transit_countries": ["IND", "MYS"],
        "methods": ["concealment", "clandestine_entry"],
        "narrative": "Ünïcode, quotes \" and ' and a formula-looking =1+2",
        "sharing": {
            "visibility": "members",
            "shared_with": ["IDN", "RSO"],
            "handling_code": "H3",
            "handling_restriction": "Not beyond the RSO.",
            "source_reliability": "A",
            "information_accuracy": "1",
            "review_date": FUTURE,
        },
    },
    {  # as little as possible: no fee, no persons, no position
        "latitude": None,
        "longitude": None,
        "border_type": None,
        "origin_country": None,
        "destination_country": None,
        "transit_countries": [],
        "methods": [],
        "persons": [],
        "unaccompanied_children": 0,
        "fee_amount": None,
        "fee_currency": None,
        "fee_basis": None,
        "payment_method": None,
        "facilitators": [],
        "arrests": 0,
        "sharing": {"visibility": "national"},
    },
    {"fee_amount": "250", "fee_currency": "XTS", "fee_basis": "per_person"},  # no rate: no USD
    {  # what COPY's text format must escape (PostgreSQL), and what it reads as NULL
        "narrative": "Two lines\nthen a tab\tand a backslash \\ and \\N and \\t, \\\\ end\\",
        "location_name": "C:\\Port\\N",
        "transport_identifier": "\\N",
    },
]
TIMES = ("created_at", "updated_at")


def _raw(db: Session, sql: str, **params: Any) -> list[dict[str, Any]]:
    """Rows as the driver returns them (text(): no SQLAlchemy type processing on the way out)."""
    return [dict(row._mapping) for row in db.execute(text(sql), params)]


def _shape(value: Any) -> Any:
    """A stored timestamp's form (type, digits masked), not its moment."""
    return (type(value), re.sub(r"\d", "0", value) if isinstance(value, str) else None)


def test_the_insert_columns_are_every_column_of_the_tables() -> None:
    incidents = {c.name for c in inspect(Incident).local_table.columns}
    persons = {c.name for c in inspect(Incident).relationships["person_counts"].target.columns}

    assert set(INCIDENT_COLUMNS) == incidents
    assert len(INCIDENT_COLUMNS) == len(incidents)
    assert set(PERSON_INSERT_COLUMNS) == persons - {"id"}


@pytest.fixture(params=["in this process", "in workers"])
def copied_from_files(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows checked in this process, or by workers (on an SQLite file, which then keep the
    new reports in files the import copies them from: the sizes of the batches copied)."""
    copied: list[int] = []
    if request.param == "in workers":
        if not can_use_workers():
            pytest.skip("workers are forked from the main thread only")
        monkeypatch.setattr(importing, "PARALLEL_FROM", 2)
        copy = import_writing.copy_stashed

        def spy(connection: Any, stash: Any, owner: Any, ids: list[int], batch: Any) -> None:
            copied.append(len(batch))
            copy(connection, stash, owner, ids, batch)

        monkeypatch.setattr(import_writing, "copy_stashed", spy)
    return copied


def test_imported_reports_store_what_the_service_stores(
    db: Session, world: World, copied_from_files: list[int], request: pytest.FixtureRequest
) -> None:
    rates, problems = parse_rates(shipped_rates())
    assert not problems
    save_rates(db, Actor.system(), rates)
    actor = actor_for_user(world.persona("A", Role.CONTRIBUTOR).user)
    for n, overrides in enumerate(VARIANTS):
        data = IncidentIn.model_validate(incident_data(reference=f"ORM-{n}", **overrides))
        create_incident(db, actor, data)
    lines = [to_flat(incident_data(reference=f"IMP-{n}", **o)) for n, o in enumerate(VARIANTS)]
    cells = [[line[name] for name in COLUMN_NAMES] for line in lines]
    table = Table(list(COLUMN_NAMES), iter(enumerate(cells, start=2)))

    result = import_table(db, actor, table, sha256="0" * 64, file_name="values.csv")
    db.commit()
    db.expire_all()

    assert result.ok, result.checked.problems
    in_workers = request.node.callspec.params["copied_from_files"] == "in workers"
    sqlite = db.get_bind().dialect.name == "sqlite"
    assert sum(copied_from_files) == (len(VARIANTS) if in_workers and sqlite else 0)
    for n, overrides in enumerate(VARIANTS):
        [orm] = _raw(db, "SELECT * FROM incidents WHERE reference = :r", r=f"ORM-{n}")
        [imported] = _raw(db, "SELECT * FROM incidents WHERE reference = :r", r=f"IMP-{n}")
        expected_hash = content_hash(
            IncidentIn.model_validate(incident_data(reference=f"IMP-{n}", **overrides))
        )
        assert imported.pop("content_hash") == expected_hash
        for name in ("id", "reference", "content_hash"):
            orm.pop(name)
            imported.pop(name, None)
        for name in TIMES:
            assert _shape(imported.pop(name)) == _shape(orm.pop(name)), name
        assert imported == orm, n
        persons_sql = (
            "SELECT p.citizenship, p.sex, p.age_group, p.count FROM incident_person_counts p "
            "JOIN incidents i ON i.id = p.incident_id WHERE i.reference = :r ORDER BY p.id"
        )
        assert _raw(db, persons_sql, r=f"IMP-{n}") == _raw(db, persons_sql, r=f"ORM-{n}")
        by_orm, by_import = (
            db.scalars(select(Incident).where(Incident.reference == f"{p}-{n}")).one()
            for p in ("ORM", "IMP")
        )
        assert {**incident_content(by_import), "reference": ""} == {
            **incident_content(by_orm),
            "reference": "",
        }
        assert by_import.sharing_fields() == by_orm.sharing_fields()
        assert by_import.created_at.tzinfo is not None
        shares = [
            set(db.scalars(select(RecordShare.member_id).where(RecordShare.record_id == report.id)))
            for report in (by_orm, by_import)
        ]
        assert shares[0] == shares[1]
