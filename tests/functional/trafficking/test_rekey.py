"""``rcf trafficking rekey``: after a new key is put first, every sealed value (case identity,
referral identity, messages, attachments) is sealed again under it and the blind index rebuilt,
so the old key line can be deleted and the running server still opens everything; a run that
stops half-way leaves each value readable under one of the two keys and the next run finishes.

The server reads the key file at each opening (no cache), so the first test rotates the test
deployment's own key file and reads through the API afterwards: what case workers rely on."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.runtime import Runtime
from rcf.settings import Settings
from rcf.trafficking.crypto import (
    FieldAddress,
    FieldCipher,
    Keyring,
    add_current_key,
    key_ids_in_use,
)
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.rekey import rekey
from tests.factories import SYNTHETIC_IDENTITY, World, make_case
from tests.functional.test_cli import rcf_cli
from tests.functional.trafficking.test_attachments import NOTE, upload
from tests.functional.trafficking.test_referrals_api import URL, Parties, accepted

SEALED_TABLES = (
    "trafficking_cases",
    "trafficking_referrals",
    "trafficking_referral_messages",
    "trafficking_referral_attachments",
)


@pytest.fixture
def key_file(runtime: Runtime) -> Iterator[Path]:
    """The deployment's key file, given back as it was (the next tests' data uses it)."""
    path = runtime.settings.resolved_trafficking_key_file
    saved = path.read_text()
    try:
        yield path
    finally:
        path.write_text(saved)


def drop_all_but_current(path: Path) -> None:
    path.write_text(path.read_text().splitlines()[0] + "\n")


def test_rekey_seals_everything_again_and_the_old_key_can_go(
    client: TestClient, test_settings: Settings, db: Session, runtime: Runtime, world: World,
    key_file: Path,
) -> None:  # fmt: skip
    p = Parties(db, runtime, world)
    rid = accepted(client, p, ["names", "gender"])
    message = {"body": "Synthetic message"}
    assert client.post(f"{URL}/{rid}/messages", json=message, headers=p.sender).status_code == 201
    assert upload(client, p.sender, rid, "note.txt", NOTE).status_code == 201
    old = Keyring.from_file(key_file).current.key_id
    new = add_current_key(key_file)

    first = rcf_cli(test_settings, "trafficking", "rekey", "--batch", "1")
    again = rcf_cli(test_settings, "trafficking", "rekey")

    assert first.exit_code == 0, first.output
    assert "1 cases, 1 referrals, 1 messages, 1 attachments" in first.stdout
    assert "0 cases, 0 referrals, 0 messages, 0 attachments" in again.stdout
    dump = repr([db.execute(text(f"SELECT * FROM {table}")).all() for table in SEALED_TABLES])
    assert f"t1.{old}." not in dump
    assert f"t1.{new}." in dump
    drop_all_but_current(key_file)
    # The server, with the new key alone, still opens everything for those allowed.
    case_id = client.get(f"{URL}/{rid}", headers=p.sender).json()["case_id"]
    case = client.get(f"/api/v1/trafficking/cases/{case_id}", headers=p.sender).json()
    assert case["identity"]["names"] == SYNTHETIC_IDENTITY["names"]
    assert client.get(f"{URL}/{rid}", headers=p.b_worker).json()["identity"] == {
        "names": SYNTHETIC_IDENTITY["names"]
    }
    messages = client.get(f"{URL}/{rid}/messages", headers=p.b_worker).json()
    assert [m["body"] for m in messages] == [message["body"]]
    files = client.get(f"{URL}/{rid}/attachments", headers=p.b_worker).json()
    opened = client.get(f"/api/v1/trafficking/attachments/{files[0]['id']}", headers=p.b_worker)
    assert opened.content == NOTE
    found = client.post("/api/v1/trafficking/identity-lookup", headers=p.sender,
                        json={"number": SYNTHETIC_IDENTITY["document"]})  # fmt: skip
    assert [c["id"] for c in found.json()] == [case_id]  # the blind index was rebuilt


class Interrupted(Exception):
    """The process stopping between two batches (a crash, a deploy, Ctrl-C)."""


def stopping_after(runtime: Runtime, commits: int) -> Callable[[], Session]:
    """Sessions like the runtime's, whose commit number ``commits + 1`` fails instead."""
    done = 0

    def session() -> Session:
        opened = runtime.sessions()
        commit = opened.commit

        def stop_or_commit() -> None:
            nonlocal done
            if done == commits:
                raise Interrupted
            done += 1
            commit()

        opened.commit = stop_or_commit  # type: ignore[method-assign]
        return opened

    return session


def test_an_interrupted_rekey_loses_nothing_and_the_next_run_finishes(
    db: Session, runtime: Runtime, world: World, tmp_path: Path
) -> None:
    for _ in range(3):
        make_case(db, runtime, world.persona("A", Role.CASE_WORKER))
    db.commit()
    keys = tmp_path / "trafficking_keys"
    shutil.copy(runtime.settings.resolved_trafficking_key_file, keys)
    old, new = Keyring.from_file(keys).current.key_id, add_current_key(keys)
    # Not model_copy: it would copy the cached resolved_trafficking_key_file of the original.
    settings = Settings(**{**runtime.settings.model_dump(), "trafficking_key_file": keys})
    rotated = Runtime(settings, runtime.engine, runtime.sessions, runtime.passwords)

    with pytest.raises(Interrupted):
        rekey(stopping_after(rotated, 1), rotated, batch=1)
    assert sealed_under(db) == [{new}, {old}, {old}]  # one batch done, the next rolled back
    assert all(opens(keys, case) for case in cases(db))  # both keys still in the file

    assert rekey(rotated.sessions, rotated, batch=1)["cases"] == 2
    assert sealed_under(db) == [{new}] * 3
    drop_all_but_current(keys)
    assert all(opens(keys, case) for case in cases(db))


def cases(db: Session) -> list[TraffickingCase]:
    db.expire_all()  # the sessions are expire_on_commit=False: read what the rekey wrote
    return list(db.scalars(select(TraffickingCase).order_by(TraffickingCase.id)))


def sealed_under(db: Session) -> list[set[str]]:
    return [key_ids_in_use([c.names_sealed or "", c.notes_sealed or ""]) for c in cases(db)]


def opens(keys: Path, case: TraffickingCase) -> bool:
    box = FieldCipher(Keyring.from_file(keys), on_decrypt=lambda address: None)
    names = FieldAddress("trafficking_cases", "names", case.uid)
    return box.decrypt(case.names_sealed or "", names) == SYNTHETIC_IDENTITY["names"]
