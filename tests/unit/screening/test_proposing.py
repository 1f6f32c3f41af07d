"""Which pairs the engines' clusters turn into proposals, and what a proposal says."""

from __future__ import annotations

from rcf.screening.proposal_models import ProposalKind
from rcf.screening.proposing import MAX_CLUSTER, event_pairs, person_pairs


def person(record_id: int, state: str, name: str = "Mohammad Rahimi Karzai") -> dict[str, str]:
    return {
        "record_id": str(record_id),
        "source_state": state,
        "full_name": name,
        "birth_date": "1985-03-02",
        "nationality": "AF",
        "gender": "M",
        "document_number": "P1234567",
        "place_of_birth": "",
    }


def test_only_pairs_across_members_are_proposed() -> None:
    other = person(4, "IDN", "Somchai Prasert") | {"document_number": "", "birth_date": "1970"}
    rows = [person(1, "THA"), person(2, "THA"), person(3, "IDN"), other]
    pairs = {(p.left_id, p.right_id) for p in person_pairs(rows)}
    assert pairs == {(1, 3), (2, 3)}


def test_a_crowd_of_namesakes_is_not_proposed() -> None:
    rows = [person(n, "THA" if n % 2 else "IDN") for n in range(1, MAX_CLUSTER + 3)]
    assert person_pairs(rows) == []


def test_the_explanation_names_levels_never_values() -> None:
    (pair,) = person_pairs([person(1, "THA"), person(2, "IDN", "KARZAI, Mohammad Rahimi")])
    assert pair.kind is ProposalKind.PERSON
    assert 0.5 < pair.score <= 1.0
    levels = {f["field"]: f["level"] for f in pair.explanation["fields"]}
    assert levels["birth_date"] == "exact"
    assert levels["place_of_birth"] == "missing"
    for value in ("1985", "P1234567", "Karzai", "KARZAI", "AF"):
        assert value not in str(pair.explanation)


def test_reports_of_one_boat_across_members_are_proposed() -> None:
    def report(report_id: int, state: str, day: str, vessel: str) -> dict[str, str]:
        return {"report_id": str(report_id), "source_state": state, "event_date": day,
                "location": "Rote", "vessel_name": vessel, "persons_on_board": "30",
                "passenger_nationalities": "LKA", "facilitator_names": "[]"}  # fmt: skip

    rows = [report(1, "THA", "2026-03-14", "KM Sinar Harapan III"),
            report(2, "IDN", "2026-03-15", "Sinar Harapan 3"),
            report(3, "IDN", "2026-08-01", "Bintang Laut")]  # fmt: skip
    assert [(p.kind, p.left_id, p.right_id) for p in event_pairs(rows)] == [
        (ProposalKind.EVENT, 1, 2)
    ]
