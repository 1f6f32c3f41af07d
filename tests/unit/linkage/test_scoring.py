"""The Fellegi-Sunter pieces: u from random pairs, the match rate, blocking, common names."""

from __future__ import annotations

from rcf.linkage.blocking import candidate_pairs, deletion_keys
from rcf.linkage.person_fields import PERSON_COMPARISONS, compare_persons
from rcf.linkage.persons import CommonNames, prepare_persons
from rcf.linkage.scoring import Comparison, estimate_u, train

AGREE = Comparison("field", ("same", "different"), (0.9, 0.1), (0.1, 0.9))


def test_u_follows_the_data_and_falls_back_on_the_prior_for_small_files() -> None:
    many = [(0,)] * 500 + [(1,)] * 9500
    assert abs(estimate_u([AGREE], many)[0][0] - 0.05) < 0.01
    assert abs(estimate_u([AGREE], [(0,), (0,)])[0][0] - 0.1) < 0.01  # two pairs prove little


def test_the_match_rate_is_estimated_over_all_pairs() -> None:
    # 100 candidate pairs agree on two telling fields, 900 on neither, among 100,000 pairs.
    fields = [AGREE, AGREE]
    u = [[0.001, 0.999], [0.001, 0.999]]
    model = train(fields, u, [(0, 0)] * 100 + [(1, 1)] * 900, all_pairs=100_000)
    assert 0.0009 < model.match_rate < 0.0011


def test_values_one_edit_apart_share_a_deletion_key() -> None:
    assert set(deletion_keys("P1234567", "d:")) & set(deletion_keys("P1284567", "d:"))
    assert set(deletion_keys("P1234567", "d:")) & set(deletion_keys("P123567", "d:"))


def test_oversized_blocks_are_skipped() -> None:
    keys = [["big", f"own{i % 2}"] for i in range(6)]
    assert candidate_pairs(keys, limits={"big": 5}) == [
        (0, 2),
        (0, 4),
        (1, 3),
        (1, 5),
        (2, 4),
        (3, 5),
    ]


def test_a_common_name_is_weaker_evidence_than_a_rare_one() -> None:
    rows = [
        {"record_id": str(i), "source_state": "THA", "full_name": "Mohammad Khan"}
        for i in range(20)
    ] + [
        {"record_id": "r1", "source_state": "THA", "full_name": "Zabihullah Stanikzai"},
        {"record_id": "r2", "source_state": "IDN", "full_name": "Zabihullah Stanikzai"},
    ]
    persons = prepare_persons(rows)
    u = estimate_u(PERSON_COMPARISONS, [])
    model = train(PERSON_COMPARISONS, u, [], all_pairs=1)
    names = CommonNames(persons)
    common = names.penalty(persons[0], persons[1], compare_persons(persons[0], persons[1]), model)
    rare = names.penalty(persons[20], persons[21], compare_persons(persons[20], persons[21]), model)
    assert common < rare == 0.0
