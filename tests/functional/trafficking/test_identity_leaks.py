"""A victim's identity never leaves the owning agency's case workers.

Every page and API route that reads something is rendered as every persona (each role of each
member, a case worker of another agency of the owning member, anonymous) and grepped for the
synthetic identity values; so are the log output, every audit entry and a raw dump of every
table. The owning agency's case worker is the positive control: the values do appear for them,
so the grep is not looking for something that could never be there."""

from __future__ import annotations

import logging
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.audit.models import AuditAction, AuditEntry
from rcf.models import Base
from rcf.runtime import Runtime
from tests.factories import (
    SYNTHETIC_IDENTITY,
    Persona,
    World,
    api_token,
    make_agency,
    make_case,
    make_user,
    sign_in,
)
from tests.functional.matrix_support import CASE_READERS, Kind, Target
from tests.functional.test_authorization_matrix import MATRIX

SECRETS = list(SYNTHETIC_IDENTITY.values())
SCOPES = ["bulletin:read", "incident:read", "member:read", "trafficking:read"]


def leaked(text: str) -> list[str]:
    return [value for value in SECRETS if value in text]


def read_urls(case_id: int) -> list[tuple[Kind, str]]:
    """Every GET route of the app without a path parameter, and every one about a case."""
    urls = []
    for (method, path), rule in MATRIX.items():
        if method != "GET" or rule.kind not in (Kind.WEB, Kind.API):
            continue
        if rule.target is Target.CASE:
            urls.append((rule.kind, path.replace("{case_id}", str(case_id))))
        elif "{" not in path:
            urls.append((rule.kind, path))
    return urls


def responses(client: TestClient, token: str | None, urls: list[tuple[Kind, str]]) -> str:
    bodies = []
    for kind, url in urls:
        headers = {"Authorization": f"Bearer {token}"} if kind is Kind.API and token else {}
        bodies.append(f"{url}\n{client.get(url, headers=headers).text}")
    return "\n".join(bodies)


@pytest.fixture
def other_agency_worker(db: Session, runtime: Runtime, world: World) -> Persona:
    police = make_agency(db, world.members["A"], "Police")
    persona = make_user(db, runtime, police, Role.CASE_WORKER, email="police-cw@tha.test")
    db.commit()
    return persona


def test_identity_reaches_only_the_owning_agencys_case_workers(
    client: TestClient,
    db: Session,
    runtime: Runtime,
    world: World,
    other_agency_worker: Persona,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    owner = world.persona("A", Role.CASE_WORKER)
    sharing = {"visibility": "members", "shared_with": ["IDN", "RSO"]}
    case = make_case(db, runtime, owner, sharing=sharing)
    db.commit()
    urls = read_urls(case.id)
    sharing_members = {world.members[m].id for m in ("A", "B", "RSO")}
    # Owner first: its decryptions write audit entries that the focal points' /audit then shows.
    seen_by_owner = _as(client, db, runtime, owner, urls)
    assert set(leaked(seen_by_owner)) == set(SECRETS), "the positive control failed"
    others = [p for key, p in world.people.items() if key != ("A", Role.CASE_WORKER)]
    for persona in [*others, other_agency_worker]:
        text = _as(client, db, runtime, persona, urls)
        assert not leaked(text), f"{persona.email} saw {leaked(text)}"
        if persona.user.role in CASE_READERS and persona.user.member_id in sharing_members:
            # They do see the case: its pseudonymous number and coded fields.
            assert case.case_number in text, persona.email
            assert "Forced criminality" in text, persona.email
    client.cookies.clear()
    assert not leaked(responses(client, None, urls))
    assert not leaked(caplog.text), "identity in the log output"
    _audit_holds_no_identity(db)


def _as(
    client: TestClient,
    db: Session,
    runtime: Runtime,
    persona: Persona,
    urls: list[tuple[Kind, str]],
) -> str:
    client.cookies.clear()
    sign_in(client, persona)
    return responses(client, api_token(db, runtime, persona, SCOPES), urls)


def _audit_holds_no_identity(db: Session) -> None:
    entries = list(db.scalars(select(AuditEntry)))
    decrypted = [e for e in entries if e.action == AuditAction.IDENTITY_DECRYPTED]
    assert decrypted, "opening the identity was not audited"
    assert {e.changes["field"] for e in decrypted} >= {"names", "identity_documents"}
    for entry in entries:
        text = repr((entry.actor_label, entry.object_id, entry.changes))
        assert not leaked(text), f"audit entry {entry.seq} holds {leaked(text)}"


def test_a_database_dump_holds_no_plaintext_identity(
    db: Session, runtime: Runtime, world: World
) -> None:
    make_case(db, runtime, world.persona("A", Role.CASE_WORKER))
    db.commit()
    dump = []
    connection = db.connection()
    for table in Base.metadata.sorted_tables:
        for row in connection.execute(table.select()):
            dump.extend(_raw(value) for value in row)
    text = "\n".join(dump)
    assert "t1." in text  # the sealed values are there...
    assert not leaked(text)  # ...and nothing readable
    assert "ZQ4471902".lower() not in text.lower()
    birth = date.fromisoformat(SYNTHETIC_IDENTITY["birth_date"])
    assert birth.isoformat() not in text
    assert birth.strftime("%d/%m/%Y") not in text


def _raw(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
