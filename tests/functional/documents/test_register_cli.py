"""``rcf documents import | check | export-offline | remove-reviewed`` against the real database."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from rcf.documents.models import DocumentRecord
from rcf.settings import Settings
from tests.factories import World
from tests.functional.test_cli import rcf_cli

HEADER = (
    "national_reference,document_number,issuing_state,document_type,status,fraud_type,expiry_date\n"
)
GOOD = HEADER + (
    "THA-1,AA1000001,THA,passport,lost,,2031-01-01\n"
    "THA-2,AA1000002,THA,P,fraudulent,forged,\n"
    "THA-3,aa-100 0003,th,passport,stolen_blank,,\n"
)
AGENCY = ["--member", "THA", "--agency", "Immigration"]


def _count(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count(DocumentRecord.id))) or 0


def test_import_is_all_or_nothing_and_idempotent(
    test_settings: Settings, db: Session, world: World, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "THA-4,AA1000004,IDN,passport,lost,,\nTHA-1,XX,THA,passport,lost,,\n")
    problems = tmp_path / "problems.csv"
    refused = rcf_cli(
        test_settings, "documents", "import", str(bad), *AGENCY, "--problems", str(problems)
    )
    assert refused.exit_code == 1
    assert "row 5, column issuing_state" in refused.stderr
    assert "row 6, column national_reference" in refused.stderr
    assert "nothing was imported" in refused.stderr
    assert problems.read_text().startswith("row,column,value,message")
    assert _count(db) == 0
    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    first = rcf_cli(test_settings, "documents", "import", str(good), *AGENCY)
    assert first.exit_code == 0, first.output
    assert "3 created" in first.stdout
    again = rcf_cli(test_settings, "documents", "import", str(good), *AGENCY)
    assert "0 created, 0 amended, 3 unchanged" in again.stdout
    assert _count(db) == 3
    changed = tmp_path / "changed.csv"
    changed.write_text(GOOD.replace("2031-01-01", "2030-01-01"))
    third = rcf_cli(test_settings, "documents", "import", str(changed), *AGENCY)
    assert "0 created, 1 amended, 2 unchanged" in third.stdout
    numbers = set(db.scalars(select(DocumentRecord.document_number)))
    assert numbers == {"AA1000001", "AA1000002", "AA1000003"}


def test_check_a_manifest_from_the_command_line(
    test_settings: Settings, db: Session, world: World, tmp_path: Path
) -> None:
    records = tmp_path / "records.csv"
    records.write_text(GOOD)
    assert rcf_cli(test_settings, "documents", "import", str(records), *AGENCY).exit_code == 0
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "document_number,issuing_state,surname,given_names,birth_date\n"
        "ZZ0000001,IDN,SAMPLE,ONE,1990-01-01\n"
        "AA1OOOOO2,THA,SAMPLE,TWO,1980-02-02\n"
    )
    idn = ["--member", "IDN", "--agency", "Immigration"]
    result = rcf_cli(test_settings, "documents", "check", str(manifest), *idn)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "2 passengers, 1 hit(s)."
    assert lines[1] == "position\tdocument\tstate\tname\tresult"
    assert lines[2].startswith("3\tAA1OOOOO2\tTHA\tSAMPLE, TWO\tHIT H-")  # whose document
    assert "confusable fraudulent THA H0" in lines[2]
    assert lines[3] == "2\tZZ0000001\tIDN\tSAMPLE, ONE\tok"


def test_export_offline_round_trips_with_check_offline(
    test_settings: Settings, db: Session, world: World, tmp_path: Path
) -> None:
    records = tmp_path / "records.csv"
    records.write_text(GOOD)
    assert rcf_cli(test_settings, "documents", "import", str(records), *AGENCY).exit_code == 0
    snapshot = tmp_path / "register.snapshot"
    exported = rcf_cli(test_settings, "documents", "export-offline", str(snapshot))
    assert exported.exit_code == 0, exported.output
    assert b"AA1000001" not in snapshot.read_bytes()
    keys = [
        f"--snapshot={snapshot}",
        f"--public-key={snapshot}.pub.pem",
        f"--key-file={test_settings.data_dir / 'offline-hmac.key'}",
    ]
    hit = rcf_cli(test_settings, "documents", "check-offline", *keys, "AA1000001", "THA")
    assert hit.exit_code == 1, hit.output
    assert "lost" in hit.stdout
    miss = rcf_cli(test_settings, "documents", "check-offline", *keys, "AA1000009", "THA")
    assert miss.exit_code == 0, miss.output


def test_records_past_their_review_date_are_not_checked_and_are_removed(
    test_settings: Settings, db: Session, world: World, tmp_path: Path
) -> None:
    records = tmp_path / "records.csv"
    records.write_text(GOOD)
    assert rcf_cli(test_settings, "documents", "import", str(records), *AGENCY).exit_code == 0
    db.execute(
        update(DocumentRecord)
        .where(DocumentRecord.national_reference == "THA-1")
        .values(review_date=date.today() - timedelta(days=1))
    )
    db.commit()
    manifest = tmp_path / "m.csv"
    manifest.write_text("document_number,issuing_state\nAA1000001,THA\n")
    idn = ["--member", "IDN", "--agency", "Immigration"]
    assert rcf_cli(test_settings, "documents", "check", str(manifest), *idn).exit_code == 0
    removed = rcf_cli(test_settings, "documents", "remove-reviewed")
    assert "Removed 1 record(s)" in removed.stdout
    assert _count(db) == 2


def test_check_output_never_passes_control_characters_to_the_terminal(
    test_settings: Settings, db: Session, world: World, tmp_path: Path
) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("document_number,issuing_state\nAB\x1b[2J12,THA\nAB123,THA\n")
    idn = ["--member", "IDN", "--agency", "Immigration"]

    result = rcf_cli(test_settings, "documents", "check", str(manifest), *idn)

    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == "2 passengers, 0 hit(s)."
    assert lines[2].startswith("2\tAB\ufffd[2J12\tTHA\t")
    assert lines[3] == "3\tAB123\tTHA\t\tok"
