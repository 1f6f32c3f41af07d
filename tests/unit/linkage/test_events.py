"""Reports of the same boat across members: places, vessel prefixes, counts and dates differ."""

from __future__ import annotations

import json

from rcf.linkage.events import link_events

COLUMNS = ("report_id", "source_state", "event_date", "location", "vessel_name",
           "persons_on_board", "passenger_nationalities", "facilitator_names")  # fmt: skip


def report(*values: object) -> dict[str, str]:
    return dict(zip(COLUMNS, map(str, values), strict=True))


def reports() -> list[dict[str, str]]:
    facilitator = json.dumps(["Abdul Rahman Karimi"])
    return [
        report(
            "A1",
            "AUS",
            "2024-03-17",
            "Christmas Island",
            "KM Sinar Harapan 3",
            98,
            "AF;IR",
            facilitator,
        ),
        report(
            "I1", "IDN", "15.03.2024", "Pelabuhanratu", "Sinar Harapan III", 104, "AFG", facilitator
        ),
        report(
            "T1",
            "THA",
            "18/03/2024",
            "Christmas Is.",
            "K.M. SINAR HARAPN 3",
            95,
            "Afghanistan",
            "[]",
        ),
        # The same boat a month later: another voyage.
        report("A2", "AUS", "2024-04-20", "Christmas Island", "KM Sinar Harapan 3", 60, "LK", "[]"),
        # Another boat the same day at the same place.
        report("A3", "AUS", "2024-03-17", "Christmas Island", "MV Bintang Laut", 210, "MM", "[]"),
        report("M3", "MYS", "03/16/2024", "Pulau Christmas", "Bintang Laut", 200, "MMR", "[]"),
        report("B1", "BGD", "2023-01-05", "Akyab", "", 150, "MM", "[]"),
        report("M1", "MYS", "01/06/2023", "Sittwe", "", 148, "Myanmar", "[]"),
    ]


def test_reports_of_one_voyage_share_a_cluster() -> None:
    result = link_events(reports())
    assert result["A1"] == result["I1"] == result["T1"]
    assert result["A3"] == result["M3"]
    assert result["B1"] == result["M1"]


def test_the_same_boat_on_another_voyage_and_another_boat_the_same_day_stay_apart() -> None:
    result = link_events(reports())
    assert result["A2"] != result["A1"]
    assert result["A3"] != result["A1"]


def test_every_report_appears_once_with_a_deterministic_id() -> None:
    result = link_events(reports())
    assert sorted(result) == sorted(r["report_id"] for r in reports())
    assert result == link_events(list(reversed(reports())))
    assert result["A1"] == min(result[k] for k in ("A1", "I1", "T1"))
