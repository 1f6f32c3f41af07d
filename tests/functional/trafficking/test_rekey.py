"""``rcf trafficking rekey``: after a new key is put first, every sealed value (case identity,
referral identity, messages, attachments) is sealed again under it, the blind index rebuilt,
and the old key can go; a second run finds nothing left to do (resumable)."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from rcf.runtime import Runtime
from rcf.settings import Settings
from rcf.trafficking.crypto import (
    FieldAddress,
    FieldCipher,
    Keyring,
    add_current_key,
    key_ids_in_use,
)
from rcf.trafficking.models import IdentityIndex, TraffickingCase
from rcf.trafficking.service import INDEX_KIND
from tests.factories import SYNTHETIC_IDENTITY, World
from tests.functional.test_cli import rcf_cli
from tests.functional.trafficking.test_attachments import NOTE, upload
from tests.functional.trafficking.test_referrals_api import URL, Parties, accepted


def test_rekey_seals_everything_again_and_the_old_key_can_go(
    client: TestClient, test_settings: Settings, db: Session, runtime: Runtime, world: World,
    tmp_path: Path,
) -> None:  # fmt: skip
    p = Parties(db, runtime, world)
    rid = accepted(client, p, ["names", "gender"])
    assert client.post(f"{URL}/{rid}/messages", json={"body": "Synthetic"}, headers=p.sender)
    assert upload(client, p.sender, rid, "note.txt", NOTE).status_code == 201
    keys = tmp_path / "trafficking_keys"
    shutil.copy(runtime.settings.resolved_trafficking_key_file, keys)
    old = Keyring.from_file(keys).current.key_id
    new = add_current_key(keys)

    first = rcf_cli(test_settings, "trafficking", "rekey", "--batch", "1",
                    RCF_TRAFFICKING_KEY_FILE=str(keys))  # fmt: skip
    again = rcf_cli(test_settings, "trafficking", "rekey", RCF_TRAFFICKING_KEY_FILE=str(keys))

    assert first.exit_code == 0, first.output
    assert "1 cases, 1 referrals, 1 messages, 1 attachments" in first.stdout
    assert "0 cases, 0 referrals, 0 messages, 0 attachments" in again.stdout
    dump = repr([db.execute(text(f"SELECT * FROM {t}")).all() for t in (
        "trafficking_cases", "trafficking_referrals", "trafficking_referral_messages",
        "trafficking_referral_attachments")])  # fmt: skip
    assert f"t1.{old}." not in dump
    assert f"t1.{new}." in dump
    # Only the new key left: everything still opens, and the look-up by number still finds.
    keys.write_text(keys.read_text().splitlines()[0] + "\n")
    box = FieldCipher(Keyring.from_file(keys), on_decrypt=lambda address: None)
    db.expire_all()
    case = db.scalars(select(TraffickingCase)).one()
    assert key_ids_in_use([case.names_sealed or "", case.notes_sealed or ""]) == {new}
    names = FieldAddress("trafficking_cases", "names", case.uid)
    assert box.decrypt(case.names_sealed or "", names) == SYNTHETIC_IDENTITY["names"]
    digest = box.blind_index(SYNTHETIC_IDENTITY["document"], kind=INDEX_KIND)
    assert db.scalars(
        select(IdentityIndex.case_id).where(IdentityIndex.digest == digest)
    ).all() == [case.id]
