"""Manifest checks: every passenger in one request, hits first, with validity issues."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.audit.models import AuditEntry
from rcf.runtime import Runtime
from tests.factories import World
from tests.functional.documents.support import add_record, token_for

BATCH = "/api/v1/documents/check-batch"
MANIFEST = (
    "document_number,issuing_state,surname,given_names,birth_date,expiry_date\r\n"
    "XX0000001,IDN,SAMPLE,ONE,1990-01-01,2031-01-01\r\n"
    "AA1234567,THA,SAMPLE,TWO,1985-05-05,2032-01-09\r\n"
    "YY0000002,ZZZ,SAMPLE,THREE,1970-07-07,2020-01-01\r\n"
)
PAXLST = (
    "UNA:+.? '"
    "UNB+UNOA:4+SENDER+RECEIVER+260101:1200+1'"
    "UNH+1+PAXLST:D:05B:UN:IATA'"
    "BGM+745'"
    "NAD+FL+++SAMPLE:FOUR'"
    "DTM+329:850505'"
    "NAT+2+THA'"
    "DOC+P:110:111+AA1234567'"
    "DTM+36:320109'"
    "LOC+91+THA'"
    "CNT+42:1'"
    "UNT+10+1'"
    "UNZ+1+1'"
)


def test_a_csv_manifest_gives_hits_first_and_validity_issues(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    add_record(client, token_for(db, runtime, world, "A", Role.CONTRIBUTOR))
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    answer = client.post(BATCH, json={"manifest": MANIFEST}, headers=b).json()
    assert answer["passengers"] == 3
    assert answer["hits"] == 1
    first, second, third = answer["results"]
    assert first["surname"] == "SAMPLE"
    assert first["given_names"] == "TWO"
    assert [h["match"] for h in first["hits"]] == ["exact"]
    assert second["hits"] == []
    assert second["issues"] == []
    codes = {issue["code"] for issue in third["issues"]}
    assert {"unknown_issuing_state", "expired"} <= codes
    entries = db.scalars(select(AuditEntry).where(AuditEntry.action == "document.checked")).all()
    assert [(e.object_type, e.changes["checks"], e.changes["hits"]) for e in entries] == [
        ("document_batch_check", 2, 1)
    ]


def test_a_paxlst_manifest(client: TestClient, db: Session, runtime: Runtime, world: World) -> None:
    add_record(client, token_for(db, runtime, world, "A", Role.CONTRIBUTOR))
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    answer = client.post(BATCH, json={"manifest": PAXLST}, headers=b).json()
    assert answer["passengers"] == 1
    assert answer["hits"] == 1
    assert answer["results"][0]["document_number"] == "AA1234567"


def test_json_passengers(client: TestClient, db: Session, runtime: Runtime, world: World) -> None:
    add_record(client, token_for(db, runtime, world, "A", Role.CONTRIBUTOR))
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    passengers = [
        {"document_number": "ZZ1", "issuing_state": "IDN", "reference": "seat 1A"},
        {"document_number": "aa 1234 567", "issuing_state": "THA", "reference": "seat 2B"},
    ]
    answer = client.post(BATCH, json={"passengers": passengers}, headers=b).json()
    assert [r["reference"] for r in answer["results"]] == ["seat 2B", "seat 1A"]
    assert answer["hits"] == 1


def test_bad_batches_are_refused_clearly(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    assert client.post(BATCH, json={}, headers=b).status_code == 422
    both = {"manifest": MANIFEST, "passengers": [{"document_number": "X", "issuing_state": "THA"}]}
    assert client.post(BATCH, json=both, headers=b).status_code == 422
    refused = client.post(BATCH, json={"manifest": "\x00\x01garbage"}, headers=b)
    assert refused.status_code == 200
    assert refused.json()["passengers"] == 0
    assert refused.json()["problems"]


def test_a_batch_larger_than_one_lookup_chunk(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    """2,000 passengers take several lookups; the hit in the last chunk is still found."""
    add_record(client, token_for(db, runtime, world, "A", Role.CONTRIBUTOR))
    b = token_for(db, runtime, world, "B", Role.VIEWER)
    passengers = [{"document_number": f"ZZ{n:07d}", "issuing_state": "IDN"} for n in range(1999)]
    passengers.append({"document_number": "AA1234567", "issuing_state": "THA"})
    answer = client.post(BATCH, json={"passengers": passengers}, headers=b).json()
    assert answer["passengers"] == 2000
    assert answer["hits"] == 1
    assert answer["results"][0]["document_number"] == "AA1234567"
