"""The rollups stay exact: after a random run of creates, amendments, withdrawals, links, unlinks
and imports by several members, every persona's summary through the rollups equals the summary
aggregated straight from the reports, for both scopes and many filters."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.errors import RcfError
from rcf.incidents import import_rollups, rollups
from rcf.incidents.columns import COLUMN_NAMES, to_flat
from rcf.incidents.duplicates import link_duplicate, unlink_duplicate
from rcf.incidents.import_files import Table
from rcf.incidents.importing import import_table
from rcf.incidents.models import CurrencyRate, Incident, IncidentLink
from rcf.incidents.rollup_models import RollupStatus
from rcf.incidents.schemas import IncidentIn
from rcf.incidents.service import (
    IncidentFilters,
    amend_incident,
    create_incident,
    withdraw_incident,
)
from rcf.incidents.summary import Scope, build_summary, direct_summary
from rcf.incidents.summary_rollups import RollupPicture, split_months
from rcf.runtime import Runtime
from rcf.settings import Settings
from tests.factories import World, incident_data
from tests.functional.test_cli import rcf_cli

CODES = {"A": "THA", "B": "IDN", "C": "MYS", "RSO": "RSO"}
ROUTES = [("LKA", ["IND"], "AUS"), ("AFG", ["PAK", "IRN"], "IDN"), ("MMR", [], "MYS")]
FIRST_DAY = date(2025, 1, 1)
FILTERS = [
    IncidentFilters(),
    IncidentFilters(date_from=date(2025, 3, 17)),
    IncidentFilters(date_to=date(2025, 4, 9)),
    IncidentFilters(date_from=date(2025, 2, 1), date_to=date(2025, 5, 31)),
    IncidentFilters(date_from=date(2025, 2, 10), date_to=date(2025, 2, 20)),
    IncidentFilters(date_from=date(2025, 1, 5), date_to=date(2025, 6, 3)),
    IncidentFilters(kind="irregular_stay"),  # type: ignore[arg-type]
    IncidentFilters(country="IDN", date_from=date(2025, 2, 14)),
    IncidentFilters(citizenship="AFG"),  # the rollups cannot answer: direct
]
VIEWERS = [
    ("A", Role.VIEWER),
    ("B", Role.ANALYST),
    ("C", Role.VIEWER),
    ("RSO", Role.ANALYST),
]


def _sharing(rng: random.Random, member: str) -> dict[str, Any]:
    visibility = rng.choice(["national", "members", "regional", "regional"])
    if visibility != "members":
        return {"visibility": visibility}
    others = [code for key, code in CODES.items() if key != member]
    return {"visibility": "members", "shared_with": rng.sample(others, rng.randint(1, 2))}


def _report(rng: random.Random, member: str, reference: str) -> dict[str, Any]:
    origin, transit, destination = rng.choice(ROUTES)
    persons = [
        {"citizenship": citizenship, "sex": "M", "age_group": "adult", "count": rng.randint(1, 30)}
        for citizenship in rng.sample(["LKA", "AFG", "MMR"], rng.randint(1, 2))
    ]
    fee = rng.choice([None, "1000.00", "1500.00", "2500.00"])
    return incident_data(
        reference=reference,
        kind=rng.choice(["maritime_interception", "irregular_stay"]),
        occurred_on=(FIRST_DAY + timedelta(days=rng.randrange(180))).isoformat(),
        country=destination,
        origin_country=origin,
        transit_countries=transit,
        destination_country=destination,
        persons=persons,
        unaccompanied_children=0,
        fee_amount=fee,
        fee_currency="USD" if fee else None,
        fee_basis="per_person" if fee else None,
        payment_method=None,
        deaths=rng.choice([0, 0, 0, 2]),
        missing=rng.choice([0, 0, 1]),
        sharing=_sharing(rng, member),
    )


class Run:
    """Random writes through the real services, each committed as a request would."""

    def __init__(self, db: Session, runtime: Runtime, world: World, seed: int) -> None:
        self.db, self.runtime, self.world = db, runtime, world
        self.rng = random.Random(seed)
        self.serial = 0
        self.folded = 0

    def actor(self, member: str, role: Role = Role.CONTRIBUTOR) -> Any:
        return actor_for_user(self.world.persona(member, role).user)

    def own_live(self, member: str) -> list[Incident]:
        owner = self.world.members[member].id
        return list(
            self.db.scalars(
                select(Incident)
                .where(Incident.owner_member_id == owner, Incident.withdrawn_at.is_(None))
                .order_by(Incident.id)  # the same run on every database
            )
        )

    def create(self, member: str) -> None:
        self.serial += 1
        data = _report(self.rng, member, f"R-{self.serial}")
        create_incident(self.db, self.actor(member), IncidentIn.model_validate(data))

    def amend(self, member: str) -> None:
        mine = self.own_live(member)
        if mine:
            target = self.rng.choice(mine)
            data = _report(self.rng, member, target.reference)
            amend_incident(
                self.db,
                self.runtime,
                self.actor(member),
                target.id,
                IncidentIn.model_validate(data),
            )

    def withdraw(self, member: str) -> None:
        mine = self.own_live(member)
        if mine:
            withdraw_incident(self.db, self.runtime, self.actor(member), self.rng.choice(mine).id)

    def link(self, member: str) -> None:
        ids = list(self.db.scalars(select(Incident.id).order_by(Incident.id)))
        if len(ids) > 1:
            duplicate, canonical = self.rng.sample(ids, 2)
            link_duplicate(self.db, self.runtime, self.actor(member, Role.ANALYST), duplicate,
                           canonical)  # fmt: skip

    def unlink(self, member: str) -> None:
        owner = self.world.members[member].id
        links = list(
            self.db.scalars(
                select(IncidentLink)
                .where(IncidentLink.linked_by_member_id == owner)
                .order_by(IncidentLink.id)
            )
        )
        if links:
            duplicate = self.rng.choice(links).duplicate_id
            unlink_duplicate(self.db, self.runtime, self.actor(member, Role.ANALYST), duplicate)

    def import_file(self, member: str) -> None:
        """Three rows: two new reports and, when there is one, a changed existing report."""
        rows = []
        for _ in range(2):
            self.serial += 1
            rows.append(_report(self.rng, member, f"R-{self.serial}"))
        mine = self.own_live(member)
        if mine:
            rows.append(_report(self.rng, member, self.rng.choice(mine).reference))
        cells = [[to_flat(row)[name] for name in COLUMN_NAMES] for row in rows]
        table = Table(list(COLUMN_NAMES), iter(enumerate(cells, start=2)))
        result = import_table(self.db, self.actor(member), table, sha256="0" * 64, file_name="f")
        assert result.ok, result.checked.problems

    def fold(self, member: str) -> None:
        """Part of the imports' tail into the rollups (sometimes a few ids of an import)."""
        self.folded += import_rollups.fold(self.db, limit=self.rng.choice([1, 2, 1000]))

    def step(self) -> None:
        member = self.rng.choice(["A", "A", "B", "B", "C"])
        operation = self.rng.choice(
            [self.create] * 4 + [self.amend] * 2 + [self.withdraw, self.link, self.link]
            + [self.unlink, self.import_file, self.import_file, self.fold]
        )  # fmt: skip
        if member == "C" and operation in (self.link, self.unlink):
            member = "RSO"  # the RSO's analysts link too
        try:
            operation(member)
            self.db.commit()
        except RcfError:  # e.g. a link refused (already linked, not visible): nothing written
            self.db.rollback()


