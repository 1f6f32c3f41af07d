"""A victim's identity never leaves the owning agency's case workers.

Every page and API route that reads something is rendered as every persona (each role of each
member, a case worker of another agency of the owning member, anonymous) and grepped for the
synthetic identity values; so are the log output, every audit entry and a raw dump of every
table. The owning agency's case worker is the positive control: the values do appear for them,
so the grep is not looking for something that could never be there."""

from __future__ import annotations

import io
import logging
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.audit.models import AuditAction, AuditEntry
from rcf.models import Base
from rcf.runtime import Runtime
from rcf.trafficking import referral_messages, referral_service
from rcf.trafficking.htcds_exchange import XLSX_TYPE
from rcf.trafficking.referral_attachments import attach
from rcf.trafficking.referrals import ReferralPurpose
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


def read_urls(case_id: int, **ids: int) -> list[tuple[Kind, str]]:
    """Every GET route of the app without a path parameter, and every one about a case (and
    about the referral and attachment given as ``referral_id``, ``attachment_id``)."""
    targets = {Target.CASE: ("case_id", case_id)} | {
        target: (name, ids[name])
        for target, name in ((Target.REFERRAL, "referral_id"), (Target.ATTACHMENT, "attachment_id"))
        if name in ids
    }
    urls = []
    for (method, path), rule in MATRIX.items():
        if method != "GET" or rule.kind not in (Kind.WEB, Kind.API):
            continue
        if rule.target in targets:
            name, value = targets[rule.target]
            urls.append((rule.kind, path.replace("{" + name + "}", str(value))))
        elif "{" not in path:
            urls.append((rule.kind, path))
    return urls


def responses(client: TestClient, token: str | None, urls: list[tuple[Kind, str]]) -> str:
    bodies = []
    for kind, url in urls:
        headers = {"Authorization": f"Bearer {token}"} if kind is Kind.API and token else {}
        bodies.append(f"{url}\n{readable(client.get(url, headers=headers))}")
    return "\n".join(bodies)


def readable(response: Response) -> str:
    """The text a person would read: a workbook's cells (its bytes are zipped), else the body."""
    if response.headers.get("content-type", "").startswith(XLSX_TYPE):
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        return repr([[cell.value for cell in row] for row in sheet.iter_rows()])
    return response.text


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
    scopes: list[str] = SCOPES,
) -> str:
    client.cookies.clear()
    sign_in(client, persona)
    return responses(client, api_token(db, runtime, persona, scopes), urls)


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


# What travels with an accepted referral beyond its coded fields: the names (the one identity
# field sent), a message and an attachment (free text that may name the person).
MESSAGE, FILE_TEXT = "Synthetic message Vorthel", "Synthetic file Quessin"
CONSENT = {"purposes": ["referral", "identity_sharing"], "given_on": "2026-02-11"}


def test_what_a_referral_carries_reaches_only_the_two_agencies_case_workers(
    client: TestClient,
    db: Session,
    runtime: Runtime,
    world: World,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Sender A, receiver B (accepted for B's agency); every persona reads every route about
    the case, the referral and the attachment. Only A's case worker sees it all; B's assigned
    case worker sees the names sent, the message and the file, and nothing else."""
    caplog.set_level(logging.DEBUG)
    referral_id, attachment_id, case_id = _accepted_referral(db, runtime, world)
    urls = read_urls(case_id, referral_id=referral_id, attachment_id=attachment_id)
    carried = [MESSAGE, FILE_TEXT]
    sender = world.persona("A", Role.CASE_WORKER)
    receiver = world.persona("B", Role.CASE_WORKER)
    seen = _as(client, db, runtime, sender, urls, WRITE_SCOPES)
    assert set(leaked(seen)) == set(SECRETS)
    assert all(text in seen for text in carried), "the sender's positive control"
    seen = _as(client, db, runtime, receiver, urls, WRITE_SCOPES)
    assert leaked(seen) == [SYNTHETIC_IDENTITY["names"]]
    assert all(text in seen for text in carried), "the receiving case worker's positive control"
    for persona in world.people.values():
        if persona in (sender, receiver):
            continue
        text = _as(client, db, runtime, persona, urls, WRITE_SCOPES)
        assert not leaked(text), f"{persona.email} saw {leaked(text)}"
        assert not [t for t in carried if t in text], f"{persona.email} read the message or file"
    assert not leaked(caplog.text), "identity in the log output"
    assert not [t for t in carried if t in caplog.text], "a message or file in the log output"
    _audit_holds_no_identity(db)
    assert MESSAGE not in repr([(e.object_id, e.changes) for e in db.scalars(select(AuditEntry))])


WRITE_SCOPES = [*SCOPES, "trafficking:write"]


def _accepted_referral(db: Session, runtime: Runtime, world: World) -> tuple[int, int, int]:
    sender = actor_for_user(world.persona("A", Role.CASE_WORKER).user)
    second = make_user(db, runtime, world.agencies["A"], Role.CASE_WORKER, email="cw2@tha.test")
    focal = actor_for_user(world.persona("B", Role.FOCAL_POINT).user)
    case = make_case(db, runtime, world.persona("A", Role.CASE_WORKER), consent=CONSENT)
    referral = referral_service.create_referral(
        db, runtime, sender, case_id=case.id, receiver="IDN",
        purpose=ReferralPurpose.SERVICES, fields=["names", "gender"],
    )  # fmt: skip
    referral_service.approve(db, actor_for_user(second.user), referral.id)
    referral_service.move(db, focal, referral.id, "accepted", world.agencies["B"].id)
    referral_messages.post_message(db, runtime, sender, referral.id, MESSAGE)
    item = attach(db, runtime, sender, referral, "note.txt", FILE_TEXT.encode())
    db.commit()
    return int(referral.id), int(item.id), int(case.id)