def assert_rollups_equal_direct(db: Session, runtime: Runtime, world: World) -> None:
    assert rollups.check(db) == {}
    for member, role in VIEWERS:
        actor = actor_for_user(world.persona(member, role).user)
        for scope in Scope:
            for filters in FILTERS:
                through = build_summary(db, runtime, actor, filters, scope)
                direct = direct_summary(db, runtime, actor, filters, scope)
                assert through == direct, (member, role, scope, filters)


# Seeds whose run links, imports and folds (asserted below); the run is the same on every database.
@pytest.mark.parametrize("seed", [1, 3])
def test_rollups_give_the_direct_figures_after_random_writes(
    db: Session, runtime: Runtime, world: World, seed: int
) -> None:
    db.add(CurrencyRate(currency="USD", usd_per_unit=Decimal(1), as_of=FIRST_DAY))
    db.commit()
    run = Run(db, runtime, world, seed)
    tails = []
    for step in range(60):
        run.step()
        assert rollups.check(db) == {}, step  # after every write, not only healed later
        if step % 20 == 19:
            tails.append(import_rollups.tail_size(db))
            assert_rollups_equal_direct(db, runtime, world)
    linked = db.scalar(select(IncidentLink.id).limit(1))
    assert linked is not None, "the run should have linked some reports"
    assert any(tails), "imports should have left a tail"
    assert run.folded, "folds should have taken some of it"
    import_rollups.fold_all(runtime.sessions)
    assert import_rollups.tail_size(db) == 0
    assert_rollups_equal_direct(db, runtime, world)
    actor = actor_for_user(world.persona("A", Role.VIEWER).user)
    picture = RollupPicture.open(db, runtime, actor, IncidentFilters(), Scope.REGIONAL)
    assert picture is not None  # the figures above did come through the rollups


def test_a_failed_write_leaves_the_rollups_as_they_were(
    db: Session, runtime: Runtime, world: World
) -> None:
    run = Run(db, runtime, world, 3)
    for _ in range(5):
        run.create("A")
    db.commit()
    run.create("A")
    db.flush()
    db.rollback()

    assert rollups.check(db) == {}
    assert_rollups_equal_direct(db, runtime, world)


def test_stale_rollups_are_not_read_until_rebuilt(
    db: Session, runtime: Runtime, world: World
) -> None:
    run = Run(db, runtime, world, 4)
    for _ in range(6):
        run.create("B")
    db.commit()
    db.add(RollupStatus(name="stale", reason="test"))
    db.commit()
    actor = actor_for_user(world.persona("B", Role.VIEWER).user)

    assert RollupPicture.open(db, runtime, actor, IncidentFilters(), Scope.REGIONAL) is None
    rollups.rebuild(db)
    db.commit()
    assert RollupPicture.open(db, runtime, actor, IncidentFilters(), Scope.REGIONAL) is not None
    assert rollups.check(db) == {}


def test_a_rollup_that_drifted_is_reported_by_check(
    db: Session, runtime: Runtime, world: World
) -> None:
    from rcf.incidents.rollup_models import IncidentRollup

    Run(db, runtime, world, 5).create("A")
    db.commit()
    group = db.scalars(select(IncidentRollup)).first()
    assert group is not None
    group.persons += 1
    db.commit()

    assert rollups.check(db) == {"incident_rollups": 2}


def test_date_ranges_split_into_whole_months_and_partial_ends() -> None:
    whole, edges = split_months(date(2025, 3, 17), date(2025, 6, 3))
    assert whole == (date(2025, 4, 1), date(2025, 5, 1))
    assert edges == [(date(2025, 3, 17), date(2025, 3, 31)), (date(2025, 6, 1), date(2025, 6, 3))]
    assert split_months(date(2025, 2, 10), date(2025, 2, 20)) == (
        (date(2025, 3, 1), date(2025, 1, 1)),
        [(date(2025, 2, 10), date(2025, 2, 20))],
    )
    assert split_months(date(2025, 2, 1), date(2025, 2, 28)) == (
        (date(2025, 2, 1), date(2025, 2, 1)),
        [],
    )
    assert split_months(None, None) == ((None, None), [])


def test_the_cli_checks_and_rebuilds_the_rollups(
    db: Session, runtime: Runtime, world: World, test_settings: Settings
) -> None:
    from rcf.incidents.rollup_models import IncidentRollup

    Run(db, runtime, world, 6).create("A")
    db.commit()
    assert rcf_cli(test_settings, "incidents", "rollups", "check").exit_code == 0
    group = db.scalars(select(IncidentRollup)).first()
    assert group is not None
    group.events += 5
    db.commit()

    drifted = rcf_cli(test_settings, "incidents", "rollups", "check")
    assert drifted.exit_code == 1
    assert "incident_rollups" in drifted.output
    assert rcf_cli(test_settings, "incidents", "rollups", "rebuild").exit_code == 0
    assert rcf_cli(test_settings, "incidents", "rollups", "check").exit_code == 0
